import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, VAPI_SECRET, type TestApp } from '../helpers/test-app.ts'

/** A raw request, so the Host and Origin headers are exactly what the test says. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('control API: token, Host, Origin, no CORS, single-use OAuth state', () => {
  let t: TestApp
  let auth: Record<string, string>
  let host: string
  beforeAll(async () => {
    t = await startTestApp()
    auth = { authorization: `Bearer ${t.app.controlToken}` }
    host = new URL(t.app.controlUrl).host
  })
  afterAll(async () => {
    await t?.close()
  })

  it('needs the token on every /api route; the UI and the OAuth callback need none', async () => {
    for (const path of ['/api/calendar/status', '/api/settings', '/api/calls', '/api/bookings', '/api/calendar/vapi-functions', '/api/insights', '/api/events']) {
      expect((await raw(t.app.controlUrl + path.slice(1), { headers: { host } })).status, path).toBe(401)
      expect((await raw(t.app.controlUrl + path.slice(1), { headers: { host, authorization: 'Bearer wrong' } })).status, path).toBe(401)
    }
    expect((await raw(`${t.app.controlUrl}oauth/google/callback?state=x&code=y`, { headers: { host } })).status).toBe(400)
    expect((await raw(t.app.controlUrl, { headers: { host } })).status).not.toBe(401)
  })

  it('refuses a Host that is not this loopback listener (DNS rebinding)', async () => {
    for (const bad of ['evil.example:8788', `attacker.test:${new URL(t.app.controlUrl).port}`, '127.0.0.1:1', `127.0.0.1.nip.io:${new URL(t.app.controlUrl).port}`]) {
      const response = await raw(`${t.app.controlUrl}api/calendar/status`, { headers: { host: bad, ...auth } })
      expect(response.status, bad).toBe(403)
    }
    expect((await raw(`${t.app.controlUrl}api/calendar/status`, { headers: { host: host.replace('127.0.0.1', 'localhost'), ...auth } })).status).toBe(200)
  })

  it('refuses state-changing requests from a foreign Origin, and never sends CORS headers', async () => {
    const put = await raw(`${t.app.controlUrl}api/settings`, { method: 'PUT', headers: { host, origin: 'https://evil.example', 'content-type': 'application/json', ...auth }, body: '{"slot_step":15}' })
    expect(put.status).toBe(403)
    const preflight = await raw(`${t.app.controlUrl}api/settings`, { method: 'OPTIONS', headers: { host, origin: 'https://evil.example', 'access-control-request-method': 'PUT' } })
    const same = await raw(`${t.app.controlUrl}api/settings`, { method: 'PUT', headers: { host, origin: `http://${host}`, 'content-type': 'application/json', ...auth }, body: '{"slot_step":15}' })
    expect(same.status).toBe(200)
    for (const response of [put, preflight, same]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    }
  })

  it('accepts only the OAuth state it issued, once', async () => {
    const { auth_url } = (await (await t.api('/api/calendar/connect', { method: 'POST' })).json()) as { auth_url: string }
    const consent = await fetch(auth_url, { redirect: 'manual' })
    const callback = consent.headers.get('location')!
    const forged = new URL(callback)
    forged.searchParams.set('state', 'forged-state')
    expect((await fetch(forged)).status).toBe(400)
    expect((await fetch(callback)).status).toBe(200)
    const replay = await fetch(callback)
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('unknown, used or expired')
  })

  it('lets the window set or generate the webhook secret, refusing a weak one', async () => {
    const open = await startTestApp({ env: { SLOTLINE_VAPI_SECRET: '' } })
    try {
      const weak = await open.api('/api/vapi/secret', { method: 'PUT', body: { secret: 'short' } })
      expect(weak.status).toBe(400)
      expect(await weak.json()).toMatchObject({ key: 'secret' })
      const { secret } = (await (await open.api('/api/vapi/secret', { method: 'PUT', body: {} })).json()) as { secret: string }
      expect(secret.length).toBeGreaterThanOrEqual(32)
      const status = { message: { type: 'status-update', call: { id: 'c1' } } }
      expect((await open.webhook(status, { 'x-vapi-secret': secret })).status).toBe(200)
      expect(await (await open.api('/api/calendar/status')).json()).toMatchObject({ vapi_secret_set: true })
    } finally {
      await open.close()
    }
    // Set by the environment: the window cannot change it.
    expect((await t.api('/api/vapi/secret', { method: 'PUT', body: {} })).status).toBe(409)
    expect(VAPI_SECRET.length).toBeGreaterThanOrEqual(32)
  })
})

describe('a page on another origin, in chromium, cannot use the control API', () => {
  let t: TestApp
  let evil: Server
  let browser: Browser
  beforeAll(async () => {
    t = await startTestApp()
    const target = t.app.controlUrl
    evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end(`<!doctype html><script>
        const target = ${JSON.stringify(target)};
        const results = {};
        async function attempt(name, run) { try { const r = await run(); results[name] = 'status ' + r.status + ' ' + (await r.text()).slice(0, 80) } catch (e) { results[name] = 'blocked: ' + e.name } }
        (async () => {
          await attempt('read', () => fetch(target + 'api/calendar/status'));
          await attempt('write', () => fetch(target + 'api/settings', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{"slot_step":5}' }));
          await attempt('connect', () => fetch(target + 'api/calendar/connect', { method: 'POST', mode: 'no-cors' }));
          window.done = results;
        })();
      </script>`)
    })
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.2', resolve))
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] })
  })
  afterAll(async () => {
    await browser?.close()
    evil?.close()
    await t?.close()
  })

  it('reads nothing and changes nothing', async () => {
    const before = (await (await t.api('/api/settings')).json()) as { slot_step: number }
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.2:${(evil.address() as AddressInfo).port}/`)
    const results = (await page.waitForFunction(() => (globalThis as unknown as { done?: Record<string, string> }).done, undefined, { timeout: 30_000 }).then((handle) => handle.jsonValue())) as Record<string, string>
    expect(results.read).toMatch(/^blocked/)
    expect(results.write).toMatch(/^blocked/)
    const after = (await (await t.api('/api/settings')).json()) as { slot_step: number }
    expect(after.slot_step).toBe(before.slot_step)
    const { calls } = (await (await t.api('/api/calls')).json()) as { calls: unknown[] }
    expect(calls).toEqual([])
    await page.close()
  })
})
