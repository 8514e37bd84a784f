import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeResults, endOfCallReport, toolCallsMessage } from '../helpers/vapi-messages.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'

// Monday 2030-03-04, 9:00 in New York (EST, UTC−5): a fixed "now" for the engine.
const NOW = Date.parse('2030-03-04T14:00:00Z')
const CALL_ID = '7e6d5c4b-0000-4000-8000-00000000e001'

describe('backbone: a Vapi tool call books a real Google Calendar event', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('connects Google through the whole OAuth flow (loopback + PKCE)', async () => {
    const before = await (await t.api('/api/calendar/status')).json()
    expect(before).toMatchObject({ connected: false, account: null })
    await t.connect()
    const after = (await (await t.api('/api/calendar/status')).json()) as { webhook_url: string }
    expect(after).toMatchObject({ connected: true, account: t.google.accountEmail, tunnel: { state: 'off' } })
    expect(after.webhook_url).toBe(t.app.webhookUrl)
  })

  it('saves the availability rules', async () => {
    const response = await t.api('/api/settings', {
      method: 'PUT',
      body: { time_zone: 'America/New_York', slot_step: 30, min_notice: 60, buffer_before: 0, buffer_after: 0 },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ time_zone: 'America/New_York', slot_step: 30 })
  })

  it('finds free times around a busy block, spoken in 12-hour words', async () => {
    t.google.addEvent(t.google.accountEmail, { start: '2030-03-05T10:00:00-05:00', end: '2030-03-05T11:00:00-05:00', summary: 'Busy' })
    const response = await t.webhook(
      toolCallsMessage(CALL_ID, [{ id: 'call_find_1', name: 'find_available_times', args: { start_date: '2030-03-05', duration: 30, max_results: 5 } }]),
    )
    expect(response.status).toBe(200)
    const [entry] = decodeResults(await response.json())
    expect(entry).toMatchObject({ toolCallId: 'call_find_1', name: 'find_available_times' })
    const result = entry!.result as { ok: boolean; message: string; slots: { start: string; end: string; spoken: string }[] }
    expect(result.ok).toBe(true)
    expect(result.slots.length).toBeGreaterThan(0)
    for (const slot of result.slots) {
      const start = Date.parse(slot.start)
      expect(start >= Date.parse('2030-03-05T11:00:00-05:00') || Date.parse(slot.end) <= Date.parse('2030-03-05T10:00:00-05:00')).toBe(true)
      expect(slot.start).toMatch(/-05:00$/)
      expect(slot.spoken).toMatch(/(AM|PM|noon) Eastern/)
    }
    expect(result.message).not.toMatch(/\b(1[3-9]|2[0-3]|0\d):[0-5]\d\b|T\d{2}:/)
    expect(result.message).toMatch(/^I have tomorrow at 9 AM, /)
  })

  it('books the meeting with an invitation, once, even when Vapi retries', async () => {
    const book = toolCallsMessage(CALL_ID, [
      {
        id: 'call_book_1',
        name: 'schedule_meeting',
        args: JSON.stringify({ title: 'Intro call', start_time: '2030-03-05T14:00:00-05:00', duration: '30', attendee_email: 'Sam@Example.com', attendee_name: 'Sam Ortiz', description: 'Discuss the project' }),
      },
    ])
    const [first] = decodeResults(await (await t.webhook(book)).json())
    expect(first!.result).toMatchObject({ ok: true, booking: { start: '2030-03-05T14:00:00-05:00', end: '2030-03-05T14:30:00-05:00', attendee_email: 'sam@example.com' } })
    expect(String(first!.result!.message)).toContain('tomorrow at 2 PM Eastern')

    const events = t.google.events(t.google.accountEmail).filter((event) => event.summary === 'Intro call')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ attendees: [expect.objectContaining({ email: 'sam@example.com' })], extendedProperties: { private: expect.objectContaining({ slotline: '1' }) } })
    const inserts = () => t.google.requests.filter((request) => request.method === 'POST' && /\/events$/.test(request.path))
    expect(inserts()).toHaveLength(1)
    expect(inserts()[0]!.query).toMatchObject({ sendUpdates: 'all' })

    const [retry] = decodeResults(await (await t.webhook(book)).json())
    expect(retry).toEqual(first)
    expect(inserts()).toHaveLength(1)
  })

  it('refuses a second booking of the same slot and offers alternatives', async () => {
    const [entry] = decodeResults(
      await (
        await t.webhook(
          toolCallsMessage('other-call', [
            { id: 'call_book_2', name: 'schedule_meeting', args: { title: 'Chat', start_time: '2030-03-05T14:00:00-05:00', duration: 30, attendee_email: 'kim@example.com', description: 'x' } },
          ]),
        )
      ).json(),
    )
    expect(entry!.result).toMatchObject({ ok: false, code: 'slot_unavailable' })
    expect((entry!.result!.slots as unknown[]).length).toBeGreaterThan(0)
  })

  it('keeps every step in the call log', async () => {
    expect((await t.webhook(endOfCallReport(CALL_ID))).status).toBe(200)
    const { calls } = (await (await t.api('/api/calls')).json()) as { calls: { id: string; customer_number: string }[] }
    expect(calls.map((call) => call.id)).toEqual(expect.arrayContaining([CALL_ID, 'other-call']))
    const detail = (await (await t.api(`/api/calls/${CALL_ID}`)).json()) as {
      status: string
      summary: string
      ended_reason: string
      tool_calls: { tool_call_id: string; ok: number; latency_ms: number; arguments: string }[]
      bookings: { status: string; attendee_email: string; event_id: string }[]
    }
    expect(detail).toMatchObject({ status: 'ended', ended_reason: 'customer-ended-call', summary: expect.stringContaining('Sam Ortiz') })
    expect(detail.tool_calls.map((call) => call.tool_call_id)).toEqual(['call_find_1', 'call_book_1'])
    expect(detail.tool_calls.every((call) => call.ok === 1 && call.latency_ms >= 0)).toBe(true)
    expect(detail.bookings).toEqual([expect.objectContaining({ status: 'confirmed', attendee_email: 'sam@example.com' })])
    const { bookings } = (await (await t.api('/api/bookings')).json()) as { bookings: unknown[] }
    expect(bookings).toHaveLength(1)
  })
})
