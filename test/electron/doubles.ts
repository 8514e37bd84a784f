// Hand-written stand-ins for the Electron objects the boot sequence touches (no Electron binary).
import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, NotificationConstructorOptions, Session } from 'electron'
import type { ElectronApi } from '../../electron/boot.ts'

export type Handler = (...args: never[]) => unknown

/** An event whose preventDefault is observable. */
export function fakeEvent(): { preventDefault(): void; defaultPrevented: boolean } {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) }
  return event
}

export class FakeWebContents {
  readonly handlers = new Map<string, Handler>()
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  on(event: string, listener: Handler): this {
    this.handlers.set(event, listener)
    return this
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler
  }
  /** Simulates a navigation; returns whether it was allowed. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = fakeEvent()
    ;(this.handlers.get(kind) as ((e: typeof event, url: string) => void) | undefined)?.(event, url)
    return !event.defaultPrevented
  }
}

export class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = []
  readonly webContents = new FakeWebContents()
  loaded: string | null = null
  visible = false
  focused = 0
  readonly options: BrowserWindowConstructorOptions
  constructor(options: BrowserWindowConstructorOptions) {
    super()
    this.options = options
    FakeWindow.created.push(this)
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url
  }
  show(): void {
    this.visible = true
  }
  hide(): void {
    this.visible = false
  }
  focus(): void {
    this.focused++
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  isDestroyed(): boolean {
    return false
  }
}

export class FakeTray {
  static created: FakeTray[] = []
  tooltip = ''
  menu: MenuItemConstructorOptions[] = []
  destroyed = false
  readonly clicks: Array<() => void> = []
  readonly image: string
  constructor(image: string) {
    this.image = image
    FakeTray.created.push(this)
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu as MenuItemConstructorOptions[]
  }
  on(_event: 'click', listener: () => void): this {
    this.clicks.push(listener)
    return this
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class FakeNotification {
  static shown: NotificationConstructorOptions[] = []
  static supported = true
  readonly options: NotificationConstructorOptions
  constructor(options: NotificationConstructorOptions) {
    this.options = options
  }
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  show(): void {
    FakeNotification.shown.push(this.options)
  }
}

export class FakeApp extends EventEmitter {
  lock = true
  quitCalls = 0
  exitCodes: number[] = []
  openAtLogin = false
  requestSingleInstanceLock(): boolean {
    return this.lock
  }
  async whenReady(): Promise<void> {}
  quit(): void {
    this.quitCalls++
    const event = fakeEvent()
    this.emit('before-quit', event)
  }
  exit(code = 0): void {
    this.exitCodes.push(code)
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.openAtLogin }
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.openAtLogin = settings.openAtLogin
  }
}

export class FakeSession {
  permissionRequest: Parameters<Session['setPermissionRequestHandler']>[0] = null
  permissionCheck: Parameters<Session['setPermissionCheckHandler']>[0] = null
  headers: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null
  readonly webRequest = {
    onHeadersReceived: (...args: unknown[]) => void (this.headers = args[args.length - 1] as FakeSession['headers']),
  }
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler
  }
}

export class FakeShell {
  readonly opened: string[] = []
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  }
}

/** A full set of doubles, typed as the boot sequence's ElectronApi. */
export function fakeElectron() {
  FakeWindow.created = []
  FakeTray.created = []
  FakeNotification.shown = []
  FakeNotification.supported = true
  const app = new FakeApp()
  const shell = new FakeShell()
  const session = new FakeSession()
  const errors: string[] = []
  const api: ElectronApi = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
    Notification: FakeNotification,
    shell,
    dialog: { showErrorBox: (title: string, content: string) => void errors.push(`${title}: ${content}`) },
    session: () => session,
  }
  return { api, app, shell, session, errors }
}
