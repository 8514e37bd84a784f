import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')
let seq = 0

async function call(t: TestApp, name: string, args: unknown, callId = 'call-manage') {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage(callId, [{ id: `tc-m-${++seq}`, name, args }]))).json())
  return entry!.result as Record<string, unknown> & { ok: boolean; code?: string; message: string }
}

describe('callers find, move and cancel what they booked', () => {
  let t: TestApp
  let bookingId: string
  const email = 'sam@example.com'

  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
    await t.connect()
    const booked = await call(t, 'schedule_meeting', { title: 'Intro', start_time: '2030-03-06T10:00:00-05:00', duration: 30, attendee_email: email, description: 'x' }, 'call-book')
    bookingId = (booked.booking as { id: string }).id
  })
  afterAll(async () => {
    await t?.close()
  })

  it('lists the caller’s upcoming meetings, and only theirs', async () => {
    const mine = await call(t, 'find_my_meetings', { attendee_email: 'SAM@example.com' })
    expect(mine).toMatchObject({ ok: true, meetings: [{ booking_id: bookingId, start: '2030-03-06T10:00:00-05:00', title: 'Intro', spoken: 'Wednesday at 10 AM Eastern' }] })
    expect(await call(t, 'find_my_meetings', { attendee_email: 'kim@example.com' })).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('answers not_found for a wrong email or a wrong booking, without saying which', async () => {
    const wrongEmail = await call(t, 'cancel_meeting', { attendee_email: 'kim@example.com', booking_id: bookingId })
    const wrongBooking = await call(t, 'cancel_meeting', { attendee_email: email, booking_id: 'bk_doesnotexist' })
    const wrongTime = await call(t, 'cancel_meeting', { attendee_email: email, start_time: '2030-03-06T11:00:00-05:00' })
    for (const answer of [wrongEmail, wrongBooking, wrongTime]) expect(answer).toMatchObject({ ok: false, code: 'not_found' })
    expect(wrongEmail.message).toBe(wrongBooking.message)
  })

  it('refuses to move onto a busy time, with alternatives', async () => {
    t.google.addEvent(t.google.accountEmail, { start: '2030-03-06T14:00:00-05:00', end: '2030-03-06T15:00:00-05:00', summary: 'Dentist' })
    const answer = await call(t, 'reschedule_meeting', { attendee_email: email, booking_id: bookingId, new_start_time: '2030-03-06T14:00:00-05:00' })
    expect(answer).toMatchObject({ ok: false, code: 'slot_unavailable' })
    expect((answer.slots as unknown[]).length).toBeGreaterThan(0)
  })

  it('moves the meeting (even by a quarter hour overlapping itself) and Google tells the attendee', async () => {
    await t.api('/api/settings', { method: 'PUT', body: { slot_step: 15 } })
    const answer = await call(t, 'reschedule_meeting', { attendee_email: email, start_time: '2030-03-06T10:00:00-05:00', new_start_time: '2030-03-06T10:15:00-05:00' }, 'call-move')
    expect(answer).toMatchObject({ ok: true, booking: { id: bookingId, start: '2030-03-06T10:15:00-05:00', end: '2030-03-06T10:45:00-05:00' } })
    const [event] = t.google.events(t.google.accountEmail).filter((e) => e.summary === 'Intro')
    expect(Date.parse(event!.start!.dateTime!)).toBe(Date.parse('2030-03-06T10:15:00-05:00'))
    expect(event!._sendUpdates).toBe('all')
    const detail = (await (await t.api('/api/calls/call-move')).json()) as { booking_changes: { action: string; booking_id: string }[] }
    expect(detail.booking_changes).toEqual([expect.objectContaining({ action: 'moved', booking_id: bookingId })])
  })

  it('cancels it: the event is deleted with updates sent, and it is no longer listed', async () => {
    const answer = await call(t, 'cancel_meeting', { attendee_email: email, booking_id: bookingId }, 'call-cancel')
    expect(answer).toMatchObject({ ok: true, cancelled: { booking_id: bookingId } })
    const deletes = t.google.requests.filter((request) => request.method === 'DELETE')
    expect(deletes).toHaveLength(1)
    expect(deletes[0]!.query).toMatchObject({ sendUpdates: 'all' })
    expect(await call(t, 'find_my_meetings', { attendee_email: email })).toMatchObject({ ok: false, code: 'not_found' })
    const detail = (await (await t.api('/api/calls/call-cancel')).json()) as { booking_changes: { action: string }[] }
    expect(detail.booking_changes.map((change) => change.action)).toEqual(['cancelled'])
  })

  it('lists all six functions in the Vapi tool JSON', async () => {
    const tools = (await (await t.api('/api/calendar/vapi-functions')).json()) as { function: { name: string; parameters: { properties: Record<string, { enum?: string[] }> } }; server: { url: string } }[]
    expect(tools.map((tool) => tool.function.name)).toEqual(['find_available_times', 'schedule_meeting', 'get_next_available', 'find_my_meetings', 'cancel_meeting', 'reschedule_meeting'])
    expect(tools[0]!.server.url).toBe(t.app.webhookUrl)
    expect(tools[0]!.function.parameters.properties.meeting_type!.enum).toEqual(['meeting'])
  })
})
