// Table tests for findSlots: each rule on a plain (non-DST) week in New York, January 2026
// (EST, -05:00). 2026-01-13 is a Tuesday; 2026-01-17/18 are Saturday/Sunday.

import { describe, expect, it } from 'vitest'
import { findSlots, type Busy, type Rules } from '../../server/scheduling/index.ts'
import { at, busy, everyDay, queryFor, rulesFor, starts } from './fixtures.ts'

const NY = 'America/New_York'
const TUE = ['2026-01-13T00:00:00-05:00', '2026-01-14T00:00:00-05:00'] as const
const SAT = ['2026-01-17T00:00:00-05:00', '2026-01-18T00:00:00-05:00'] as const
const MONDAY_NOON = '2026-01-12T12:00:00-05:00'

interface Case {
  name: string
  rules?: Partial<Rules>
  window?: readonly [string, string]
  now?: string
  busy?: Busy[]
  duration?: number
  expected: string[]
}

const tue = (hhmm: string): string => `2026-01-13T${hhmm}:00-05:00`
const sat = (hhmm: string): string => `2026-01-17T${hhmm}:00-05:00`

const cases: Case[] = [
  { name: 'plain weekday 09–17, 60 min on a 60 min step', expected: ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(tue) },
  {
    name: 'several ranges per day: 09–12 and 13–17, 60 min on a 30 min step',
    rules: { slotStep: 30, weeklyHours: everyDay([{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]) },
    expected: ['09:00', '09:30', '10:00', '10:30', '11:00', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map(tue),
  },
  { name: 'end "24:00" is end of day', rules: { slotStep: 30, weeklyHours: everyDay([{ start: '22:00', end: '24:00' }]) }, expected: ['22:00', '22:30', '23:00'].map(tue) },
  { name: 'end "23:59" is end of day too', rules: { slotStep: 30, weeklyHours: everyDay([{ start: '22:00', end: '23:59' }]) }, expected: ['22:00', '22:30', '23:00'].map(tue) },
  {
    name: 'touching ranges merge: 09–10 + 10–12 offers 09:30–10:30',
    rules: { slotStep: 30, weeklyHours: everyDay([{ start: '09:00', end: '10:00' }, { start: '10:00', end: '12:00' }]) },
    expected: ['09:00', '09:30', '10:00', '10:30', '11:00'].map(tue),
  },
  { name: 'weekend excluded even with saturday hours', rules: { weeklyHours: everyDay([{ start: '10:00', end: '14:00' }]) }, window: SAT, expected: [] },
  {
    name: 'weekend offered when not excluded',
    rules: { excludeWeekends: false, weeklyHours: everyDay([{ start: '10:00', end: '14:00' }]) },
    window: SAT,
    expected: ['10:00', '11:00', '12:00', '13:00'].map(sat),
  },
  { name: 'date override with other hours', rules: { dateOverrides: [{ date: '2026-01-13', ranges: [{ start: '12:00', end: '14:00' }] }] }, expected: [tue('12:00'), tue('13:00')] },
  { name: 'date override day off', rules: { dateOverrides: [{ date: '2026-01-13', ranges: [] }] }, expected: [] },
  {
    name: 'date override wins over excluded weekend; a later duplicate wins',
    rules: { dateOverrides: [{ date: '2026-01-17', ranges: [] }, { date: '2026-01-17', ranges: [{ start: '10:00', end: '12:00' }] }] },
    window: SAT,
    expected: [sat('10:00'), sat('11:00')],
  },
  {
    name: 'bufferBefore keeps free time after a busy interval',
    rules: { slotStep: 30, bufferBefore: 15 },
    busy: [busy(tue('11:00'), tue('12:00'))],
    expected: ['09:00', '09:30', '10:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map(tue),
  },
  {
    name: 'bufferAfter keeps free time before a busy interval',
    rules: { slotStep: 30, bufferAfter: 30 },
    busy: [busy(tue('11:00'), tue('12:00'))],
    expected: ['09:00', '09:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map(tue),
  },
  {
    name: 'busy intervals from several calendars, overlapping and back to back',
    busy: [busy(tue('09:00'), tue('10:30'), { calendarId: 'work' }), busy(tue('10:00'), tue('11:00'), { calendarId: 'home' }), busy(tue('11:00'), tue('12:00'))],
    expected: ['12:00', '13:00', '14:00', '15:00', '16:00'].map(tue),
  },
  {
    name: 'min notice: now 09:07 + 60 min gives 10:30, never 10:07',
    rules: { slotStep: 30, minNotice: 60 },
    now: tue('09:07'),
    expected: ['10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'].map(tue),
  },
  { name: 'no min notice: now 09:07 gives 09:30, never 09:07', rules: { slotStep: 30 }, now: tue('09:07'), window: [tue('09:07'), tue('11:00')], expected: ['09:30', '10:00', '10:30'].map(tue) },
  {
    name: 'step alignment: a busy interval ending 10:07 moves the next start to 10:30, not 10:07',
    rules: { slotStep: 30 },
    busy: [busy(tue('09:00'), tue('10:07'))],
    duration: 360,
    expected: ['10:30', '11:00'].map(tue),
  },
  {
    name: 'step alignment counts from the range start (09:10, 09:40, …)',
    rules: { slotStep: 30, weeklyHours: everyDay([{ start: '09:10', end: '11:00' }]) },
    duration: 30,
    expected: ['09:10', '09:40', '10:10'].map(tue),
  },
  {
    name: 'horizon: starts strictly before now + 2 days at the same wall time',
    rules: { horizonDays: 2 },
    now: '2026-01-13T10:00:00-05:00',
    window: ['2026-01-15T00:00:00-05:00', '2026-01-16T00:00:00-05:00'],
    expected: ['2026-01-15T09:00:00-05:00'],
  },
  {
    name: 'maxPerDay counts only bookings by default (one booking + one event, limit 2)',
    rules: { maxPerDay: 2 },
    busy: [busy(tue('09:00'), tue('10:00'), { kind: 'booking' }), busy(tue('11:00'), tue('12:00'))],
    expected: ['10:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(tue),
  },
  {
    name: 'maxPerDay counting all events closes the day',
    rules: { maxPerDay: 2, dailyLimitCountsAllEvents: true },
    busy: [busy(tue('09:00'), tue('10:00'), { kind: 'booking' }), busy(tue('11:00'), tue('12:00'))],
    expected: [],
  },
  {
    name: 'a booking mirrored on two calendars counts once',
    rules: { maxPerDay: 2 },
    busy: [busy(tue('09:00'), tue('10:00'), { kind: 'booking' }), busy(tue('09:00'), tue('10:00'), { kind: 'booking', calendarId: 'other' })],
    expected: ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(tue),
  },
  { name: 'transparent busy never blocks', busy: [busy(tue('00:00'), '2026-01-14T00:00:00-05:00', { transparent: true })], expected: ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(tue) },
  { name: 'all-day busy ignored with ignoreAllDay', busy: [busy(tue('00:00'), '2026-01-14T00:00:00-05:00', { allDay: true })], expected: ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map(tue) },
  { name: 'all-day busy blocks without ignoreAllDay', rules: { ignoreAllDay: false }, busy: [busy(tue('00:00'), '2026-01-14T00:00:00-05:00', { allDay: true })], expected: [] },
  {
    name: 'window is on starts: from <= start < to (a start before `to` may end after it)',
    rules: { slotStep: 30 },
    window: [tue('09:30'), tue('10:30')],
    expected: [tue('09:30'), tue('10:00')],
  },
]

describe('findSlots table', () => {
  it.each(cases)('$name', (c) => {
    const rules = rulesFor(NY, c.rules)
    const [from, to] = c.window ?? TUE
    const q = queryFor(rules, from, to, { now: at(c.now ?? MONDAY_NOON), busy: c.busy ?? [], duration: c.duration ?? 60 })
    expect(starts(findSlots(q), NY)).toEqual(c.expected)
  })

  it('returns end = start + duration', () => {
    const q = queryFor(rulesFor(NY), ...TUE, { now: at(MONDAY_NOON), duration: 45 })
    const first = findSlots(q)[0]
    expect(first).toEqual({ start: at(tue('09:00')), end: at(tue('09:45')) })
  })

  it('a day already at maxPerDay offers nothing, the next day is unaffected', () => {
    const q = queryFor(rulesFor(NY, { maxPerDay: 1 }), TUE[0], '2026-01-15T00:00:00-05:00', {
      now: at(MONDAY_NOON),
      busy: [busy(tue('16:00'), tue('17:00'), { kind: 'booking' })],
    })
    expect(starts(findSlots(q), NY)[0]).toBe('2026-01-14T09:00:00-05:00')
  })

  it('an empty or inverted window gives no slots', () => {
    expect(findSlots(queryFor(rulesFor(NY), TUE[1], TUE[0], { now: at(MONDAY_NOON) }))).toEqual([])
    expect(findSlots(queryFor(rulesFor(NY), TUE[0], TUE[0], { now: at(MONDAY_NOON) }))).toEqual([])
  })

  it('horizonDays 0 leaves nothing bookable', () => {
    expect(findSlots(queryFor(rulesFor(NY, { horizonDays: 0 }), ...TUE, { now: at(MONDAY_NOON) }))).toEqual([])
  })

  it('ignores a range whose start is not before its end', () => {
    const q = queryFor(rulesFor(NY, { weeklyHours: everyDay([{ start: '17:00', end: '09:00' }, { start: '10:00', end: '11:00' }]) }), ...TUE, { now: at(MONDAY_NOON) })
    expect(starts(findSlots(q), NY)).toEqual([tue('10:00')])
  })

  it('rejects nonsense input with RangeError', () => {
    const good = queryFor(rulesFor(NY), ...TUE, { now: at(MONDAY_NOON) })
    expect(() => findSlots({ ...good, duration: 0 })).toThrow(RangeError)
    expect(() => findSlots({ ...good, rules: { ...good.rules, slotStep: 0 } })).toThrow(RangeError)
    expect(() => findSlots({ ...good, rules: { ...good.rules, timeZone: 'Mars/Olympus' } })).toThrow(RangeError)
    expect(() => findSlots({ ...good, rules: { ...good.rules, weeklyHours: everyDay([{ start: '9am', end: '17:00' }]) } })).toThrow(RangeError)
    expect(() => findSlots({ ...good, rules: { ...good.rules, dateOverrides: [{ date: '2026-1-13', ranges: [] }] } })).toThrow(RangeError)
    expect(() => findSlots({ ...good, rules: { ...good.rules, bufferBefore: Number.NaN } })).toThrow(RangeError)
    expect(() => findSlots({ ...good, now: Number.POSITIVE_INFINITY })).toThrow(RangeError)
  })
})
