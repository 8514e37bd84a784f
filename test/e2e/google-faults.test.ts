import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')
let seq = 0

async function call(t: TestApp, name: string, args: unknown, callId = 'call-faults') {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage(callId, [{ id: `tc-${++seq}`, name, args }]))).json())
  return entry!
}

const find = (t: TestApp) => call(t, 'find_available_times', { start_date: '2030-03-05', duration: 30 })
const freeBusyCalls = (t: TestApp) => t.google.count('POST', /\/freeBusy$/)

describe('Google faults: retries inside the budget, fail closed, never free by mistake', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW }, env: { SLOTLINE_TOOL_BUDGET_MS: '3000' } })
    await t.connect()
  })
  afterAll(async () => {
    await t?.close()
  })
  beforeEach(() => {
    t.google.clearFaults()
    t.google.resetRequests()
  })

  it('retries 403 rateLimitExceeded, 429 and 500, then answers', async () => {
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 403, reason: 'rateLimitExceeded' })
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 429 })
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 500 })
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: true })
    expect(freeBusyCalls(t)).toBe(4)
  })

  it('answers calendar_unavailable within the budget when Google stays down', async () => {
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 503, times: Infinity })
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: false, code: 'calendar_unavailable' })
    expect(freeBusyCalls(t)).toBeGreaterThan(1)
  })

  it('answers calendar_unavailable when a request hangs past the budget', async () => {
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 500, hang: true, times: Infinity })
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: false, code: 'calendar_unavailable' })
  })

  it('fails closed when freeBusy reports a conflict calendar in errors[]', async () => {
    t.google.addCalendar({ id: 'team@example.com', summary: 'Team', freeBusyError: 'notFound' })
    await t.api('/api/settings', { method: 'PUT', body: { calendar_ids: [t.google.accountEmail, 'team@example.com'] } })
    try {
      const entry = await find(t)
      expect(entry.result).toMatchObject({ ok: false, code: 'calendar_unavailable' })
      expect(entry.result).not.toHaveProperty('slots')
    } finally {
      await t.api('/api/settings', { method: 'PUT', body: { calendar_ids: ['primary'] } })
    }
  })

  it('fails closed on a 403 that is not a rate limit', async () => {
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 403, reason: 'forbidden' })
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: false, code: 'calendar_unavailable' })
    expect(freeBusyCalls(t)).toBe(1)
  })

  it('refreshes once on 401 and carries on', async () => {
    t.google.expireAccessTokens()
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: true })
    expect(t.google.count('POST', /\/token$/)).toBeGreaterThanOrEqual(1)
  })

  it('retries a tool call whose first attempt met Google down, under the same toolCallId', async () => {
    t.google.fail({ method: 'POST', path: /\/freeBusy$/, status: 503, times: Infinity })
    const message = toolCallsMessage('call-retry', [{ id: 'tc-retry', name: 'find_available_times', args: { start_date: '2030-03-05', duration: 30 } }])
    expect(decodeResults(await (await t.webhook(message)).json())[0]!.result).toMatchObject({ code: 'calendar_unavailable' })
    t.google.clearFaults()
    expect(decodeResults(await (await t.webhook(message)).json())[0]!.result).toMatchObject({ ok: true })
  })

  it('marks the integration disconnected on invalid_grant and answers not_connected', async () => {
    t.google.revokeRefreshTokens()
    t.google.expireAccessTokens()
    const entry = await find(t)
    expect(entry.result).toMatchObject({ ok: false, code: 'not_connected' })
    const status = (await (await t.api('/api/calendar/status')).json()) as { connected: boolean; google_error: string }
    expect(status.connected).toBe(false)
    expect(status.google_error).toMatch(/revoked or has expired/)
  })
})

describe('concurrent booking of one slot', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
    await t.connect()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('books exactly one of 50 simultaneous calls; the 49 others get slot_unavailable with alternatives', async () => {
    const start = '2030-03-06T10:00:00-05:00'
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(t, 'schedule_meeting', { title: `Call ${i}`, start_time: start, duration: 30, attendee_email: `caller${i}@example.com`, description: 'x' }, `call-race-${i}`),
      ),
    )
    const booked = answers.filter((entry) => entry.result?.ok === true)
    const refused = answers.filter((entry) => entry.result?.code === 'slot_unavailable')
    expect(booked).toHaveLength(1)
    expect(refused).toHaveLength(49)
    for (const entry of refused) expect((entry.result!.slots as unknown[]).length).toBeGreaterThan(0)
    const events = t.google.events(t.google.accountEmail).filter((event) => event.start?.dateTime && Date.parse(event.start.dateTime) === Date.parse(start))
    expect(events).toHaveLength(1)
    const { bookings } = (await (await t.api('/api/bookings')).json()) as { bookings: { status: string }[] }
    expect(bookings.filter((booking) => booking.status === 'confirmed')).toHaveLength(1)
  })
})
