import type { BrowserWindowConstructorOptions, Session, Shell } from 'electron'

/** The window's CSP (the same the control listener sends), enforced again by header. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

/** BrowserWindow options with Electron's security checklist applied: isolated, sandboxed, no Node. */
export function secureWindowOptions(options: { preload: string; additionalArguments: string[]; icon?: string }): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Slotline',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      additionalArguments: options.additionalArguments,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/**
 * Opens `url` in the system browser only if it is https, or on one of `allowedOrigins` (the Google
 * sign-in endpoint, which tests may point at loopback). Returns whether it was opened.
 */
export function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: string, allowedOrigins: readonly string[] = []): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  if (parsed.protocol !== 'https:' && !allowedOrigins.includes(parsed.origin)) return false
  void shell.openExternal(parsed.href).catch(() => undefined)
  return true
}

/** The parts of a window's webContents that navigation guarding uses. */
export interface NavigationTarget {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  on(event: 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * Keeps the window on `allowedOrigin`: other navigations are cancelled and handed to `external`
 * (which opens safe links in the browser), and every new window is denied the same way.
 */
export function guardNavigation(
  webContents: NavigationTarget,
  allowedOrigin: string,
  external: (url: string) => void,
): void {
  const sameOrigin = (url: string): boolean => {
    try {
      return new URL(url).origin === allowedOrigin
    } catch {
      return false
    }
  }
  webContents.on('will-navigate', (event, url) => {
    if (sameOrigin(url)) return
    event.preventDefault()
    external(url)
  })
  webContents.on('will-redirect', (event, url) => {
    if (!sameOrigin(url)) event.preventDefault()
  })
  webContents.setWindowOpenHandler(({ url }) => {
    external(url)
    return { action: 'deny' }
  })
}

/** The parts of Electron's Session that hardening uses. */
export type SessionApi = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>
}

/** Denies every permission request and check, and adds the CSP header to every response. */
export function hardenSession(session: SessionApi): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'))
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}
