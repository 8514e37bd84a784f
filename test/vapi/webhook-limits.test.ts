import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, VAPI_SECRET, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const status = { message: { type: 'status-update', status: 'in-progress', call: { id: 'call-limits' } } }

describe('webhook limits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('refuses JSON nested deeper than 64 levels with 400', async () => {
    const deep = `{"message":{"type":"status-update","x":${'['.repeat(5000)}${']'.repeat(5000)}}}`
    const response = await t.webhook(deep)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'The JSON is nested more than 64 levels deep.' })
    const fine = `{"message":{"type":"status-update","x":${'['.repeat(40)}${']'.repeat(40)}}}`
    expect((await t.webhook(fine)).status).toBe(200)
  })

  it('locks out a client after 30 failed authentications in a minute, counted per CF-Connecting-IP behind the tunnel', async () => {
    const attacker = { 'cf-connecting-ip': '203.0.113.7' }
    for (let i = 0; i < 30; i++) expect((await t.webhook(status, { ...attacker, 'x-vapi-secret': `guess-${i}` })).status).toBe(401)
    expect((await t.webhook(status, { ...attacker, 'x-vapi-secret': 'guess-31' })).status).toBe(429)
    expect((await t.webhook(status, { ...attacker, 'x-vapi-secret': VAPI_SECRET })).status).toBe(429)
    // Vapi's own traffic, from another address, is not affected.
    expect((await t.webhook(status, { 'cf-connecting-ip': '198.51.100.1', 'x-vapi-secret': VAPI_SECRET })).status).toBe(200)
  })

  it('answers past the running-calls cap with calendar_unavailable, without running the function', async () => {
    const capped = await startTestApp({ start: { maxRunningToolCalls: 0 } })
    try {
      const [entry] = decodeResults(await (await capped.webhook(toolCallsMessage('call-cap', [{ id: 'tc-cap', name: 'get_next_available', args: { duration: 30 } }]))).json())
      expect(entry!.result).toMatchObject({ ok: false, code: 'calendar_unavailable', message: expect.stringContaining('a lot of requests') })
    } finally {
      await capped.close()
    }
  })

  it('drops a slow body (slowloris) instead of waiting for it forever', async () => {
    const slow = await startTestApp({ start: { requestTimeoutMs: 1_000 } })
    try {
      const url = new URL(slow.app.webhookUrl)
      const closed = await new Promise<string>((resolve) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'x-vapi-secret': VAPI_SECRET, 'content-type': 'application/json', 'content-length': '1000' } })
        req.on('response', (response) => resolve(`status ${response.statusCode}`))
        req.on('error', () => resolve('closed'))
        req.write('{"message":')
      })
      expect(closed).toMatch(/^(status 408|closed)$/)
    } finally {
      await slow.close()
    }
  })
})
