// Electron main process: the boot sequence only. Everything testable lives in boot.ts and the
// modules it uses; server/ never imports electron.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, Menu, Notification, session, shell, Tray } from 'electron'
import { loadConfig } from '../server/config/load-config.ts'
import { startSlotline } from '../server/index.ts'
import { getBooking } from '../server/store/bookings-repo.ts'
import { bootApp } from './boot.ts'

const here = import.meta.dirname // out/main

/** A cloudflared shipped in the app's resources (electron-builder extraResources), if any. */
function bundledCloudflared(): string | null {
  const path = join(process.resourcesPath ?? '', 'cloudflared', process.platform === 'win32' ? 'cloudflared.exe' : 'cloudflared')
  return app.isPackaged && existsSync(path) ? path : null
}

const env = { ...process.env }
const bundled = bundledCloudflared()
if (bundled && !env.SLOTLINE_CLOUDFLARED_BIN) env.SLOTLINE_CLOUDFLARED_BIN = bundled
let googleAuthOrigin: string | null = null

void bootApp(
  { app, BrowserWindow, Tray, Menu, Notification, shell, dialog, session: () => session.defaultSession },
  {
    async start() {
      const config = loadConfig({ env, dataDir: app.getPath('userData'), tunnel: 'quick' })
      googleAuthOrigin = new URL(config.google.authUrl).origin
      return startSlotline(config, { uiDir: join(here, '../renderer') })
    },
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath: join(app.getAppPath(), 'resources', 'tray.png'),
    get externalOrigins() {
      return googleAuthOrigin ? [googleAuthOrigin] : []
    },
    bookingSummary: (slotline, bookingId) => getBooking(slotline.db, bookingId),
    onError: (message, error) => process.stderr.write(`${message}: ${(error as Error)?.message ?? String(error)}\n`),
  },
)
