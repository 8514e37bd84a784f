// The consultant moves or deletes a booked meeting in their own calendar app (Google, or a CalDAV
// client): Slotline follows, so the caller hears the truth and the freed time is offered again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRadicale, type Radicale } from '../helpers/radicale.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z') // Monday 9 AM in New York
let seq = 0

type Result = { ok: boolean; code?: string; message: string; meetings?: { booking_id: string; start: string }[]; booking?: { id: string; event_id: string }; slots?: { start: string }[] }

async function call(t: TestApp, name: string, args: unknown): Promise<Result> {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage(`call-edit-${++seq}`, [{ id: `tc-edit-${seq}`, name, args }]))).json())
  return entry!.result as Result
}

async function bookingStatus(t: TestApp, id: string): Promise<{ status: string; start_at: number }> {
  const { bookings } = (await (await t.api('/api/bookings?limit=500')).json()) as { bookings: { id: string; status: string; start_at: number }[] }
  return bookings.find((booking) => booking.id === id)!
}

/** What Google Calendar's own app would send: the real API with the consultant's access token. */
async function googleEdit(t: TestApp, method: 'DELETE' | 'PATCH', eventId: string, body?: unknown): Promise<void> {
  const token = t.google.tokens.accessTokens.filter((issued) => !issued.revoked).at(-1)!.value
  const url = new URL(`calendar/v3/calendars/${encodeURIComponent(t.google.accountEmail)}/events/${eventId}`, t.google.apiRoot)
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  expect(response.ok, await response.clone().text()).toBe(true)
}

describe('Google: the consultant edits a booked meeting in Google Calendar', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW, bookingSyncEveryMs: 200 } })
    await t.connect()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('a meeting moved there is read out at its new time, and the booking follows', async () => {
    const booked = await call(t, 'schedule_meeting', { title: 'Intro', start_time: '2030-03-06T10:00:00-05:00', duration: 30, attendee_email: 'sam@example.com', description: 'x' })
    await googleEdit(t, 'PATCH', booked.booking!.event_id, { start: { dateTime: '2030-03-06T15:00:00-05:00' }, end: { dateTime: '2030-03-06T15:30:00-05:00' } })
    const mine = await call(t, 'find_my_meetings', { attendee_email: 'sam@example.com' })
    expect(mine.meetings).toEqual([expect.objectContaining({ booking_id: booked.booking!.id, start: '2030-03-06T15:00:00-05:00' })])
    const history = (await (await t.api(`/api/bookings`)).json()) as { bookings: { id: string; start_at: number }[] }
    expect(history.bookings.find((b) => b.id === booked.booking!.id)!.start_at).toBe(Date.parse('2030-03-06T15:00:00-05:00'))
  })

  it('a meeting deleted there is no longer read out, and moving it says so', async () => {
    const booked = await call(t, 'schedule_meeting', { title: 'Check-in', start_time: '2030-03-07T10:00:00-05:00', duration: 30, attendee_email: 'kim@example.com', description: 'x' })
    await googleEdit(t, 'DELETE', booked.booking!.event_id)
    const moved = await call(t, 'reschedule_meeting', { attendee_email: 'kim@example.com', booking_id: booked.booking!.id, new_start_time: '2030-03-07T11:00:00-05:00' })
    expect(moved).toMatchObject({ ok: false, code: 'not_found', message: "That meeting isn't on the calendar any more." })
    expect(await call(t, 'find_my_meetings', { attendee_email: 'kim@example.com' })).toMatchObject({ ok: false, code: 'not_found' })
    expect((await bookingStatus(t, booked.booking!.id)).status).toBe('cancelled')
  })

  it('the background pass notices a deletion by itself, and the time is offered again', async () => {
    const booked = await call(t, 'schedule_meeting', { title: 'Review', start_time: '2030-03-08T10:00:00-05:00', duration: 30, attendee_email: 'lee@example.com', description: 'x' })
    expect((await call(t, 'find_available_times', { start_date: '2030-03-08', duration: 30, max_results: 20 })).slots?.map((s) => s.start)).not.toContain('2030-03-08T10:00:00-05:00')
    await googleEdit(t, 'DELETE', booked.booking!.event_id)
    await expect.poll(async () => (await bookingStatus(t, booked.booking!.id)).status, { timeout: 15_000 }).toBe('cancelled')
    expect((await call(t, 'find_available_times', { start_date: '2030-03-08', duration: 30, max_results: 20 })).slots?.map((s) => s.start)).toContain('2030-03-08T10:00:00-05:00')
  })
})

describe('CalDAV: the consultant edits a booked meeting in another CalDAV client', () => {
  let t: TestApp
  let radicale: Radicale
  let work: string
  beforeAll(async () => {
    radicale = await startRadicale()
    work = await radicale.makeCalendar('work', 'Work')
    t = await startTestApp({ start: { clock: () => NOW } })
    expect((await t.api('/api/caldav/accounts', { body: { server_url: radicale.url, username: radicale.username, password: radicale.password } })).status).toBe(201)
  })
  afterAll(async () => {
    await t?.close()
    await radicale?.close()
  })

  it('follows a move (the client rewrote DTSTART/DTEND) and then a deletion', async () => {
    const booked = await call(t, 'schedule_meeting', { title: 'Intro', start_time: '2030-03-06T10:00:00-05:00', duration: 30, attendee_email: 'sam@example.com', description: 'x' })
    const eventId = booked.booking!.event_id
    const [object] = (await radicale.objects(work)).filter((o) => o.ics.includes(`UID:${eventId}`))
    const moved = object!.ics
      .replace(/\r\n[ \t]/g, '')
      .replace(/DTSTART;TZID=America\/New_York:20300306T100000/, 'DTSTART;TZID=America/New_York:20300306T160000')
      .replace(/DTEND;TZID=America\/New_York:20300306T103000/, 'DTEND;TZID=America/New_York:20300306T163000')
      .replace(/X-SLOTLINE[^\r\n]*\r\n/g, '') // a client that drops unknown properties
    expect(moved).toContain('20300306T160000')
    await radicale.putEvent(work, eventId, moved)
    expect((await call(t, 'find_my_meetings', { attendee_email: 'sam@example.com' })).meetings).toEqual([expect.objectContaining({ start: '2030-03-06T16:00:00-05:00' })])

    await fetch(new URL(`${eventId}.ics`, work), { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}` } })
    expect(await call(t, 'find_my_meetings', { attendee_email: 'sam@example.com' })).toMatchObject({ ok: false, code: 'not_found' })
    expect((await bookingStatus(t, booked.booking!.id)).status).toBe('cancelled')
  })
})
