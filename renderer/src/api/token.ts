const KEY = 'slotline.controlToken'

/**
 * The control API's bearer token: from the Electron preload, else from the `#token=` fragment
 * (kept in sessionStorage and removed from the address bar), else from an earlier load of this tab.
 */
export function readToken(): string | null {
  const bridged = window.slotline?.controlToken
  if (bridged) return bridged
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(KEY, decodeURIComponent(match[1]))
    window.history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return sessionStorage.getItem(KEY)
}

/** Where the control API lives: same origin in a browser, the preload's URL in Electron. */
export function apiBase(): string {
  const url = window.slotline?.controlUrl
  return url ? url.replace(/\/$/, '') : ''
}
