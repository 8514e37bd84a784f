// Reading CalDAV calendar objects: busyFromICalendar (zones, recurrence, overrides, flags, all-day),
// busyFromFreeBusy and parseEvent, against iCalendar shaped like what Google, iCloud, Outlook/Exchange
// and Sabre-based servers (Nextcloud, Fastmail…) actually return. Expected instants are literal ISO strings.

import { describe, expect, it } from 'vitest'
import { busyFromFreeBusy, busyFromICalendar, ICalError, parseEvent } from '../../server/calendars/caldav/ical.ts'
import type { BusyReadOptions } from '../../server/calendars/caldav/ical.ts'

const at = (iso: string): number => Date.parse(iso)
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n')
const isoPairs = (busy: { start: number; end: number }[]): string[][] =>
  busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()])

function busy(ics: string, options: Partial<BusyReadOptions> = {}): string[][] {
  return isoPairs(busyFromICalendar(crlf(ics), {
    from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z'), selfAddresses: ['owner@example.com'],
    floatingZone: 'Europe/Berlin', ignoreAllDay: false, ...options,
  }))
}

/** A VCALENDAR around the given components, with Google's PRODID. */
const calendar = (...components: string[]): string => `BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
${components.join('\n')}
END:VCALENDAR
`

const BERLIN_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`

// What Exchange / Outlook write: a Windows zone name, rules starting in 1601.
const OUTLOOK_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE`

const event = (...lines: string[]): string => ['BEGIN:VEVENT', 'DTSTAMP:20260101T090000Z', ...lines, 'END:VEVENT'].join('\n')

