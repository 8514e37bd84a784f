import type { MenuItemConstructorOptions } from 'electron'

/** What the tray shows and does. */
export interface TrayActions {
  open(): void
  quit(): void
  openAtLogin: { get(): boolean; set(enabled: boolean): void }
}

/** The tunnel as the tray describes it (`server/tunnel` TunnelState, structurally). */
export interface TrayStatus {
  state: string
  url: string | null
  error: string | null
}

/** The parts of Electron's Tray and Menu used here (the menu object is passed through untouched). */
export interface TrayApi {
  setToolTip(text: string): void
  setContextMenu(menu: unknown): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}
export type TrayCtor = new (image: string) => TrayApi
export interface MenuApi {
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown
}

/** One line for the tray's status item and tooltip. */
export function describeStatus(status: TrayStatus | null): string {
  if (!status) return 'Slotline is running'
  switch (status.state) {
    case 'up':
      return status.url ? `Reachable at ${new URL(status.url).host}` : 'Tunnel connected'
    case 'starting':
      return 'Connecting the tunnel…'
    case 'down':
      return 'Tunnel down, retrying'
    case 'not_installed':
      return 'cloudflared not installed'
    default:
      return 'Tunnel off (local only)'
  }
}

/** The tray menu: status (disabled), Open, Open at login (checkbox), Quit. */
export function trayMenuTemplate(status: TrayStatus | null, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: describeStatus(status), enabled: false },
    { type: 'separator' },
    { label: 'Open Slotline', click: () => actions.open() },
    { label: 'Open at login', type: 'checkbox', checked: actions.openAtLogin.get(), click: (item) => actions.openAtLogin.set(item.checked) },
    { type: 'separator' },
    { label: 'Quit Slotline', click: () => actions.quit() },
  ]
}

/** Creates the tray icon; `update(status)` rebuilds its menu and tooltip. */
export function createTray(TrayClass: TrayCtor, MenuClass: MenuApi, iconPath: string, actions: TrayActions) {
  const tray = new TrayClass(iconPath)
  const update = (status: TrayStatus | null): void => {
    tray.setToolTip(`Slotline: ${describeStatus(status)}`)
    tray.setContextMenu(MenuClass.buildFromTemplate(trayMenuTemplate(status, actions)))
  }
  tray.on('click', () => actions.open())
  update(null)
  return { update, destroy: () => tray.destroy() }
}
