// The window's security wiring, exercised through hand-written Electron doubles.
import { describe, expect, it } from 'vitest'
import { controlArguments, parseControlArguments } from '../../electron/control-args.ts'
import { CONTENT_SECURITY_POLICY, guardNavigation, hardenSession, openExternalSafely, secureWindowOptions } from '../../electron/window-security.ts'
import { FakeSession, FakeShell, FakeWebContents } from './doubles.ts'

describe('secureWindowOptions', () => {
  it('isolates, sandboxes and keeps Node out of the page; the token travels as a preload argument', () => {
    const args = controlArguments({ controlUrl: 'http://127.0.0.1:8788/', controlToken: 'tok-123' })
    const options = secureWindowOptions({ preload: '/app/out/preload/index.cjs', additionalArguments: args })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      additionalArguments: ['--slotline-control-url=http://127.0.0.1:8788/', '--slotline-control-token=tok-123'],
    })
  })

  it('the preload reads the same values back from argv', () => {
    const argv = ['/opt/Slotline/slotline', '--type=renderer', ...controlArguments({ controlUrl: 'http://127.0.0.1:9/', controlToken: 'a=b&c' })]
    expect(parseControlArguments(argv)).toEqual({ controlUrl: 'http://127.0.0.1:9/', controlToken: 'a=b&c' })
    expect(parseControlArguments(['x'])).toEqual({ controlUrl: '', controlToken: '' })
  })
})

describe('openExternalSafely', () => {
  it('opens https links and the allowed sign-in origin, nothing else', () => {
    const shell = new FakeShell()
    const allowed = ['http://127.0.0.1:5555']
    expect(openExternalSafely(shell, 'https://accounts.google.com/o/oauth2/v2/auth?client_id=x', allowed)).toBe(true)
    expect(openExternalSafely(shell, 'https://dashboard.vapi.ai/', allowed)).toBe(true)
    expect(openExternalSafely(shell, 'http://127.0.0.1:5555/auth?x=1', allowed)).toBe(true)
    for (const bad of ['http://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'not a url', 'https://user:pw@example.com/', 'http://127.0.0.1:5556/']) {
      expect(openExternalSafely(shell, bad, allowed), bad).toBe(false)
    }
    expect(shell.opened).toEqual(['https://accounts.google.com/o/oauth2/v2/auth?client_id=x', 'https://dashboard.vapi.ai/', 'http://127.0.0.1:5555/auth?x=1'])
  })
})

describe('guardNavigation', () => {
  it('allows same-origin navigation, cancels the rest and hands it to the browser; denies new windows', () => {
    const contents = new FakeWebContents()
    const external: string[] = []
    guardNavigation(contents, 'http://127.0.0.1:8788', (url) => external.push(url))
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:8788/settings')).toBe(true)
    expect(contents.navigate('will-navigate', 'https://accounts.google.com/o/oauth2/v2/auth')).toBe(false)
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:8787/vapi/webhook')).toBe(false)
    expect(contents.navigate('will-redirect', 'https://elsewhere.example/')).toBe(false)
    expect(contents.openHandler?.({ url: 'https://docs.vapi.ai/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'http://127.0.0.1:8788/popup' })).toEqual({ action: 'deny' })
    expect(external).toEqual(['https://accounts.google.com/o/oauth2/v2/auth', 'http://127.0.0.1:8787/vapi/webhook', 'https://docs.vapi.ai/', 'http://127.0.0.1:8788/popup'])
  })
})

describe('hardenSession', () => {
  it('denies every permission and replaces any CSP header with the strict one', () => {
    const session = new FakeSession()
    hardenSession(session)
    const granted: boolean[] = []
    session.permissionRequest?.({} as never, 'media', (ok) => granted.push(ok), {} as never)
    session.permissionRequest?.({} as never, 'notifications', (ok) => granted.push(ok), {} as never)
    expect(granted).toEqual([false, false])
    expect(session.permissionCheck?.(null, 'clipboard-read', 'http://127.0.0.1:8788', {} as never)).toBe(false)

    let headers: Record<string, string[]> | undefined
    session.headers?.({ responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] } }, (r) => (headers = r.responseHeaders))
    expect(headers).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
  })
})
