import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { fakeGoogleEnv, type FakeGoogle } from './test-app.ts'

const CLI = fileURLToPath(new URL('../../server/cli.ts', import.meta.url))
export const PROCESS_TOKEN = 'process-test-control-token-0123456789'
export const PROCESS_SECRET = 'process-test-vapi-secret-0123456789abcdef'

export interface ServeProcess {
  child: ChildProcess
  control: string
  webhook: string
  /** A control API request with the token. */
  api: (path: string, init?: RequestInit) => Promise<Response>
  /** A webhook POST with the Vapi secret. */
  post: (body: unknown) => Promise<Response>
}

/** Starts `npm run serve`'s entry as a real child process against the fake Google; resolves once it printed its URLs. */
export function startServeProcess(google: FakeGoogle, dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', CLI], {
    env: {
      ...process.env,
      SLOTLINE_DATA_DIR: dataDir,
      SLOTLINE_WEBHOOK_PORT: '0',
      SLOTLINE_CONTROL_PORT: '0',
      SLOTLINE_CONTROL_TOKEN: PROCESS_TOKEN,
      SLOTLINE_VAPI_SECRET: PROCESS_SECRET,
      SLOTLINE_SECRET_STORE: 'file',
      ...fakeGoogleEnv(google),
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const control = out.match(/Window \(open in a browser\): (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1]
      const webhook = out.match(/Vapi webhook: +(\S+)/)?.[1]
      if (!control || !webhook) return
      const api = (path: string, init: RequestInit = {}) =>
        fetch(new URL(path, control), { ...init, headers: { authorization: `Bearer ${PROCESS_TOKEN}`, 'content-type': 'application/json', ...init.headers } })
      const post = (body: unknown) => fetch(webhook, { method: 'POST', headers: { 'x-vapi-secret': PROCESS_SECRET, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      resolve({ child, control, webhook, api, post })
    })
    child.stderr!.on('data', () => undefined)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
}

/** Connects the process's calendar through the fake Google's OAuth flow. */
export async function connectServeProcess(running: ServeProcess): Promise<void> {
  const { auth_url } = (await (await running.api('/api/calendar/connect', { method: 'POST' })).json()) as { auth_url: string }
  const consent = await fetch(auth_url, { redirect: 'manual' })
  const landing = await fetch(consent.headers.get('location')!)
  if (landing.status !== 200) throw new Error(`OAuth callback answered ${landing.status}`)
}

/** SIGKILLs (or SIGTERMs) the process and waits for it to exit. */
export function stopServeProcess(running: ServeProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null) return resolve(running.child.exitCode)
    running.child.once('exit', (code) => resolve(code))
    running.child.kill(signal)
  })
}
