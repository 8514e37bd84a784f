// Writing CalDAV calendar objects: buildEvent (round trip, folding, escaping, scheduling flags, zones,
// DST-change days) and moveEventICalendar (keeps everything it does not own, bumps SEQUENCE, re-zones).

import fc from 'fast-check'
import ICAL from 'ical.js'
import { afterEach, describe, expect, it } from 'vitest'
import { buildEvent, busyFromICalendar, ICalError, moveEventICalendar, parseEvent } from '../../server/calendars/caldav/ical.ts'
import type { BookingEvent } from '../../server/calendars/caldav/ical.ts'

const at = (iso: string): number => Date.parse(iso)
const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '')
const contentLines = (text: string): string[] => unfold(text).split('\r\n').filter((l) => l !== '')

const LONG_DESCRIPTION = [
  'Booked by the Slotline voice assistant on a call from +49 30 1234567.',
  'Caller said: "We need to talk pricing, onboarding; and the Q3 rollout — ideally before Friday."',
  'Notes: Grüße aus Köln! 日本語のメモも入っています。 Emoji: 👩🏽‍💻🎉📞',
  'Backslash path: C:\\Users\\jane\\notes.txt',
].join('\n')

function booking(overrides: Partial<BookingEvent> = {}): BookingEvent {
  return {
    uid: 'slotline-bk_01HZX3QK7M@slotline.app',
    title: 'Intro call: Jane Doe, ACME; re: pricing\nsecond line 🎉',
    description: LONG_DESCRIPTION,
    start: at('2026-07-14T08:00:00Z'),
    end: at('2026-07-14T08:45:00Z'),
    timeZone: 'Europe/Berlin',
    organizer: { email: 'owner@example.com', name: 'Olivia Owner' },
    attendee: { email: 'Jane.Doe@Example.org', name: 'Jane "JD" Doe, PhD' },
    sendInvitations: false,
    marker: { slotline: '1', slotlineBooking: 'bk_01HZX3QK7M' },
    now: at('2026-07-01T12:00:00Z'),
    ...overrides,
  }
}

const registered: string[] = []
afterEach(() => {
  for (const tzid of registered.splice(0)) ICAL.TimezoneService.remove(tzid)
})

/** The start/end ical.js itself computes (with the text's VTIMEZONEs registered). */
function icalJsTimes(ics: string): { start: number; end: number; summary: string } {
  const root = new ICAL.Component(ICAL.parse(ics))
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtz.getFirstPropertyValue('tzid'))
    ICAL.TimezoneService.register(vtz)
    registered.push(tzid)
  }
  const reparsed = new ICAL.Component(ICAL.parse(ics))
  const event = new ICAL.Event(reparsed.getFirstSubcomponent('vevent') ?? undefined)
  return { start: event.startDate.toUnixTime() * 1000, end: event.endDate.toUnixTime() * 1000, summary: event.summary }
}

function expectWellFormed(ics: string): void {
  expect(ics.endsWith('\r\n')).toBe(true)
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  for (const line of ics.slice(0, -2).split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line) // no half of a surrogate pair
  }
}

