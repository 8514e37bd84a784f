// The iCalendar module's guarantees beyond single examples: mangled text only ever raises ICalError,
// results do not depend on the process time zone, and inputs are never mutated.

import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildEvent, busyFromFreeBusy, busyFromICalendar, ICalError, moveEventICalendar, parseEvent, vtimezone } from '../../server/calendars/caldav/ical.ts'
import type { BookingEvent, BusyReadOptions } from '../../server/calendars/caldav/ical.ts'

const MODULE_DIR = resolve(import.meta.dirname, '../../server/calendars/caldav')

const RECURRING = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Sabre//Sabre VObject 4.5.4//EN',
  'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT', 'UID:r@example.com', 'DTSTAMP:20260101T000000Z', 'DTSTART;TZID=Europe/Berlin:20260302T100000', 'DTEND;TZID=Europe/Berlin:20260302T110000',
  'RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20260430T220000Z', 'EXDATE;TZID=Europe/Berlin:20260309T100000',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:owner@example.com', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:r@example.com', 'DTSTAMP:20260101T000000Z', 'RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000',
  'DTSTART;TZID=Europe/Berlin:20260316T150000', 'DTEND;TZID=Europe/Berlin:20260316T160000', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:f@example.com', 'DTSTAMP:20260101T000000Z', 'DTSTART:20260320T090000', 'DURATION:PT90M', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:d@example.com', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20260328', 'DTEND;VALUE=DATE:20260330', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n')

const FREEBUSY = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example//EN', 'BEGIN:VFREEBUSY', 'DTSTAMP:20260301T000000Z',
  'FREEBUSY:20260302T080000Z/PT1H,20260303T080000Z/20260303T093000Z', 'FREEBUSY;FBTYPE=FREE:20260304T080000Z/PT1H', 'END:VFREEBUSY', 'END:VCALENDAR', '',
].join('\r\n')

const OPTIONS: BusyReadOptions = {
  from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-05-01T00:00:00Z'),
  selfAddresses: ['owner@example.com'], floatingZone: 'America/St_Johns', ignoreAllDay: false,
}

const BOOKING: BookingEvent = {
  uid: 'bk-1@slotline', title: 'Call', description: 'Hello', start: Date.parse('2026-03-29T00:30:00Z'), end: Date.parse('2026-03-29T01:30:00Z'),
  timeZone: 'Europe/Berlin', organizer: { email: 'owner@example.com', name: null }, attendee: { email: 'guest@example.org', name: 'Guest' },
  sendInvitations: true, marker: { slotline: '1', slotlineBooking: 'bk-1' }, now: Date.parse('2026-03-01T00:00:00Z'),
}

/** Random damage to a valid text: lines dropped, duplicated, replaced, or characters spliced in. */
function mangled(base: string): fc.Arbitrary<string> {
  const lines = base.split('\r\n')
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat(lines.length - 1), text: fc.constant('') }),
    fc.record({ kind: fc.constant('dup' as const), at: fc.nat(lines.length - 1), text: fc.constant('') }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(lines.length - 1), text: fc.string({ maxLength: 40 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: fc.nat(lines.length - 1), text: fc.constantFrom(';', ':', '=', ',', '"', '\\', 'T', 'Z', '9', '-', 'RRULE:FREQ=DAILY', 'BEGIN:VEVENT', 'END:VEVENT', ' ') }),
  )
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    const out = [...lines]
    for (const e of edits) {
      const at = Math.min(e.at, out.length - 1)
      const line = out[at] ?? ''
      if (e.kind === 'drop') out.splice(at, 1)
      else if (e.kind === 'dup') out.splice(at, 0, line)
      else if (e.kind === 'replace') out[at] = e.text
      else out[at] = line.slice(0, Math.floor(line.length / 2)) + e.text + line.slice(Math.floor(line.length / 2))
    }
    return out.join('\r\n')
  })
}

function onlyICalError(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ICalError)
  }
}

