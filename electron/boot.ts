import type { BrowserWindowConstructorOptions, NotificationConstructorOptions } from 'electron'
import { controlArguments } from './control-args.ts'
import { notifyBooking, type BookingEvent, type BookingSummary } from './notify-booking.ts'
import { createTray, type MenuApi, type TrayCtor, type TrayStatus } from './tray.ts'
import { guardNavigation, hardenSession, openExternalSafely, secureWindowOptions, type NavigationTarget, type SessionApi } from './window-security.ts'

/** The live event bus (server/events.ts LiveBus), as far as notifications need it. */
interface BookingBus {
  on(event: 'booking', listener: (event: BookingEvent) => void): unknown
}

/** The parts of Electron's `app` the boot sequence uses. */
export interface AppApi {
  requestSingleInstanceLock(): boolean
  whenReady(): Promise<unknown>
  quit(): void
  exit(code?: number): void
  on(event: 'second-instance', listener: () => void): unknown
  on(event: 'activate', listener: () => void): unknown
  on(event: 'window-all-closed', listener: () => void): unknown
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  getLoginItemSettings(): { openAtLogin: boolean }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void
}

/** The parts of a BrowserWindow the boot sequence uses. */
export interface WindowApi {
  webContents: NavigationTarget
  loadURL(url: string): Promise<void>
  once(event: 'ready-to-show', listener: () => void): unknown
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  show(): void
  hide(): void
  focus(): void
  isMinimized(): boolean
  restore(): void
  isDestroyed(): boolean
}

/** Electron's modules as the boot sequence needs them (real ones in main.ts, doubles in tests). */
export interface ElectronApi {
  app: AppApi
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowApi
  Tray: TrayCtor
  Menu: MenuApi
  Notification: { new (options: NotificationConstructorOptions): { show(): void }; isSupported(): boolean }
  shell: { openExternal(url: string): Promise<void> }
  dialog: { showErrorBox(title: string, content: string): void }
  session(): SessionApi
}

/** What `startSlotline` returns, as far as the desktop shell cares. */
export interface SlotlineHandle {
  controlUrl: string
  controlToken: string
  bus: BookingBus
  stop(): Promise<void>
  /** The tunnel supervisor, once server/index.ts exposes it: the tray shows its state. */
  tunnel?: { state(): TrayStatus; on(event: 'change', listener: (state: TrayStatus) => void): unknown }
}

export interface BootDeps<H extends SlotlineHandle> {
  /** Loads the config and starts the server (the only place that may throw a ConfigError). */
  start(): Promise<H>
  preloadPath: string
  iconPath: string
  /** Non-https origins the system browser may open (a loopback Google sign-in override in tests). */
  externalOrigins: readonly string[]
  bookingSummary(slotline: H, bookingId: string): BookingSummary | undefined
  onError?(message: string, error: unknown): void
}

export interface BootedApp<H> {
  slotline: H
  window: WindowApi
  /** Resolves once a quit has stopped the server and exited the app. */
  stopped(): Promise<void>
}

/**
 * The desktop boot sequence: single-instance lock, start the server, harden the session, open one
 * window on the control URL (token via preload args), tray, booking notifications, clean quit.
 * Resolves null when another instance owns the lock or the server could not start.
 */
export async function bootApp<H extends SlotlineHandle>(electron: ElectronApi, deps: BootDeps<H>): Promise<BootedApp<H> | null> {
  const { app } = electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  let window: WindowApi | null = null
  const showWindow = (): void => {
    if (!window || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }
  app.on('second-instance', showWindow)
  app.on('activate', showWindow)
  app.on('window-all-closed', () => undefined) // keep serving from the tray
  await app.whenReady()

  let slotline: H
  try {
    slotline = await deps.start()
  } catch (error) {
    electron.dialog.showErrorBox('Slotline could not start', (error as Error).message)
    app.exit(1)
    return null
  }
  hardenSession(electron.session())
  window = openWindow(electron, deps, slotline, () => quitting)
  const tray = createTray(electron.Tray, electron.Menu, deps.iconPath, {
    open: showWindow,
    quit: () => app.quit(),
    openAtLogin: { get: () => app.getLoginItemSettings().openAtLogin, set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }) },
  })
  if (slotline.tunnel) {
    tray.update(slotline.tunnel.state())
    slotline.tunnel.on('change', (state) => tray.update(state))
  }
  slotline.bus.on('booking', (event) => {
    notifyBooking(electron.Notification, event, deps.bookingSummary(slotline, event.bookingId))
  })

  let quitting = false
  let stopping: Promise<void> | null = null
  let resolveStopped: () => void = () => undefined
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve))
  app.on('before-quit', (event) => {
    quitting = true
    event.preventDefault()
    stopping ??= slotline
      .stop()
      .catch((error: unknown) => deps.onError?.('Slotline did not stop cleanly', error))
      .finally(() => {
        tray.destroy()
        app.exit(0)
        resolveStopped()
      })
  })
  return { slotline, window, stopped: () => stopped }
}

function openWindow<H extends SlotlineHandle>(electron: ElectronApi, deps: BootDeps<H>, slotline: H, quitting: () => boolean): WindowApi {
  const window = new electron.BrowserWindow(
    secureWindowOptions({
      preload: deps.preloadPath,
      additionalArguments: controlArguments({ controlUrl: slotline.controlUrl, controlToken: slotline.controlToken }),
      icon: deps.iconPath,
    }),
  )
  guardNavigation(window.webContents, new URL(slotline.controlUrl).origin, (url) => {
    openExternalSafely(electron.shell, url, deps.externalOrigins)
  })
  window.once('ready-to-show', () => window.show())
  window.on('close', (event) => {
    if (quitting()) return
    event.preventDefault()
    window.hide()
  })
  void window.loadURL(slotline.controlUrl).catch((error: unknown) => deps.onError?.('the window could not load the UI', error))
  return window
}
