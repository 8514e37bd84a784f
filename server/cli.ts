import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ConfigError } from './config/parse-config.ts'
import { loadConfig } from './config/load-config.ts'
import { SecretStoreError } from './auth/secret-store.ts'
import { startSlotline } from './index.ts'

/** `npm run serve`: Slotline without a window, until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig({ env: process.env, tunnel: 'off' })
  const uiDir = fileURLToPath(new URL('../out/renderer', import.meta.url))
  const app = await startSlotline(config, { uiDir, onAuthUrl: openInBrowser })
  const say = (line: string) => process.stdout.write(`${line}\n`)
  say('Slotline is running.')
  say(`  Window (open in a browser): ${app.controlUrl}#token=${app.controlToken}`)
  say(`  Control API:                ${app.controlUrl}api/  (Authorization: Bearer ${app.controlToken})`)
  say(`  Vapi webhook:               ${app.webhookUrl}`)
  say(`  Data:                       ${config.dataDir}`)
  if (!config.vapi.secret) say('  Note: SLOTLINE_VAPI_SECRET is not set, so every webhook call is refused with 401.')
  if (!config.google.clientId) say('  Note: SLOTLINE_GOOGLE_CLIENT_ID is not set: Google Calendar needs a "Desktop app" client (README), or add a CalDAV account in the window instead.')
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    say(`${signal}: finishing running calls and stopping…`)
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${(error as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** Prints the Google sign-in URL and opens it with the desktop's browser where there is one. */
function openInBrowser(url: string): void {
  process.stdout.write(`Open this link to connect Google Calendar:\n  ${url}\n`)
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return
  const child = spawn(command, [url], { stdio: 'ignore', detached: true })
  child.on('error', () => undefined)
  child.unref()
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SecretStoreError) {
    process.stderr.write(`Slotline cannot start. ${error.message}\n`)
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`Slotline cannot start: ${(error as Error).message}. Is another Slotline running? Set SLOTLINE_WEBHOOK_PORT / SLOTLINE_CONTROL_PORT to use other ports.\n`)
  } else {
    process.stderr.write(`Slotline cannot start: ${(error as Error).message}\n`)
  }
  process.exit(1)
})