describe('busyFromICalendar: time zones', () => {
  it('a timed event in Europe/Berlin with its VTIMEZONE (summer and winter offsets)', () => {
    const ics = calendar(BERLIN_VTIMEZONE,
      event('UID:summer@google.com', 'DTSTART;TZID=Europe/Berlin:20260714T100000', 'DTEND;TZID=Europe/Berlin:20260714T110000', 'SUMMARY:Summer'),
      event('UID:winter@google.com', 'DTSTART;TZID=Europe/Berlin:20260114T100000', 'DTEND;TZID=Europe/Berlin:20260114T113000', 'SUMMARY:Winter'))
    expect(busy(ics)).toEqual([
      ['2026-01-14T09:00:00.000Z', '2026-01-14T10:30:00.000Z'],
      ['2026-07-14T08:00:00.000Z', '2026-07-14T09:00:00.000Z'],
    ])
  })

  it('the same with a TZID but no VTIMEZONE (luxon resolves the IANA name)', () => {
    const ics = calendar(event('UID:a', 'DTSTART;TZID=Europe/Berlin:20260714T100000', 'DTEND;TZID=Europe/Berlin:20260714T110000'))
    expect(busy(ics, { floatingZone: 'Pacific/Auckland' })).toEqual([['2026-07-14T08:00:00.000Z', '2026-07-14T09:00:00.000Z']])
  })

  it('UTC times', () => {
    const ics = calendar(event('UID:a', 'DTSTART:20260714T080000Z', 'DTEND:20260714T090000Z'))
    expect(busy(ics, { floatingZone: 'America/New_York' })).toEqual([['2026-07-14T08:00:00.000Z', '2026-07-14T09:00:00.000Z']])
  })

  it('floating times use floatingZone', () => {
    const ics = calendar(event('UID:a', 'DTSTART:20260714T100000', 'DTEND:20260714T110000'))
    expect(busy(ics, { floatingZone: 'Europe/Berlin' })).toEqual([['2026-07-14T08:00:00.000Z', '2026-07-14T09:00:00.000Z']])
    expect(busy(ics, { floatingZone: 'America/New_York' })).toEqual([['2026-07-14T14:00:00.000Z', '2026-07-14T15:00:00.000Z']])
  })

  it('a VTIMEZONE in the text wins over luxon, even under an IANA name', () => {
    const fixedPlus3 = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
END:STANDARD
END:VTIMEZONE`
    const ics = calendar(fixedPlus3, event('UID:a', 'DTSTART;TZID=Europe/Berlin:20260714T100000', 'DTEND;TZID=Europe/Berlin:20260714T110000'))
    expect(busy(ics)).toEqual([['2026-07-14T07:00:00.000Z', '2026-07-14T08:00:00.000Z']])
  })

  it('Outlook: a Windows zone name defined by a 1601-based VTIMEZONE', () => {
    const ics = calendar(OUTLOOK_VTIMEZONE,
      event('UID:040000008200E00074C5B7101A82E008', 'DTSTART;TZID=W. Europe Standard Time:20260330T090000', 'DTEND;TZID=W. Europe Standard Time:20260330T100000'),
      event('UID:040000008200E00074C5B7101A82E009', 'DTSTART;TZID=W. Europe Standard Time:20261026T090000', 'DTEND;TZID=W. Europe Standard Time:20261026T100000'))
    expect(busy(ics)).toEqual([
      ['2026-03-30T07:00:00.000Z', '2026-03-30T08:00:00.000Z'],
      ['2026-10-26T08:00:00.000Z', '2026-10-26T09:00:00.000Z'],
    ])
  })

  it('TZIDs without a VTIMEZONE: Windows names and prefixed IANA names are understood, unknown ones read as floating', () => {
    const ics = calendar(
      event('UID:win', 'DTSTART;TZID=Eastern Standard Time:20260714T100000', 'DTEND;TZID=Eastern Standard Time:20260714T110000'),
      event('UID:moz', 'DTSTART;TZID=/mozilla.org/20050126_1/Asia/Kolkata:20260715T100000', 'DTEND;TZID=/mozilla.org/20050126_1/Asia/Kolkata:20260715T110000'),
      event('UID:odd', 'DTSTART;TZID=Custom Zone 1:20260716T100000', 'DTEND;TZID=Custom Zone 1:20260716T110000'))
    expect(busy(ics, { floatingZone: 'Asia/Tokyo' })).toEqual([
      ['2026-07-14T14:00:00.000Z', '2026-07-14T15:00:00.000Z'],
      ['2026-07-15T04:30:00.000Z', '2026-07-15T05:30:00.000Z'],
      ['2026-07-16T01:00:00.000Z', '2026-07-16T02:00:00.000Z'],
    ])
  })

  it('local times in a gap or an overlap follow RFC 5545 §3.3.5', () => {
    const ics = calendar(
      // 02:30 does not exist on 2026-03-08 in New York: read with the offset before the gap (-05:00).
      event('UID:gap', 'DTSTART;TZID=America/New_York:20260308T023000', 'DURATION:PT30M'),
      // 01:30 happens twice on 2026-11-01: the first occurrence (-04:00) is meant.
      event('UID:overlap', 'DTSTART;TZID=America/New_York:20261101T013000', 'DURATION:PT30M'))
    expect(busy(ics)).toEqual([
      ['2026-03-08T07:30:00.000Z', '2026-03-08T08:00:00.000Z'],
      ['2026-11-01T05:30:00.000Z', '2026-11-01T06:00:00.000Z'],
    ])
  })
})

describe('busyFromICalendar: recurrence', () => {
  it('weekly in Europe/Berlin across the late-March change keeps 10:00 local', () => {
    const ics = calendar(BERLIN_VTIMEZONE, event('UID:weekly', 'DTSTART;TZID=Europe/Berlin:20260316T100000',
      'DTEND;TZID=Europe/Berlin:20260316T110000', 'RRULE:FREQ=WEEKLY;BYDAY=MO'))
    expect(busy(ics, { from: at('2026-03-10T00:00:00Z'), to: at('2026-04-10T00:00:00Z') })).toEqual([
      ['2026-03-16T09:00:00.000Z', '2026-03-16T10:00:00.000Z'],
      ['2026-03-23T09:00:00.000Z', '2026-03-23T10:00:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T09:00:00.000Z'],
      ['2026-04-06T08:00:00.000Z', '2026-04-06T09:00:00.000Z'],
    ])
  })

  it('weekly in America/New_York across the November change (no VTIMEZONE)', () => {
    const ics = calendar(event('UID:ny', 'DTSTART;TZID=America/New_York:20261019T100000',
      'DTEND;TZID=America/New_York:20261019T103000', 'RRULE:FREQ=WEEKLY'))
    expect(busy(ics, { from: at('2026-10-15T00:00:00Z'), to: at('2026-11-15T00:00:00Z') })).toEqual([
      ['2026-10-19T14:00:00.000Z', '2026-10-19T14:30:00.000Z'],
      ['2026-10-26T14:00:00.000Z', '2026-10-26T14:30:00.000Z'],
      ['2026-11-02T15:00:00.000Z', '2026-11-02T15:30:00.000Z'],
      ['2026-11-09T15:00:00.000Z', '2026-11-09T15:30:00.000Z'],
    ])
  })

  const weekly = (...extra: string[]): string => calendar(BERLIN_VTIMEZONE,
    event('UID:series@example.com', 'DTSTART;TZID=Europe/Berlin:20260601T100000', 'DTEND;TZID=Europe/Berlin:20260601T110000',
      'RRULE:FREQ=WEEKLY;COUNT=4', ...extra))
  const june = { from: at('2026-05-25T00:00:00Z'), to: at('2026-07-06T00:00:00Z') }

  it('EXDATE removes one occurrence (TZID form and UTC form)', () => {
    expect(busy(weekly('EXDATE;TZID=Europe/Berlin:20260608T100000'), june)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-15T08:00:00.000Z', '2026-06-15T09:00:00.000Z'],
      ['2026-06-22T08:00:00.000Z', '2026-06-22T09:00:00.000Z'],
    ])
    expect(busy(weekly('EXDATE:20260608T080000Z,20260615T080000Z'), june)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-22T08:00:00.000Z', '2026-06-22T09:00:00.000Z'],
    ])
  })

  it('an override (RECURRENCE-ID) moves one occurrence; one with STATUS:CANCELLED removes one', () => {
    const moved = event('UID:series@example.com', 'RECURRENCE-ID;TZID=Europe/Berlin:20260608T100000',
      'DTSTART;TZID=Europe/Berlin:20260609T150000', 'DTEND;TZID=Europe/Berlin:20260609T163000', 'SEQUENCE:1')
    const cancelled = event('UID:series@example.com', 'RECURRENCE-ID;TZID=Europe/Berlin:20260615T100000',
      'DTSTART;TZID=Europe/Berlin:20260615T100000', 'DTEND;TZID=Europe/Berlin:20260615T110000', 'STATUS:CANCELLED')
    const ics = weekly().replace('END:VCALENDAR', `${moved}\n${cancelled}\nEND:VCALENDAR`)
    expect(busy(ics, june)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-09T13:00:00.000Z', '2026-06-09T14:30:00.000Z'],
      ['2026-06-22T08:00:00.000Z', '2026-06-22T09:00:00.000Z'],
    ])
  })

  it('an override can make one occurrence transparent, or move one from outside the window into it', () => {
    const free = event('UID:series@example.com', 'RECURRENCE-ID;TZID=Europe/Berlin:20260601T100000',
      'DTSTART;TZID=Europe/Berlin:20260601T100000', 'DTEND;TZID=Europe/Berlin:20260601T110000', 'TRANSP:TRANSPARENT')
    const pulledIn = event('UID:series@example.com', 'RECURRENCE-ID;TZID=Europe/Berlin:20260622T100000',
      'DTSTART;TZID=Europe/Berlin:20260604T120000', 'DTEND;TZID=Europe/Berlin:20260604T130000')
    const ics = weekly().replace('END:VCALENDAR', `${free}\n${pulledIn}\nEND:VCALENDAR`)
    expect(busy(ics, { from: at('2026-05-25T00:00:00Z'), to: at('2026-06-05T00:00:00Z') })).toEqual([
      ['2026-06-04T10:00:00.000Z', '2026-06-04T11:00:00.000Z'],
    ])
  })

  it('COUNT and UNTIL are respected (UNTIL in UTC is inclusive)', () => {
    expect(busy(weekly(), june)).toHaveLength(4)
    const until = calendar(BERLIN_VTIMEZONE, event('UID:u', 'DTSTART;TZID=Europe/Berlin:20260316T100000',
      'DTEND;TZID=Europe/Berlin:20260316T110000', 'RRULE:FREQ=WEEKLY;UNTIL=20260330T080000Z'))
    expect(busy(until)).toEqual([
      ['2026-03-16T09:00:00.000Z', '2026-03-16T10:00:00.000Z'],
      ['2026-03-23T09:00:00.000Z', '2026-03-23T10:00:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T09:00:00.000Z'],
    ])
    const allDayUntil = calendar(event('UID:d', 'DTSTART;VALUE=DATE:20260601', 'DTEND;VALUE=DATE:20260602', 'RRULE:FREQ=DAILY;UNTIL=20260603'))
    expect(busy(allDayUntil, { floatingZone: 'UTC' })).toEqual([
      ['2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'],
      ['2026-06-02T00:00:00.000Z', '2026-06-03T00:00:00.000Z'],
      ['2026-06-03T00:00:00.000Z', '2026-06-04T00:00:00.000Z'],
    ])
  })

  it('a daily event since 1995 queried for one week of 2026 gives 7 intervals, quickly', () => {
    const ics = calendar(event('UID:standup', 'DTSTART;TZID=America/New_York:19950102T091500', 'DTEND;TZID=America/New_York:19950102T093000', 'RRULE:FREQ=DAILY'))
    const started = performance.now()
    const result = busy(ics, { from: at('2026-03-05T00:00:00Z'), to: at('2026-03-12T00:00:00Z') })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(result).toEqual([
      ['2026-03-05T14:15:00.000Z', '2026-03-05T14:30:00.000Z'],
      ['2026-03-06T14:15:00.000Z', '2026-03-06T14:30:00.000Z'],
      ['2026-03-07T14:15:00.000Z', '2026-03-07T14:30:00.000Z'],
      ['2026-03-08T13:15:00.000Z', '2026-03-08T13:30:00.000Z'],
      ['2026-03-09T13:15:00.000Z', '2026-03-09T13:30:00.000Z'],
      ['2026-03-10T13:15:00.000Z', '2026-03-10T13:30:00.000Z'],
      ['2026-03-11T13:15:00.000Z', '2026-03-11T13:30:00.000Z'],
    ])
  })

  it('long-running monthly, yearly and every-weekday series from the 1980s still reach 2026', () => {
    const ics = calendar(
      event('UID:m', 'DTSTART;TZID=Europe/Berlin:19850115T090000', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR'),
      event('UID:y', 'DTSTART;VALUE=DATE:19800310', 'RRULE:FREQ=YEARLY'))
    const result = busy(ics, { from: at('2026-03-09T00:00:00Z'), to: at('2026-03-11T00:00:00Z'), floatingZone: 'UTC' })
    expect(result).toEqual([
      ['2026-03-09T08:00:00.000Z', '2026-03-09T09:00:00.000Z'],
      ['2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
      ['2026-03-10T08:00:00.000Z', '2026-03-10T09:00:00.000Z'],
    ])
  })

  it('RDATE adds occurrences (DATE-TIME and PERIOD)', () => {
    const ics = calendar(event('UID:r', 'DTSTART:20260601T080000Z', 'DTEND:20260601T090000Z',
      'RDATE:20260603T120000Z', 'RDATE;VALUE=PERIOD:20260605T070000Z/PT2H'))
    expect(busy(ics)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-03T12:00:00.000Z', '2026-06-03T13:00:00.000Z'],
      ['2026-06-05T07:00:00.000Z', '2026-06-05T09:00:00.000Z'],
    ])
  })

  it('RANGE=THISANDFUTURE shifts the rest of the series', () => {
    const later = event('UID:series@example.com', 'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260615T100000',
      'DTSTART;TZID=Europe/Berlin:20260615T140000', 'DTEND;TZID=Europe/Berlin:20260615T143000')
    const ics = weekly().replace('END:VCALENDAR', `${later}\nEND:VCALENDAR`)
    expect(busy(ics, june)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-08T08:00:00.000Z', '2026-06-08T09:00:00.000Z'],
      ['2026-06-15T12:00:00.000Z', '2026-06-15T12:30:00.000Z'],
      ['2026-06-22T12:00:00.000Z', '2026-06-22T12:30:00.000Z'],
    ])
  })

  it('server-expanded instances (CALDAV:expand: each VEVENT has a UTC RECURRENCE-ID, no RRULE)', () => {
    const ics = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Sabre//Sabre VObject 4.5.4//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
UID:3f2a9c1e-expand@example.com
DTSTAMP:20260101T090000Z
SUMMARY:Weekly sync
RECURRENCE-ID:20260601T080000Z
DTSTART:20260601T080000Z
DTEND:20260601T090000Z
END:VEVENT
BEGIN:VEVENT
UID:3f2a9c1e-expand@example.com
DTSTAMP:20260101T090000Z
SUMMARY:Weekly sync
RECURRENCE-ID:20260608T080000Z
DTSTART:20260608T080000Z
DTEND:20260608T090000Z
END:VEVENT
BEGIN:VEVENT
UID:3f2a9c1e-expand@example.com
DTSTAMP:20260101T090000Z
SUMMARY:Weekly sync (moved)
RECURRENCE-ID:20260615T080000Z
DTSTART:20260616T130000Z
DTEND:20260616T140000Z
END:VEVENT
END:VCALENDAR
`
    expect(busy(ics, june)).toEqual([
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-08T08:00:00.000Z', '2026-06-08T09:00:00.000Z'],
      ['2026-06-16T13:00:00.000Z', '2026-06-16T14:00:00.000Z'],
    ])
  })

  it('rules no date satisfies, rules whose next date is decades of steps away, and SECONDLY rules finish quickly', () => {
    const impossible = calendar(event('UID:i', 'DTSTART:20260101T080000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'))
    const farAway = calendar(event('UID:f', 'DTSTART:20260101T080000Z', 'DURATION:PT1H', 'RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO'))
    const secondly = calendar(event('UID:s', 'DTSTART:20260101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY'))
    const started = performance.now()
    expect(busy(impossible)).toEqual([['2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000Z']])
    expect(busy(farAway)).toEqual([['2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000Z']])
    expect(busyFromICalendar(crlf(secondly), { from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z'), selfAddresses: [], floatingZone: 'UTC', ignoreAllDay: false }).length).toBeLessThanOrEqual(10_001)
    expect(performance.now() - started).toBeLessThan(10_000)
  })
})

describe('busyFromICalendar: what counts as busy', () => {
  const attendees = (owner: string, other: string): string[] => [
    'ORGANIZER;CN=Dana Boss:mailto:dana@example.org',
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${owner};CN=Owner;X-NUM-GUESTS=0:MAILTO:Owner@Example.com`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${other};CN=Someone:mailto:someone@example.org`,
  ]
  const timed = (...extra: string[]): string => calendar(event('UID:x', 'DTSTART:20260714T080000Z', 'DTEND:20260714T090000Z', ...extra))
  const BUSY = [['2026-07-14T08:00:00.000Z', '2026-07-14T09:00:00.000Z']]

  it('TRANSP:TRANSPARENT and STATUS:CANCELLED block nothing; TRANSP:OPAQUE and STATUS:TENTATIVE do', () => {
    expect(busy(timed('TRANSP:TRANSPARENT'))).toEqual([])
    expect(busy(timed('STATUS:CANCELLED'))).toEqual([])
    expect(busy(timed('TRANSP:OPAQUE', 'STATUS:TENTATIVE'))).toEqual(BUSY)
  })

  it('declined by the owner (case-insensitive MAILTO:) blocks nothing; declined by someone else or accepted by the owner does', () => {
    expect(busy(timed(...attendees('DECLINED', 'ACCEPTED')))).toEqual([])
    expect(busy(timed(...attendees('ACCEPTED', 'DECLINED')))).toEqual(BUSY)
    expect(busy(timed(...attendees('NEEDS-ACTION', 'DECLINED')))).toEqual(BUSY)
    expect(busy(timed(...attendees('DECLINED', 'ACCEPTED')), { selfAddresses: ['other@example.com'] })).toEqual(BUSY)
  })

  it('VTODO and VJOURNAL are ignored', () => {
    const ics = calendar(
      'BEGIN:VTODO\nUID:t\nDTSTAMP:20260101T090000Z\nDTSTART:20260714T080000Z\nDUE:20260714T090000Z\nEND:VTODO',
      'BEGIN:VJOURNAL\nUID:j\nDTSTAMP:20260101T090000Z\nDTSTART:20260714T080000Z\nEND:VJOURNAL')
    expect(busy(ics)).toEqual([])
  })

  it('all-day: one DATE blocks midnight to midnight in floatingZone; ignoreAllDay blocks nothing; multi-day', () => {
    const oneDay = calendar(event('UID:d1', 'DTSTART;VALUE=DATE:20260714', 'DTEND;VALUE=DATE:20260715', 'SUMMARY:Holiday'))
    expect(busy(oneDay)).toEqual([['2026-07-13T22:00:00.000Z', '2026-07-14T22:00:00.000Z']])
    expect(busy(oneDay, { floatingZone: 'America/New_York' })).toEqual([['2026-07-14T04:00:00.000Z', '2026-07-15T04:00:00.000Z']])
    expect(busy(oneDay, { ignoreAllDay: true })).toEqual([])
    const noEnd = calendar(event('UID:d2', 'DTSTART;VALUE=DATE:20260714'))
    expect(busy(noEnd)).toEqual([['2026-07-13T22:00:00.000Z', '2026-07-14T22:00:00.000Z']])
    // Three days over the late-March change: still local midnight to local midnight.
    const multi = calendar(event('UID:d3', 'DTSTART;VALUE=DATE:20260328', 'DTEND;VALUE=DATE:20260331', 'SUMMARY:Conference'))
    expect(busy(multi)).toEqual([['2026-03-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z']])
  })

  it('DURATION instead of DTEND (exact hours, nominal days); neither: a DATE-TIME lasts zero and blocks nothing', () => {
    expect(busy(calendar(event('UID:a', 'DTSTART;TZID=Europe/Berlin:20260714T100000', 'DURATION:PT45M'))))
      .toEqual([['2026-07-14T08:00:00.000Z', '2026-07-14T08:45:00.000Z']])
    expect(busy(calendar(event('UID:b', 'DTSTART;TZID=Europe/Berlin:20260328T120000', 'DURATION:P1D'))))
      .toEqual([['2026-03-28T11:00:00.000Z', '2026-03-29T10:00:00.000Z']])
    expect(busy(calendar(event('UID:c', 'DTSTART;TZID=Europe/Berlin:20260714T100000')))).toEqual([])
  })

  it('returns every occurrence overlapping [from, to), unclipped; touching the edges is not overlapping', () => {
    const ics = calendar(
      event('UID:1', 'DTSTART:20260714T070000Z', 'DTEND:20260714T090000Z'),
      event('UID:2', 'DTSTART:20260714T060000Z', 'DTEND:20260714T080000Z'),
      event('UID:3', 'DTSTART:20260714T100000Z', 'DTEND:20260714T110000Z'),
      event('UID:4', 'DTSTART:20260714T095959Z', 'DTEND:20260714T100000Z'))
    expect(busy(ics, { from: at('2026-07-14T08:00:00Z'), to: at('2026-07-14T10:00:00Z') })).toEqual([
      ['2026-07-14T07:00:00.000Z', '2026-07-14T09:00:00.000Z'],
      ['2026-07-14T09:59:59.000Z', '2026-07-14T10:00:00.000Z'],
    ])
  })
})

describe('busyFromFreeBusy', () => {
  it('reads BUSY (default), BUSY-UNAVAILABLE and BUSY-TENTATIVE periods with end or duration; FREE is skipped', () => {
    const reply = crlf(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Sabre//Sabre VObject 4.5.4//EN
CALSCALE:GREGORIAN
METHOD:REPLY
BEGIN:VFREEBUSY
DTSTART:20260302T000000Z
DTEND:20260309T000000Z
DTSTAMP:20260301T120000Z
FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260302T080000Z/20260302T090000Z
FREEBUSY:20260303T100000Z/PT1H30M,20260304T150000Z/20260304T160000Z
FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260305T120000Z/PT30M
FREEBUSY;FBTYPE=FREE:20260306T000000Z/20260306T235959Z
FREEBUSY;FBTYPE=BUSY:20260307T090000Z/P1D
END:VFREEBUSY
END:VCALENDAR
`)
    expect(isoPairs(busyFromFreeBusy(reply))).toEqual([
      ['2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z'],
      ['2026-03-03T10:00:00.000Z', '2026-03-03T11:30:00.000Z'],
      ['2026-03-04T15:00:00.000Z', '2026-03-04T16:00:00.000Z'],
      ['2026-03-05T12:00:00.000Z', '2026-03-05T12:30:00.000Z'],
      ['2026-03-07T09:00:00.000Z', '2026-03-08T09:00:00.000Z'],
    ])
  })

  it('an empty VFREEBUSY is no busy time; non-iCalendar is an ICalError', () => {
    expect(busyFromFreeBusy(crlf('BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VFREEBUSY\nDTSTAMP:20260301T120000Z\nEND:VFREEBUSY\nEND:VCALENDAR\n'))).toEqual([])
    expect(() => busyFromFreeBusy('<html>502 Bad Gateway</html>')).toThrow(ICalError)
  })
})

describe('parseEvent', () => {
  const googleEvent = crlf(calendar(BERLIN_VTIMEZONE, `BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20260714T100000
DTEND;TZID=Europe/Berlin:20260714T104500
DTSTAMP:20260701T120000Z
ORGANIZER;CN=owner@example.com:mailto:owner@example.com
UID:7kukuqrfedlm2f9t0vmq4k6c2o@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=owner@example.com;X-NUM-GUESTS=0:mailto:owner@example.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Jane Doe;X-NUM-GUESTS=0:mailto:Jane.Doe@Example.org
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij
CREATED:20260701T120000Z
DESCRIPTION:Intro call\\, booked by phone.\\nBring notes\\; thanks.
LAST-MODIFIED:20260702T080000Z
LOCATION:
SEQUENCE:2
STATUS:TENTATIVE
SUMMARY:Intro call: Jane Doe
TRANSP:OPAQUE
X-SLOTLINE:1
X-SLOTLINE-BOOKING:bk_01HZX3
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:This is an event reminder
TRIGGER:-P0DT0H10M0S
END:VALARM
END:VEVENT`))

  it('reads a Google-shaped event', () => {
    expect(parseEvent(googleEvent, 'UTC')).toEqual({
      uid: '7kukuqrfedlm2f9t0vmq4k6c2o@google.com',
      status: 'tentative',
      start: at('2026-07-14T08:00:00Z'),
      end: at('2026-07-14T08:45:00Z'),
      title: 'Intro call: Jane Doe',
      description: 'Intro call, booked by phone.\nBring notes; thanks.',
      meetLink: 'https://meet.google.com/abc-defg-hij',
      marker: { slotline: '1', slotlineBooking: 'bk_01HZX3' },
      attendees: ['owner@example.com', 'jane.doe@example.org'],
      sequence: 2,
    })
  })

  it('picks the master even when an override comes first; defaults when fields are absent', () => {
    const ics = crlf(calendar(
      event('UID:s', 'RECURRENCE-ID:20260608T080000Z', 'DTSTART:20260608T090000Z', 'DTEND:20260608T100000Z', 'SUMMARY:Moved one'),
      event('UID:s', 'DTSTART:20260601T080000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'STATUS:CANCELLED')))
    expect(parseEvent(ics, 'UTC')).toEqual({
      uid: 's', status: 'cancelled', start: at('2026-06-01T08:00:00Z'), end: at('2026-06-01T09:00:00Z'), title: '',
      description: null, meetLink: null, marker: {}, attendees: [], sequence: 0,
    })
    const onlyOverride = crlf(calendar(event('UID:s', 'RECURRENCE-ID:20260608T080000Z', 'DTSTART:20260608T090000Z', 'DTEND:20260608T100000Z')))
    expect(parseEvent(onlyOverride, 'UTC')?.start).toBe(at('2026-06-08T09:00:00Z'))
  })

  it('finds Teams and plain URL links; all-day events use floatingZone', () => {
    const teams = crlf(calendar(event('UID:t', 'DTSTART;VALUE=DATE:20260714', 'X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc')))
    expect(parseEvent(teams, 'Asia/Kolkata')).toMatchObject({
      meetLink: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc', start: at('2026-07-13T18:30:00Z'), end: at('2026-07-14T18:30:00Z'),
    })
    const url = crlf(calendar(event('UID:u', 'DTSTART:20260714T080000Z', 'URL:https://zoom.us/j/123456789')))
    expect(parseEvent(url, 'UTC')?.meetLink).toBe('https://zoom.us/j/123456789')
  })

  it('null when there is no VEVENT; ICalError on text that is not iCalendar', () => {
    expect(parseEvent(crlf(calendar('BEGIN:VTODO\nUID:t\nDTSTAMP:20260101T090000Z\nEND:VTODO')), 'UTC')).toBeNull()
    expect(() => parseEvent('hello', 'UTC')).toThrow(ICalError)
  })
})

describe('bad input', () => {
  const options: BusyReadOptions = { from: 0, to: at('2030-01-01T00:00:00Z'), selfAddresses: [], floatingZone: 'UTC', ignoreAllDay: false }

  it.each(['', 'hello', 'BEGIN:VEVENT\r\nEND:VEVENT\r\n', '<?xml version="1.0"?><d:error xmlns:d="DAV:"/>', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'])(
    'busyFromICalendar(%j) throws ICalError', (text) => {
      expect(() => busyFromICalendar(text, options)).toThrow(ICalError)
    })

  it('an unknown floatingZone is an ICalError too (never another error type)', () => {
    expect(() => busyFromICalendar(crlf(calendar(event('UID:a', 'DTSTART:20260714T100000'))), { ...options, floatingZone: 'Mars/Olympus' })).toThrow(ICalError)
  })
})