describe('mangled input only ever raises ICalError', () => {
  it('busyFromICalendar and parseEvent on damaged calendar objects', () => {
    fc.assert(fc.property(mangled(RECURRING), (text) => {
      onlyICalError(() => {
        for (const b of busyFromICalendar(text, OPTIONS)) {
          expect(Number.isFinite(b.start) && Number.isFinite(b.end) && b.end > b.start).toBe(true)
        }
      })
      onlyICalError(() => parseEvent(text, 'Europe/Berlin'))
    }), { numRuns: 400 })
  })

  it('busyFromFreeBusy on damaged replies, and arbitrary strings everywhere', () => {
    fc.assert(fc.property(mangled(FREEBUSY), (text) => onlyICalError(() => busyFromFreeBusy(text))), { numRuns: 200 })
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      onlyICalError(() => busyFromICalendar(text, OPTIONS))
      onlyICalError(() => busyFromICalendar(`BEGIN:VCALENDAR\r\n${text}`, OPTIONS))
      onlyICalError(() => parseEvent(`BEGIN:VCALENDAR\r\n${text}`, 'UTC'))
      onlyICalError(() => busyFromFreeBusy(text))
    }), { numRuns: 300 })
  })

  it('moveEventICalendar on damaged text', () => {
    const move = { start: Date.parse('2026-04-01T08:00:00Z'), end: Date.parse('2026-04-01T09:00:00Z'), timeZone: 'Europe/Berlin', now: 0 }
    fc.assert(fc.property(mangled(buildEvent(BOOKING)), (text) => onlyICalError(() => moveEventICalendar(text, move))), { numRuns: 200 })
  })
})

describe('independent of the process time zone', () => {
  /** Everything the module computes for the fixtures, as JSON. */
  const SNAPSHOT = `
    const m = await import(${JSON.stringify(pathToFileURL(resolve(MODULE_DIR, 'ical.ts')).href)})
    const input = JSON.parse(process.argv[1])
    console.log(JSON.stringify({
      busy: m.busyFromICalendar(input.recurring, input.options),
      freeBusy: m.busyFromFreeBusy(input.freebusy),
      parsed: m.parseEvent(input.recurring, 'Asia/Kathmandu'),
      built: m.buildEvent(input.booking),
      moved: m.moveEventICalendar(m.buildEvent(input.booking), { start: Date.parse('2026-10-25T00:30:00Z'), end: Date.parse('2026-10-25T02:00:00Z'), timeZone: 'America/New_York', now: 0 }),
      vtimezone: m.vtimezone('Australia/Lord_Howe', { from: 0, to: 86400000 }),
    }))`

  it.each(['UTC', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu'])('TZ=%s gives the same results as this process', (tz) => {
    const input = JSON.stringify({ recurring: RECURRING, options: OPTIONS, freebusy: FREEBUSY, booking: BOOKING })
    const child = spawnSync(process.execPath, ['--input-type=module', '--disable-warning=ExperimentalWarning', '-e', SNAPSHOT, input], {
      env: { ...process.env, TZ: tz }, encoding: 'utf8',
    })
    expect(child.stderr).toBe('')
    const here = {
      busy: busyFromICalendar(RECURRING, OPTIONS), freeBusy: busyFromFreeBusy(FREEBUSY), parsed: parseEvent(RECURRING, 'Asia/Kathmandu'),
      built: buildEvent(BOOKING),
      moved: moveEventICalendar(buildEvent(BOOKING), { start: Date.parse('2026-10-25T00:30:00Z'), end: Date.parse('2026-10-25T02:00:00Z'), timeZone: 'America/New_York', now: 0 }),
      vtimezone: vtimezone('Australia/Lord_Howe', { from: 0, to: 86_400_000 }),
    }
    expect(JSON.parse(child.stdout)).toEqual(here)
    expect(here.busy.length).toBeGreaterThan(10)
  })

  it('never calls local-time Date methods', () => {
    const files = readdirSync(MODULE_DIR).filter((file) => file.startsWith('ical') || file === 'vtimezone.ts')
    expect(files.length).toBeGreaterThanOrEqual(8)
    for (const file of files) {
      const source = readFileSync(resolve(MODULE_DIR, file), 'utf8')
      expect(source).not.toMatch(/\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)\(|getTimezoneOffset|toLocale\w*\(|Date\.now\(|new Date\(\)/)
    }
  })
})

describe('purity', () => {
  const deepFreeze = <T>(value: T): T => {
    if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) deepFreeze(inner)
      Object.freeze(value)
    }
    return value
  }

  it('inputs are not mutated and equal inputs give equal outputs', () => {
    const booking = deepFreeze(structuredClone(BOOKING))
    const options = deepFreeze({ ...OPTIONS, selfAddresses: [...OPTIONS.selfAddresses] })
    expect(buildEvent(booking)).toBe(buildEvent(booking))
    expect(busyFromICalendar(RECURRING, options)).toEqual(busyFromICalendar(RECURRING, options))
    const move = deepFreeze({ start: Date.parse('2026-04-01T08:00:00Z'), end: Date.parse('2026-04-01T09:00:00Z'), timeZone: 'Asia/Kolkata', now: 5 })
    expect(moveEventICalendar(RECURRING, move)).toBe(moveEventICalendar(RECURRING, move))
    expect(vtimezone('America/New_York', deepFreeze({ from: 0, to: 1 }))).toBe(vtimezone('America/New_York', { from: 0, to: 1 }))
  })
})