describe('buildEvent', () => {
  it('round-trips through parseEvent: uid, times, escaped title, folded description, marker, attendees', () => {
    const ics = buildEvent(booking())
    expect(parseEvent(ics, 'UTC')).toEqual({
      uid: 'slotline-bk_01HZX3QK7M@slotline.app',
      status: 'confirmed',
      start: at('2026-07-14T08:00:00Z'),
      end: at('2026-07-14T08:45:00Z'),
      title: 'Intro call: Jane Doe, ACME; re: pricing\nsecond line 🎉',
      description: LONG_DESCRIPTION,
      meetLink: null,
      marker: { slotline: '1', slotlineBooking: 'bk_01HZX3QK7M' },
      attendees: ['jane.doe@example.org'],
      sequence: 0,
    })
    expect(ics).toContain('\r\n ') // the description had to be folded
    expect(contentLines(ics)).toContain('SUMMARY:Intro call: Jane Doe\\, ACME\\; re: pricing\\nsecond line 🎉')
  })

  it('is well formed: CRLF only, every line at most 75 octets, never splitting a character', () => {
    expectWellFormed(buildEvent(booking()))
    expectWellFormed(buildEvent(booking({ title: '🎉'.repeat(60), description: 'ü'.repeat(300) })))
  })

  it('has the calendar and event properties servers expect', () => {
    const lines = contentLines(buildEvent(booking()))
    expect(lines.slice(0, 4)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Slotline//Slotline//EN', 'CALSCALE:GREGORIAN'])
    expect(lines.some((l) => l.startsWith('METHOD'))).toBe(false)
    expect(lines).toEqual(expect.arrayContaining([
      'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
      'DTSTART;TZID=Europe/Berlin:20260714T100000', 'DTEND;TZID=Europe/Berlin:20260714T104500',
      'DTSTAMP:20260701T120000Z', 'CREATED:20260701T120000Z', 'LAST-MODIFIED:20260701T120000Z',
      'STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'SEQUENCE:0', 'X-SLOTLINE:1', 'X-SLOTLINE-BOOKING:bk_01HZX3QK7M',
      'ORGANIZER;CN="Olivia Owner":mailto:owner@example.com',
    ]))
    expect(lines.at(-1)).toBe('END:VCALENDAR')
  })

  it('parses in ical.js, and busyFromICalendar reads back exactly [start, end)', () => {
    const event = booking()
    const ics = buildEvent(event)
    expect(icalJsTimes(ics)).toEqual({ start: event.start, end: event.end, summary: event.title })
    const busy = busyFromICalendar(ics, { from: at('2026-07-01T00:00:00Z'), to: at('2026-08-01T00:00:00Z'), selfAddresses: ['owner@example.com'], floatingZone: 'Pacific/Chatham', ignoreAllDay: true })
    expect(busy).toEqual([{ start: event.start, end: event.end }])
  })

  it('SCHEDULE-AGENT=CLIENT iff invitations are not sent; RSVP/NEEDS-ACTION when they are', () => {
    const quiet = contentLines(buildEvent(booking({ sendInvitations: false }))).filter((l) => l.startsWith('ATTENDEE'))
    const invited = contentLines(buildEvent(booking({ sendInvitations: true }))).filter((l) => l.startsWith('ATTENDEE'))
    expect(quiet).toHaveLength(1)
    expect(quiet[0]).toContain(';SCHEDULE-AGENT=CLIENT')
    expect(quiet[0]).toMatch(/:mailto:Jane\.Doe@Example\.org$/)
    expect(invited).toHaveLength(1)
    expect(invited[0]).not.toContain('SCHEDULE-AGENT')
    expect(invited[0]).toMatch(/^ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;CN="Jane \^'JD\^' Doe, PhD":mailto:Jane\.Doe@Example\.org$/)
    expect(buildEvent(booking({ sendInvitations: true }))).not.toContain('SCHEDULE-AGENT')
  })

  it('quotes CN (RFC 6868 for double quotes) so ical.js reads the name back', () => {
    const root = new ICAL.Component(ICAL.parse(buildEvent(booking())))
    const attendee = root.getFirstSubcomponent('vevent')?.getFirstProperty('attendee')
    expect(attendee?.getParameter('cn')).toBe('Jane "JD" Doe, PhD')
  })

  it('ORGANIZER only when given; a nameless attendee has no CN', () => {
    const lines = contentLines(buildEvent(booking({ organizer: null, attendee: { email: 'guest@example.org', name: null } })))
    expect(lines.some((l) => l.startsWith('ORGANIZER'))).toBe(false)
    expect(lines.find((l) => l.startsWith('ATTENDEE'))).toBe('ATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:guest@example.org')
  })

  it('a UTC zone writes DTSTART with Z and no VTIMEZONE; a null description writes none', () => {
    const lines = contentLines(buildEvent(booking({ timeZone: 'UTC', description: null })))
    expect(lines).toContain('DTSTART:20260714T080000Z')
    expect(lines).toContain('DTEND:20260714T084500Z')
    expect(lines.some((l) => l.startsWith('BEGIN:VTIMEZONE') || l.startsWith('DESCRIPTION'))).toBe(false)
    expect(parseEvent(buildEvent(booking({ timeZone: 'Etc/UTC', description: null })), 'Asia/Tokyo')?.description).toBeNull()
  })

  it('rejects an unknown zone, end ≤ start and marker keys it could not read back', () => {
    expect(() => buildEvent(booking({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError)
    expect(() => buildEvent(booking({ end: at('2026-07-14T08:00:00Z') }))).toThrow(RangeError)
    expect(() => buildEvent(booking({ marker: { bookingId: 'x' } }))).toThrow(RangeError)
  })

  it.each([
    ['Europe/Berlin', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'], // 01:30 CET → 03:30 CEST
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'], // 02:30 CEST → 02:30 CET (the repeated hour)
    ['America/New_York', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z'], // 01:30 EDT → 01:30 EST
    ['America/New_York', '2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z'], // 01:30 EST → 03:30 EDT
    ['Australia/Lord_Howe', '2026-04-04T14:45:00Z', '2026-04-04T15:15:00Z'], // 01:45 +11 → 01:45 +10:30
    ['Pacific/Chatham', '2026-09-26T13:30:00Z', '2026-09-26T14:30:00Z'], // 02:15 +12:45 → 04:15 +13:45
  ])('an event on a DST-change day in %s round-trips exactly (%s – %s)', (timeZone, startIso, endIso) => {
    const event = booking({ timeZone, start: at(startIso), end: at(endIso) })
    const ics = buildEvent(event)
    expect(parseEvent(ics, 'UTC')).toMatchObject({ start: event.start, end: event.end })
    expect(icalJsTimes(ics)).toMatchObject({ start: event.start, end: event.end })
    expectWellFormed(ics)
  })

  it('any title and description survive (property test)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 })
    fc.assert(fc.property(text, fc.option(text, { nil: null }), fc.boolean(), (title, description, sendInvitations) => {
      const ics = buildEvent(booking({ title, description, sendInvitations }))
      expectWellFormed(ics)
      const clean = (s: string): string => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      const parsed = parseEvent(ics, 'UTC')
      expect(parsed?.title).toBe(clean(title))
      expect(parsed?.description).toBe(description === null ? null : clean(description))
    }), { numRuns: 300 })
  })
})

const APPLE_EVENT = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 14.5//EN
CALSCALE:GREGORIAN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
DTSTART:19810329T020000
TZNAME:MESZ
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
DTSTART:19961027T030000
TZNAME:MEZ
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20260610T081512Z
UID:6C1D3F2A-8B7E-4C55-9A0E-2F1B3C4D5E6F
DTSTART;TZID=Europe/Berlin:20260714T100000
DURATION:PT45M
SEQUENCE:2
DTSTAMP:20260610T081530Z
LAST-MODIFIED:20260610T081530Z
SUMMARY:Strategy session
LOCATION:Büro\\, 3. OG
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
X-SLOTLINE-BOOKING:bk_77
COLOR:tomato
X-WR-ITIPSTATUSML:UNCLEAN
ATTENDEE;CN=Owner;CUTYPE=INDIVIDUAL;EMAIL=owner@example.com;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:owner@example.com
ATTENDEE;CN=Jane Doe;CUTYPE=INDIVIDUAL;EMAIL=jane@example.org;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jane@example.org
ORGANIZER;CN=Owner;EMAIL=owner@example.com:mailto:owner@example.com
DESCRIPTION:A description long enough that it runs past seventy-five octets and therefore was never folded by the producer
BEGIN:VALARM
X-WR-ALARMUID:0E6D5C4B-3A29-4187-B6F5-E4D3C2B1A098
UID:0E6D5C4B-3A29-4187-B6F5-E4D3C2B1A098
TRIGGER:-PT15M
ACTION:DISPLAY
DESCRIPTION:Reminder
DURATION:PT5M
REPEAT:2
END:VALARM
END:VEVENT
END:VCALENDAR
`

describe('moveEventICalendar', () => {
  const now = at('2026-07-02T09:00:00Z')

  it('keeps unknown properties and VALARMs verbatim, bumps SEQUENCE, replaces times, drops DURATION', () => {
    const moved = moveEventICalendar(APPLE_EVENT, { start: at('2026-07-15T12:00:00Z'), end: at('2026-07-15T13:00:00Z'), timeZone: 'Europe/Berlin', now })
    expectWellFormed(moved)
    const lines = contentLines(moved)
    const replaced = /^(DTSTART;TZID=Europe\/Berlin:2026071|DURATION:PT45M|SEQUENCE|DTSTAMP|LAST-MODIFIED)/
    const kept = contentLines(APPLE_EVENT.replace(/\n/g, '\r\n')).filter((l) => !replaced.test(l))
    expect(lines.filter((l) => kept.includes(l))).toEqual(kept) // every other line, in order
    expect(lines).toEqual(expect.arrayContaining([
      'SEQUENCE:3', 'DTSTAMP:20260702T090000Z', 'LAST-MODIFIED:20260702T090000Z',
      'DTSTART;TZID=Europe/Berlin:20260715T140000', 'DTEND;TZID=Europe/Berlin:20260715T150000',
      'DURATION:PT5M', 'REPEAT:2', 'COLOR:tomato', 'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
    ]))
    expect(lines.filter((l) => l.startsWith('DURATION'))).toEqual(['DURATION:PT5M']) // the VALARM's, not the event's
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1) // Apple's agrees with luxon: kept
    expect(parseEvent(moved, 'UTC')).toMatchObject({
      start: at('2026-07-15T12:00:00Z'), end: at('2026-07-15T13:00:00Z'), sequence: 3, marker: { slotlineBooking: 'bk_77' },
      attendees: ['owner@example.com', 'jane@example.org'],
    })
    expect(moved).toContain('\r\n ') // the overlong DESCRIPTION got folded on the way out
  })

  it('moves a built event into a different zone (VTIMEZONE added) and into UTC', () => {
    const built = buildEvent(booking())
    const toNewYork = moveEventICalendar(built, { start: at('2026-11-02T15:00:00Z'), end: at('2026-11-02T15:30:00Z'), timeZone: 'America/New_York', now })
    const lines = contentLines(toNewYork)
    expect(lines).toEqual(expect.arrayContaining(['TZID:America/New_York', 'DTSTART;TZID=America/New_York:20261102T100000', 'DTEND;TZID=America/New_York:20261102T103000', 'SEQUENCE:1']))
    expect(parseEvent(toNewYork, 'UTC')).toMatchObject({ start: at('2026-11-02T15:00:00Z'), end: at('2026-11-02T15:30:00Z'), marker: booking().marker })
    expect(icalJsTimes(toNewYork)).toMatchObject({ start: at('2026-11-02T15:00:00Z'), end: at('2026-11-02T15:30:00Z') })
    const busy = busyFromICalendar(toNewYork, { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-03T00:00:00Z'), selfAddresses: [], floatingZone: 'UTC', ignoreAllDay: false })
    expect(busy).toEqual([{ start: at('2026-11-02T15:00:00Z'), end: at('2026-11-02T15:30:00Z') }])
    const toUtc = contentLines(moveEventICalendar(toNewYork, { start: at('2026-11-03T15:00:00Z'), end: at('2026-11-03T16:00:00Z'), timeZone: 'UTC', now }))
    expect(toUtc).toEqual(expect.arrayContaining(['DTSTART:20261103T150000Z', 'DTEND:20261103T160000Z', 'SEQUENCE:2']))
  })

  it('replaces a VTIMEZONE of the same name that does not cover the new date', () => {
    const built = buildEvent(booking()) // its Europe/Berlin VTIMEZONE lists transitions for 2025–2027 only
    const moved = moveEventICalendar(built, { start: at('2029-01-15T09:00:00Z'), end: at('2029-01-15T10:00:00Z'), timeZone: 'Europe/Berlin', now })
    const lines = contentLines(moved)
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1)
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20290115T100000')
    expect(lines).toContain('DTSTART:20290325T020000') // a 2029 transition from the fresh VTIMEZONE
    expect(icalJsTimes(moved)).toMatchObject({ start: at('2029-01-15T09:00:00Z'), end: at('2029-01-15T10:00:00Z') })
    expect(parseEvent(moved, 'UTC')).toMatchObject({ start: at('2029-01-15T09:00:00Z'), end: at('2029-01-15T10:00:00Z') })
  })

  it('moves only the master of a recurring object; overrides stay as they were', () => {
    const series = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sabre//Sabre VObject 4.5.4//EN\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID:20260608T080000Z\r\nDTSTART:20260608T090000Z\r\nDTEND:20260608T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260601T080000Z\r\nDTEND:20260601T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`
    const moved = moveEventICalendar(series, { start: at('2026-06-01T10:00:00Z'), end: at('2026-06-01T11:00:00Z'), timeZone: 'UTC', now })
    expect(moved).toContain('RECURRENCE-ID:20260608T080000Z\r\nDTSTART:20260608T090000Z\r\nDTEND:20260608T100000Z\r\n')
    expect(parseEvent(moved, 'UTC')).toMatchObject({ start: at('2026-06-01T10:00:00Z'), end: at('2026-06-01T11:00:00Z'), sequence: 1 })
  })

  it('throws ICalError for text that is not iCalendar or holds no VEVENT', () => {
    const move = { start: at('2026-07-15T12:00:00Z'), end: at('2026-07-15T13:00:00Z'), timeZone: 'UTC', now }
    expect(() => moveEventICalendar('', move)).toThrow(ICalError)
    expect(() => moveEventICalendar('hello', move)).toThrow(ICalError)
    expect(() => moveEventICalendar('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', move)).toThrow(ICalError)
  })
})
