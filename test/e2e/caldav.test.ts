import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRadicale, type Radicale } from '../helpers/radicale.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

// Monday 2030-03-04, 9 AM in New York. US daylight saving time starts Sunday 2030-03-10.
const NOW = Date.parse('2030-03-04T14:00:00Z')
let seq = 0

type Result = Record<string, unknown> & { ok: boolean; code?: string; message: string; slots?: { start: string }[]; booking?: { id: string; start: string; event_id: string } }

async function call(t: TestApp, name: string, args: unknown, toolCallId = `tc-cd-${++seq}`, callId = 'call-caldav'): Promise<Result> {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage(callId, [{ id: toolCallId, name, args }]))).json())
  return entry!.result as Result
}

const ics = (body: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Phone//EN', ...body, 'END:VCALENDAR', ''].join('\r\n')
const NEW_YORK = [
  'BEGIN:VTIMEZONE', 'TZID:America/New_York',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'TZNAME:EDT', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'TZNAME:EST', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
  'END:VTIMEZONE',
]
const event = (uid: string, lines: string[]) => ics([...NEW_YORK, 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20300101T000000Z', ...lines, 'END:VEVENT'])

const startsOf = (answer: Result) => (answer.slots ?? []).map((slot) => slot.start)

describe('a consultant whose calendars live on a CalDAV server (Radicale)', () => {
  let t: TestApp
  let radicale: Radicale
  let work: string
  let personal: string
  let accountId: string

  beforeAll(async () => {
    radicale = await startRadicale()
    work = await radicale.makeCalendar('work', 'Work')
    personal = await radicale.makeCalendar('personal', 'Personal')
    t = await startTestApp({ start: { clock: () => NOW } })
  })
  afterAll(async () => {
    await t?.close()
    await radicale?.close()
  })

  it('refuses a wrong password and a clear-text server, and keeps nothing', async () => {
    const wrong = await t.api('/api/caldav/accounts', { body: { server_url: radicale.url, username: radicale.username, password: 'not-it' } })
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ error: expect.stringContaining('refused the username or app password') })
    const clear = await t.api('/api/caldav/accounts', { body: { server_url: 'http://caldav.example.com/', username: 'a', password: 'b' } })
    expect(clear.status).toBe(400)
    expect(await clear.json()).toMatchObject({ error: expect.stringContaining('server_url') })
    const nobody = await t.api('/api/caldav/accounts', { body: { server_url: 'http://127.0.0.1:1/', username: 'a', password: 'b' } })
    expect(nobody.status).toBe(502)
    expect((await (await t.api('/api/caldav/accounts')).json()) as object).toEqual({ accounts: [] })
  })

  it('adds the account: calendars discovered, checked for conflicts, bookings to the first one', async () => {
    const added = await t.api('/api/caldav/accounts', { body: { server_url: radicale.url, username: radicale.username, password: radicale.password } })
    expect(added.status).toBe(201)
    const account = (await added.json()) as { id: string; calendars: { id: string; name: string }[]; status: string }
    accountId = account.id
    expect(account.status).toBe('connected')
    expect(account.calendars.map((calendar) => calendar.name).sort()).toEqual(['Personal', 'Work'])
    const settings = (await (await t.api('/api/settings')).json()) as { calendar_ids: string[]; booking_calendar_id: string }
    expect(settings.calendar_ids.sort()).toEqual([`caldav:${accountId}:${personal}`, `caldav:${accountId}:${work}`])
    expect(settings.calendar_ids).not.toContain('primary')
    // Book into Work, whichever the server listed first.
    await t.api('/api/settings', { method: 'PUT', body: { booking_calendar_id: `caldav:${accountId}:${work}` } })
    const calendars = (await (await t.api('/api/calendar/calendars')).json()) as { calendars: { source: string; summary: string }[] }
    expect(calendars.calendars.every((calendar) => calendar.source === 'caldav')).toBe(true)
    const status = (await (await t.api('/api/calendar/status')).json()) as { connected: boolean; caldav_accounts: { id: string; status: string }[] }
    expect(status.connected).toBe(false)
    expect(status.caldav_accounts).toEqual([expect.objectContaining({ id: accountId, status: 'connected' })])
  })

  it('keeps the app password in the secret store, nowhere else', () => {
    const secrets = JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(secrets[`caldav.password.${accountId}`]).toBe(radicale.password)
    for (const file of readdirSync(t.dataDir).filter((name) => name !== 'secrets.json')) {
      expect(readFileSync(join(t.dataDir, file)).includes(radicale.password), file).toBe(false)
    }
  })

  it('finds times around busy events on every calendar, counting only what blocks', async () => {
    await radicale.putEvent(personal, 'dentist', event('dentist', ['DTSTART;TZID=America/New_York:20300305T100000', 'DTEND;TZID=America/New_York:20300305T110000', 'SUMMARY:Dentist']))
    await radicale.putEvent(work, 'free-time', event('free-time', ['DTSTART;TZID=America/New_York:20300305T130000', 'DTEND;TZID=America/New_York:20300305T140000', 'TRANSP:TRANSPARENT']))
    await radicale.putEvent(work, 'cancelled', event('cancelled', ['DTSTART;TZID=America/New_York:20300305T140000', 'DTEND;TZID=America/New_York:20300305T150000', 'STATUS:CANCELLED']))
    await radicale.putEvent(work, 'declined', event('declined', [
      'DTSTART;TZID=America/New_York:20300305T150000', 'DTEND;TZID=America/New_York:20300305T160000',
      'ORGANIZER:mailto:boss@example.com', `ATTENDEE;PARTSTAT=DECLINED:mailto:${radicale.username.toUpperCase()}`,
    ]))
    const answer = await call(t, 'find_available_times', { start_date: '2030-03-05', duration: 60, max_results: 20 })
    expect(answer.ok).toBe(true)
    const starts = startsOf(answer)
    expect(starts).not.toContain('2030-03-05T10:00:00-05:00')
    expect(starts).not.toContain('2030-03-05T09:30:00-05:00')
    for (const free of ['2030-03-05T13:00:00-05:00', '2030-03-05T14:00:00-05:00', '2030-03-05T15:00:00-05:00']) expect(starts).toContain(free)
    // The tester draws the same busy block, named by its calendar rather than its URL.
    const week = (await (await t.api('/api/calendar/explain', { body: { date: '2030-03-05', duration: 60 } })).json()) as { busy: { start: string; calendarId: string }[]; calendar_names: Record<string, string> }
    const dentist = week.busy.find((block) => block.start === '2030-03-05T10:00:00-05:00')
    expect(dentist?.calendarId).toBe(`caldav:${accountId}:${personal}`)
    expect(week.calendar_names[dentist!.calendarId]).toMatch(/^Personal \(consultant@example\.com on 127\.0\.0\.1:\d+\)$/)
    expect(week.busy).toHaveLength(1)
    // get_next_available scans from now: 9 AM Monday plus an hour's notice, skipping the dentist on Tuesday.
    const next = await call(t, 'get_next_available', { duration: 60, after: '2030-03-05T09:30:00-05:00' })
    expect(next.ok).toBe(true)
    expect(startsOf(next)[0]).toBe('2030-03-05T11:00:00-05:00')
  })

  it('blocks every occurrence of a recurring event, across the DST change, except an excluded one', async () => {
    // Weekly on Wednesdays at 9 AM New York time, from before the clocks change; 13 March excluded.
    await radicale.putEvent(personal, 'standup', event('standup', [
      'DTSTART;TZID=America/New_York:20300206T090000', 'DTEND;TZID=America/New_York:20300206T120000',
      'RRULE:FREQ=WEEKLY;BYDAY=WE', 'EXDATE;TZID=America/New_York:20300313T090000', 'SUMMARY:Standup',
    ]))
    const march6 = startsOf(await call(t, 'find_available_times', { start_date: '2030-03-06', duration: 30, max_results: 20 }))
    expect(march6[0]).toBe('2030-03-06T12:00:00-05:00')
    const march13 = startsOf(await call(t, 'find_available_times', { start_date: '2030-03-13', duration: 30, max_results: 20 }))
    expect(march13[0]).toBe('2030-03-13T09:00:00-04:00')
    // After the change the occurrence is still 9 AM local, now 13:00 UTC.
    const march20 = startsOf(await call(t, 'find_available_times', { start_date: '2030-03-20', duration: 30, max_results: 20 }))
    expect(march20[0]).toBe('2030-03-20T12:00:00-04:00')
  })

  let bookingId = ''
  let eventId = ''

  it('books into the chosen calendar with a deterministic UID, an organizer and an RSVP attendee', async () => {
    const answer = await call(t, 'schedule_meeting', { title: 'Intro, with Sam', start_time: '2030-03-11T10:00:00-04:00', duration: 30, attendee_email: 'sam@example.com', attendee_name: 'Sam Ortiz', description: 'Pricing; next steps' }, 'tc-book-1')
    expect(answer).toMatchObject({ ok: true, booking: { start: '2030-03-11T10:00:00-04:00' } })
    bookingId = answer.booking!.id
    eventId = answer.booking!.event_id
    const objects = await radicale.objects(work)
    const booked = objects.filter((object) => object.ics.includes(`UID:${eventId}`))
    expect(booked).toHaveLength(1)
    expect(booked[0]!.href.endsWith(`/${eventId}.ics`)).toBe(true)
    const text = booked[0]!.ics.replace(/\r\n[ \t]/g, '')
    expect(text).toContain('DTSTART;TZID=America/New_York:20300311T100000')
    expect(text).toContain('BEGIN:VTIMEZONE')
    expect(text).toMatch(/ORGANIZER[^\r\n]*:mailto:consultant@example\.com/i)
    expect(text).toMatch(/ATTENDEE[^\r\n]*RSVP=TRUE[^\r\n]*:mailto:sam@example\.com/i)
    expect(text).toContain(`X-SLOTLINE-BOOKING:${bookingId}`)
    expect(text).toContain('SUMMARY:Intro\\, with Sam')
  })

  it('answers a retried tool call with the same booking, and never books twice', async () => {
    const again = await call(t, 'schedule_meeting', { title: 'Intro, with Sam', start_time: '2030-03-11T10:00:00-04:00', duration: 30, attendee_email: 'sam@example.com', description: 'x' }, 'tc-book-1')
    expect(again).toMatchObject({ ok: true, booking: { id: bookingId } })
    const other = await call(t, 'schedule_meeting', { title: 'Other', start_time: '2030-03-11T10:00:00-04:00', duration: 30, attendee_email: 'kim@example.com', description: 'x' })
    expect(other).toMatchObject({ ok: false, code: 'slot_unavailable' })
    expect((await radicale.objects(work)).filter((object) => object.ics.includes('X-SLOTLINE-BOOKING'))).toHaveLength(1)
  })

  it('refuses a time a CalDAV event already holds', async () => {
    const answer = await call(t, 'schedule_meeting', { title: 'Clash', start_time: '2030-03-05T10:00:00-05:00', duration: 30, attendee_email: 'kim@example.com', description: 'x' })
    expect(answer).toMatchObject({ ok: false, code: 'slot_unavailable' })
    expect(answer.slots?.length).toBeGreaterThan(0)
  })

  it('survives the server going away: a clear answer, then the retry books exactly once', async () => {
    await radicale.stop()
    const down = await call(t, 'schedule_meeting', { title: 'Follow-up', start_time: '2030-03-12T11:00:00-04:00', duration: 30, attendee_email: 'lee@example.com', description: 'x' }, 'tc-down')
    expect(down).toMatchObject({ ok: false, code: 'calendar_unavailable' })
    await radicale.start()
    const retried = await call(t, 'schedule_meeting', { title: 'Follow-up', start_time: '2030-03-12T11:00:00-04:00', duration: 30, attendee_email: 'lee@example.com', description: 'x' }, 'tc-down')
    expect(retried).toMatchObject({ ok: true, booking: { start: '2030-03-12T11:00:00-04:00' } })
    expect((await radicale.objects(work)).filter((object) => object.ics.includes('SUMMARY:Follow-up'))).toHaveLength(1)
  })

  it('moves the meeting: new times, SEQUENCE bumped, everything else kept', async () => {
    const answer = await call(t, 'reschedule_meeting', { attendee_email: 'sam@example.com', booking_id: bookingId, new_start_time: '2030-03-11T15:00:00-04:00' })
    expect(answer).toMatchObject({ ok: true, booking: { id: bookingId, start: '2030-03-11T15:00:00-04:00' } })
    const [object] = (await radicale.objects(work)).filter((o) => o.ics.includes(`UID:${eventId}`))
    const text = object!.ics.replace(/\r\n[ \t]/g, '')
    expect(text).toContain('DTSTART;TZID=America/New_York:20300311T150000')
    expect(text).toContain('SEQUENCE:1')
    expect(text).toMatch(/ATTENDEE[^\r\n]*:mailto:sam@example\.com/i)
    const old = startsOf(await call(t, 'find_available_times', { start_date: '2030-03-11', duration: 30, max_results: 20 }))
    expect(old).toContain('2030-03-11T10:00:00-04:00')
    expect(old).not.toContain('2030-03-11T15:00:00-04:00')
  })

  it('cancels it: the object is deleted and the caller has nothing left there', async () => {
    const answer = await call(t, 'cancel_meeting', { attendee_email: 'sam@example.com', booking_id: bookingId })
    expect(answer).toMatchObject({ ok: true, cancelled: { booking_id: bookingId } })
    expect((await radicale.objects(work)).some((object) => object.ics.includes(`UID:${eventId}`))).toBe(false)
    expect(await call(t, 'find_my_meetings', { attendee_email: 'sam@example.com' })).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('combines Google and CalDAV: a busy Google event blocks too, and bookings still go to CalDAV', async () => {
    await t.connect()
    await t.api('/api/settings', { method: 'PUT', body: { calendar_ids: [`caldav:${accountId}:${work}`, `caldav:${accountId}:${personal}`, 'primary'] } })
    t.google.addEvent(t.google.accountEmail, { start: '2030-03-14T10:00:00-04:00', end: '2030-03-14T12:00:00-04:00', summary: 'Google-only block' })
    const starts = startsOf(await call(t, 'find_available_times', { start_date: '2030-03-14', duration: 30, max_results: 20 }))
    expect(starts[0]).toBe('2030-03-14T09:00:00-04:00')
    expect(starts).not.toContain('2030-03-14T10:00:00-04:00')
    expect(starts).toContain('2030-03-14T12:00:00-04:00')
    const booked = await call(t, 'schedule_meeting', { title: 'Mixed', start_time: '2030-03-14T12:00:00-04:00', duration: 30, attendee_email: 'kim@example.com', description: 'x' })
    expect(booked.ok).toBe(true)
    expect((await radicale.objects(work)).some((object) => object.ics.includes('SUMMARY:Mixed'))).toBe(true)
    expect(t.google.events(t.google.accountEmail).some((e) => e.summary === 'Mixed')).toBe(false)
    const calendars = (await (await t.api('/api/calendar/calendars')).json()) as { calendars: { source: string }[] }
    expect(new Set(calendars.calendars.map((calendar) => calendar.source))).toEqual(new Set(['google', 'caldav']))
  })

  it('says not_connected when the server stops accepting the password, and shows it in the status', async () => {
    radicale.setPassword('changed-on-the-server')
    const answer = await call(t, 'find_available_times', { start_date: '2030-03-15', duration: 30 })
    expect(answer).toMatchObject({ ok: false, code: 'not_connected' })
    const status = (await (await t.api('/api/calendar/status')).json()) as { caldav_accounts: { status: string; error: string }[] }
    expect(status.caldav_accounts[0]).toMatchObject({ status: 'error', error: expect.stringContaining('refused') })
    radicale.setPassword(radicale.password)
    expect((await call(t, 'find_available_times', { start_date: '2030-03-15', duration: 30 })).ok).toBe(true)
    const healed = (await (await t.api('/api/calendar/status')).json()) as { caldav_accounts: { status: string }[] }
    expect(healed.caldav_accounts[0]!.status).toBe('connected')
  })

  it('removes the account: its calendars leave the settings and its password leaves the store', async () => {
    expect((await t.api(`/api/caldav/accounts/${accountId}`, { method: 'DELETE' })).status).toBe(204)
    const settings = (await (await t.api('/api/settings')).json()) as { calendar_ids: string[]; booking_calendar_id: string }
    expect(settings.calendar_ids).toEqual(['primary'])
    expect(settings.booking_calendar_id).toBe('primary')
    const secrets = JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(Object.keys(secrets).some((name) => name.startsWith('caldav.'))).toBe(false)
    expect((await t.api(`/api/caldav/accounts/${accountId}`, { method: 'DELETE' })).status).toBe(404)
  })
})
