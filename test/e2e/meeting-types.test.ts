import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z') // Monday 9:00 Eastern
let seq = 0

async function call(t: TestApp, name: string, args: unknown) {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage('call-types', [{ id: `tc-t-${++seq}`, name, args }]))).json())
  return entry!.result as { ok: boolean; code?: string; message: string; slots?: { start: string; end: string; spoken: string }[]; booking?: { event_id: string } }
}

describe('meeting types and the caller’s time zone', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
    await t.connect()
    const response = await t.api('/api/settings', {
      method: 'PUT',
      body: {
        time_zone: 'America/New_York',
        meeting_types: [
          { id: 'intro', name: 'Intro call', duration: 15 },
          {
            id: 'consultation',
            name: 'Consultation',
            duration: 60,
            video: 'meet',
            buffer_after: 30,
            title: '{type} with {name}',
            description: 'A one-hour consultation.',
            business_hours: { monday: [{ start: '09:00', end: '12:00' }], tuesday: [{ start: '09:00', end: '12:00' }], wednesday: [{ start: '09:00', end: '12:00' }], thursday: [{ start: '09:00', end: '12:00' }], friday: [{ start: '09:00', end: '12:00' }] },
          },
        ],
        default_meeting_type: 'intro',
      },
    })
    expect(response.status).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('uses the default type when only a duration is given', async () => {
    const result = await call(t, 'find_available_times', { start_date: '2030-03-05' })
    expect(result.ok).toBe(true)
    const first = result.slots![0]!
    expect(Date.parse(first.end) - Date.parse(first.start)).toBe(15 * 60_000)
  })

  it('applies a type’s own hours: a consultation is offered in the morning only', async () => {
    const result = await call(t, 'find_available_times', { start_date: '2030-03-05', meeting_type: 'consultation', max_results: 10 })
    expect(result.ok).toBe(true)
    for (const slot of result.slots!) {
      expect(Date.parse(slot.end)).toBeLessThanOrEqual(Date.parse('2030-03-05T12:00:00-05:00'))
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(60 * 60_000)
    }
    const afternoon = await call(t, 'schedule_meeting', { start_time: '2030-03-05T14:00:00-05:00', attendee_email: 'sam@example.com', meeting_type: 'Consultation', description: 'x' })
    expect(afternoon).toMatchObject({ ok: false, code: 'outside_hours' })
  })

  it('books a consultation with its title template and a Meet link', async () => {
    const booked = await call(t, 'schedule_meeting', { start_time: '2030-03-05T09:00:00-05:00', attendee_email: 'sam@example.com', attendee_name: 'Sam Ortiz', meeting_type: 'consultation', description: 'Pricing' })
    expect(booked.ok).toBe(true)
    const event = t.google.events(t.google.accountEmail).find((e) => e.id === booked.booking!.event_id)!
    expect(event.summary).toBe('Consultation with Sam Ortiz')
    expect(event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//)
    expect(event.description).toContain('A one-hour consultation.')
    // The 30-minute buffer after the consultation keeps 10:00–10:30 free.
    const next = await call(t, 'find_available_times', { start_date: '2030-03-05', meeting_type: 'intro', max_results: 20 })
    expect(next.slots!.some((slot) => Date.parse(slot.start) < Date.parse('2030-03-05T10:30:00-05:00'))).toBe(false)
    // The availability tester agrees, and draws the consultation once.
    const week = (await (await t.api('/api/calendar/explain', { body: { date: '2030-03-05', meeting_type: 'intro' } })).json()) as { slots: { start: string }[]; busy: { kind: string }[] }
    const tuesday = week.slots.filter((slot) => slot.start.startsWith('2030-03-05'))
    expect(tuesday.length).toBeGreaterThan(0)
    expect(tuesday.some((slot) => Date.parse(slot.start) < Date.parse('2030-03-05T10:30:00-05:00'))).toBe(false)
    expect(week.busy.map((b) => b.kind)).toEqual(['booking'])
  })

  it('refuses an unknown meeting type with the list of types', async () => {
    expect(await call(t, 'find_available_times', { start_date: '2030-03-05', meeting_type: 'massage' })).toMatchObject({ ok: false, code: 'invalid_argument', message: expect.stringContaining('Intro call, Consultation') })
  })

  it("speaks times in the caller's zone, naming both zones when they differ", async () => {
    const result = await call(t, 'get_next_available', { duration: 15, time_zone: 'America/Los_Angeles' })
    expect(result.ok).toBe(true)
    expect(result.slots![0]!.start).toMatch(/-08:00$/)
    expect(result.slots![0]!.spoken).toMatch(/Eastern.*Pacific|Pacific.*Eastern/)
  })
})
