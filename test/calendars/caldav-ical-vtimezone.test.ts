// vtimezone(): the VTIMEZONE we write must make other software (ical.js here, standing in for CalDAV
// servers and clients) put local times at the same instants luxon does — including the hours around
// DST changes, 30-minute DST (Lord Howe), no DST (Kolkata) and the +12:45/+13:45 Chatham zone.

import fc from 'fast-check'
import ICAL from 'ical.js'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { busyFromICalendar, vtimezone } from '../../server/calendars/caldav/ical.ts'

const at = (iso: string): number => Date.parse(iso)
const HOUR = 3_600_000
const YEAR_2026 = { from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') }
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'] as const

/** Offset changes in 2026 by a 15-minute luxon scan (independent of the code under test). */
function transitions2026(zone: string): number[] {
  const z = IANAZone.create(zone)
  const found: number[] = []
  for (let t = YEAR_2026.from; t < YEAR_2026.to; t += 15 * 60_000) if (z.offset(t) !== z.offset(t + 15 * 60_000)) found.push(t + 15 * 60_000)
  return found
}

/** Random instants in 2026, half of them within 3 hours of a transition. */
function instants(zone: string): fc.Arbitrary<number> {
  const near = transitions2026(zone)
  const anywhere = fc.integer({ min: YEAR_2026.from, max: YEAR_2026.to - 1 }).map((t) => Math.floor(t / 60_000) * 60_000)
  if (near.length === 0) return anywhere
  const close = fc.tuple(fc.constantFrom(...near), fc.integer({ min: -180, max: 180 })).map(([t, minutes]) => t + minutes * 60_000)
  return fc.oneof(anywhere, close)
}

const localText = (dt: DateTime): string => dt.toFormat("yyyyMMdd'T'HHmmss")

const vtimezones = new Map<string, string>()
function calendarAt(zone: string, local: string): string {
  const vtz = vtimezones.get(zone) ?? vtimezone(zone, YEAR_2026)
  vtimezones.set(zone, vtz)
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Test//EN', vtz,
    'BEGIN:VEVENT', 'UID:probe', 'DTSTAMP:20260101T000000Z', `DTSTART;TZID=${zone}:${local}`, 'DURATION:PT1M', 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n')
}

/** The instant ical.js gives a local time, with our VTIMEZONE registered. */
function icalJsInstant(zone: string, local: string): number {
  const ics = calendarAt(zone, local)
  const vtz = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vtimezone')
  if (!vtz) throw new Error('no VTIMEZONE')
  ICAL.TimezoneService.register(vtz)
  try {
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')
    return new ICAL.Event(event ?? undefined).startDate.toUnixTime() * 1000
  } finally {
    ICAL.TimezoneService.remove(zone)
  }
}

/** Every instant within ±3 h whose local wall clock in `zone` reads `local` (brute force, 15-minute steps). */
function instantsReading(zone: string, local: string, near: number): number[] {
  const found: number[] = []
  for (let d = -3 * HOUR; d <= 3 * HOUR; d += 15 * 60_000) if (localText(DateTime.fromMillis(near + d, { zone })) === local) found.push(near + d)
  return found
}

describe('vtimezone', () => {
  it('lists every Europe/Berlin transition from a year before to a year after the span, with explicit DTSTARTs', () => {
    const text = vtimezone('Europe/Berlin', YEAR_2026)
    expect(text.endsWith('\r\n')).toBe(false)
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('BEGIN:VTIMEZONE')
    expect(lines[1]).toBe('TZID:Europe/Berlin')
    expect(lines.at(-1)).toBe('END:VTIMEZONE')
    expect(lines.some((l) => l.startsWith('RRULE'))).toBe(false)
    const observances = lines.filter((l) => /^(BEGIN:(STANDARD|DAYLIGHT)|DTSTART|TZOFFSET)/.test(l)).join(' ')
    expect(observances).toBe([
      'BEGIN:STANDARD DTSTART:20250101T010000 TZOFFSETFROM:+0100 TZOFFSETTO:+0100',
      'BEGIN:DAYLIGHT DTSTART:20250330T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0200',
      'BEGIN:STANDARD DTSTART:20251026T030000 TZOFFSETFROM:+0200 TZOFFSETTO:+0100',
      'BEGIN:DAYLIGHT DTSTART:20260329T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0200',
      'BEGIN:STANDARD DTSTART:20261025T030000 TZOFFSETFROM:+0200 TZOFFSETTO:+0100',
      'BEGIN:DAYLIGHT DTSTART:20270328T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0200',
      'BEGIN:STANDARD DTSTART:20271031T030000 TZOFFSETFROM:+0200 TZOFFSETTO:+0100',
    ].join(' '))
  })

  it('a zone without transitions gets a single STANDARD; odd offsets are written exactly', () => {
    const kolkata = vtimezone('Asia/Kolkata', YEAR_2026).split('\r\n')
    expect(kolkata.filter((l) => l.startsWith('BEGIN:STANDARD') || l.startsWith('BEGIN:DAYLIGHT'))).toEqual(['BEGIN:STANDARD'])
    expect(kolkata).toEqual(expect.arrayContaining(['TZOFFSETFROM:+0530', 'TZOFFSETTO:+0530']))
    const chatham = vtimezone('Pacific/Chatham', YEAR_2026).split('\r\n')
    expect(chatham).toEqual(expect.arrayContaining(['DTSTART:20260405T034500', 'TZOFFSETFROM:+1345', 'TZOFFSETTO:+1245']))
    const lordHowe = vtimezone('Australia/Lord_Howe', YEAR_2026).split('\r\n')
    expect(lordHowe).toEqual(expect.arrayContaining(['DTSTART:20261004T020000', 'TZOFFSETFROM:+1030', 'TZOFFSETTO:+1100']))
  })

  it('throws RangeError for a zone luxon does not know', () => {
    expect(() => vtimezone('Atlantis/Capital', YEAR_2026)).toThrow(RangeError)
  })

  it.each(ZONES)('%s: ical.js puts local times at the instants luxon gives (property test)', (zone) => {
    fc.assert(fc.property(instants(zone), (instant) => {
      const local = localText(DateTime.fromMillis(instant, { zone }))
      const fromIcalJs = icalJsInstant(zone, local)
      const readings = instantsReading(zone, local, instant)
      if (readings.length === 1) {
        expect(fromIcalJs).toBe(instant)
        expect(fromIcalJs).toBe(DateTime.fromFormat(local, "yyyyMMdd'T'HHmmss", { zone }).toMillis())
      } else {
        // The repeated hour names two instants. ical.js takes the later (standard-time) one; luxon's pick varies by
        // zone; RFC 5545 says the first, which is what our own reader does (next test) and why buildEvent writes
        // such instants in UTC rather than as an ambiguous local time.
        expect(readings).toHaveLength(2)
        expect(fromIcalJs).toBe(Math.max(...readings))
      }
    }), { numRuns: 150 })
  })

  it.each(ZONES)('%s: busyFromICalendar reads our VTIMEZONE like luxon, taking the first of a repeated time (RFC 5545)', (zone) => {
    fc.assert(fc.property(instants(zone), (instant) => {
      const local = localText(DateTime.fromMillis(instant, { zone }))
      const busy = busyFromICalendar(calendarAt(zone, local), { ...YEAR_2026, selfAddresses: [], floatingZone: 'UTC', ignoreAllDay: false })
      const first = Math.min(...instantsReading(zone, local, instant))
      expect(busy).toEqual([{ start: first, end: first + 60_000 }])
    }), { numRuns: 150 })
  })
})
