import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, VAPI_SECRET, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')
const status = { message: { type: 'status-update', status: 'in-progress', call: { id: 'call-status-1', type: 'inboundPhoneCall' }, customer: { number: '+14155550123' } } }

function signed(body: string, timestamp: string, secret = VAPI_SECRET): Record<string, string> {
  return { 'x-timestamp': timestamp, 'x-signature': createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex') }
}

describe('webhook', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers /healthz without auth', async () => {
    const response = await fetch(new URL('/healthz', t.app.webhookUrl))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
  })

  describe('authentication', () => {
    it('accepts X-Vapi-Secret and Authorization: Bearer', async () => {
      expect((await t.webhook(status, { 'x-vapi-secret': VAPI_SECRET })).status).toBe(200)
      expect((await t.webhook(status, { authorization: `Bearer ${VAPI_SECRET}` })).status).toBe(200)
    })

    it("accepts Vapi's HMAC credential with a fresh timestamp, in seconds or milliseconds", async () => {
      const body = JSON.stringify(status)
      expect((await t.webhook(body, signed(body, String(NOW)))).status).toBe(200)
      expect((await t.webhook(body, signed(body, String(Math.floor(NOW / 1000))))).status).toBe(200)
      const prefixed = signed(body, String(NOW))
      expect((await t.webhook(body, { ...prefixed, 'x-signature': `sha256=${prefixed['x-signature']}` })).status).toBe(200)
    })

    it('refuses anything else with 401 and no detail', async () => {
      const body = JSON.stringify(status)
      const cases: Record<string, string>[] = [
        {},
        { 'x-vapi-secret': 'wrong' },
        { authorization: 'Bearer wrong' },
        { authorization: VAPI_SECRET },
        signed(body, String(NOW), 'other-secret'),
        signed(body, String(NOW - 6 * 60_000)),
        signed(`${body} `, String(NOW)),
      ]
      for (const headers of cases) {
        const response = await t.webhook(body, headers)
        expect(response.status, JSON.stringify(headers)).toBe(401)
        expect(await response.json()).toEqual({ error: 'Unauthorized' })
      }
    })

    it('refuses every call while no secret is configured', async () => {
      const open = await startTestApp({ env: { SLOTLINE_VAPI_SECRET: '' } })
      try {
        expect((await open.webhook(status, { 'x-vapi-secret': '' })).status).toBe(401)
        expect((await open.webhook(status, {})).status).toBe(401)
      } finally {
        await open.close()
      }
    })
  })

  describe('bad bodies', () => {
    it('answers 400 with a JSON error for malformed JSON and non-messages', async () => {
      for (const body of ['{not json', '', '[]', '{"message": 5}', '{"message": {"kind": "tool-calls"}}', '"tool-calls"']) {
        const response = await t.webhook(body)
        expect(response.status, body).toBe(400)
        const answer = (await response.json()) as { error: string }
        expect(answer.error).toEqual(expect.any(String))
        expect(answer.error).not.toMatch(/at .*\.ts:\d+/)
      }
    })

    it('answers 413 for a body over the cap', async () => {
      const response = await t.webhook(`{"message":{"type":"x","pad":"${'a'.repeat(6 * 1024 * 1024)}"}}`)
      expect(response.status).toBe(413)
    })

    it('answers unknown message types with 200 {}', async () => {
      const response = await t.webhook({ message: { type: 'speech-update', status: 'started' } })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({})
    })
  })

  describe('tool calls', () => {
    it('answers several calls in order, each with its id and name, including a broken one', async () => {
      const response = await t.webhook(
        toolCallsMessage('call-multi', [
          { id: 'tc-a', name: 'find_available_times', args: { start_date: 'someday', duration: 30 } },
          { id: 'tc-b', name: 'no_such_function', args: {} },
          { id: 'tc-c', name: 'get_next_available', args: '{"duration": "thirty"}' },
          { id: 'tc-d', name: 'find_available_times', args: '{broken json' },
        ]),
      )
      expect(response.status).toBe(200)
      const results = decodeResults(await response.json())
      expect(results.map((r) => r.toolCallId)).toEqual(['tc-a', 'tc-b', 'tc-c', 'tc-d'])
      expect(results[0]!.result).toMatchObject({ ok: false, code: 'invalid_argument' })
      expect(results[1]).toMatchObject({ name: 'no_such_function', error: expect.stringContaining('Unknown function') })
      expect(results[2]!.result).toMatchObject({ ok: false, code: 'invalid_argument', message: 'The meeting length must be a number of minutes.' })
      expect(results[3]).toMatchObject({ error: 'The function arguments are not valid JSON.' })
      for (const entry of (await (await t.webhook(toolCallsMessage('call-multi', [{ id: 'tc-a', name: 'find_available_times', args: {} }]))).json() as { results: { result: string }[] }).results) {
        expect(entry.result).not.toContain('\n')
      }
    })

    it("reads the docs' shape: toolCallList with name and parameters at the top level", async () => {
      const body = {
        message: {
          type: 'tool-calls',
          toolCallList: [{ id: 'abc123', name: 'get_next_available', parameters: { duration: 'x' } }],
          toolWithToolCallList: [{ name: 'get_next_available', toolCall: { id: 'abc123', parameters: { duration: 'x' } } }],
          call: { id: 'call-docs-shape' },
        },
      }
      const [entry] = decodeResults(await (await t.webhook(body)).json())
      expect(entry).toMatchObject({ toolCallId: 'abc123', name: 'get_next_available', result: { ok: false, code: 'invalid_argument' } })
    })

    it('answers a calendar that is not connected with not_connected, as HTTP 200', async () => {
      const response = await t.webhook(toolCallsMessage('call-nc', [{ id: 'tc-nc', name: 'get_next_available', args: { duration: 30 } }]))
      expect(response.status).toBe(200)
      const [entry] = decodeResults(await response.json())
      expect(entry!.result).toMatchObject({ ok: false, code: 'not_connected' })
    })

    it('answers the legacy function-call with {result}', async () => {
      const response = await t.webhook({ message: { type: 'function-call', call: { id: 'call-legacy' }, functionCall: { name: 'get_next_available', parameters: '{"duration": 30}' } } })
      const body = (await response.json()) as { result: string }
      expect(JSON.parse(body.result)).toMatchObject({ ok: false, code: 'not_connected' })
    })
  })

  it('stores status updates in the call log', async () => {
    await t.webhook(status)
    const call = (await (await t.api('/api/calls/call-status-1')).json()) as { status: string; customer_number: string }
    expect(call).toMatchObject({ status: 'in-progress', customer_number: '+14155550123' })
  })
})
