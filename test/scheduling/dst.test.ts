// DST and odd-offset tests. Transition instants were checked with luxon (IANAZone.offset scan):
//   America/New_York     2026-03-08 07:00Z  -05:00 -> -04:00   2026-11-01 06:00Z  -04:00 -> -05:00
//   Europe/London        2026-03-29 01:00Z  +00:00 -> +01:00   2026-10-25 01:00Z  +01:00 -> +00:00
//   Australia/Lord_Howe  2026-04-04 15:00Z  +11:00 -> +10:30   2026-10-03 15:30Z  +10:30 -> +11:00
//   Pacific/Chatham      2026-04-04 14:00Z  +13:45 -> +12:45   2026-09-26 14:00Z  +12:45 -> +13:45
// (the spec test below re-checks these, so a tzdata change fails loudly instead of silently).

import { IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { findSlots, horizonEnd, type HourRange, type Rules } from '../../server/scheduling/index.ts'
import { at, everyDay, iso, starts } from './fixtures.ts'

function slotsIn(zone: string, hours: HourRange[], from: string, to: string, extra: Partial<Rules> & { now?: string; duration?: number } = {}): string[] {
  const { now, duration, ...rules } = extra
  const full: Rules = {
    timeZone: zone, weeklyHours: everyDay(hours), excludeWeekends: false, dateOverrides: [], bufferBefore: 0, bufferAfter: 0,
    minNotice: 0, slotStep: 60, horizonDays: 365, maxPerDay: null, dailyLimitCountsAllEvents: false, ignoreAllDay: true, ...rules,
  }
  return starts(findSlots({ rules: full, busy: [], now: at(now ?? '2026-01-01T00:00:00Z'), duration: duration ?? 60, from: at(from), to: at(to) }), zone)
}

const firstAndLast = (list: string[]): string[] => [list[0] ?? 'none', list[list.length - 1] ?? 'none']

describe('transition instants used by these tests', () => {
  it.each([
    ['America/New_York', '2026-03-08T07:00:00Z', -300, -240],
    ['America/New_York', '2026-11-01T06:00:00Z', -240, -300],
    ['Europe/London', '2026-03-29T01:00:00Z', 0, 60],
    ['Europe/London', '2026-10-25T01:00:00Z', 60, 0],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 660, 630],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 630, 660],
    ['Pacific/Chatham', '2026-04-04T14:00:00Z', 825, 765],
    ['Pacific/Chatham', '2026-09-26T14:00:00Z', 765, 825],
  ] as const)('%s changes at %s', (zone, instant, before, after) => {
    const z = IANAZone.create(zone)
    expect([z.offset(at(instant) - 1000), z.offset(at(instant))]).toEqual([before, after])
  })
})

describe('America/New_York: afternoon hours stay put around the change (the Cal.com bug)', () => {
  it.each([
    ['spring forward', '2026-03-07T00:00:00-05:00', '2026-03-10T00:00:00-04:00', [
      '2026-03-07T13:00:00-05:00', '2026-03-07T17:00:00-05:00', '2026-03-08T13:00:00-04:00', '2026-03-08T17:00:00-04:00', '2026-03-09T13:00:00-04:00', '2026-03-09T17:00:00-04:00']],
    ['fall back', '2026-10-31T00:00:00-04:00', '2026-11-03T00:00:00-05:00', [
      '2026-10-31T13:00:00-04:00', '2026-10-31T17:00:00-04:00', '2026-11-01T13:00:00-05:00', '2026-11-01T17:00:00-05:00', '2026-11-02T13:00:00-05:00', '2026-11-02T17:00:00-05:00']],
  ])('13:00–18:00 on the %s days', (_name, from, to, expected) => {
    const list = slotsIn('America/New_York', [{ start: '13:00', end: '18:00' }], from, to)
    expect(list).toHaveLength(15)
    const perDay = [list.slice(0, 5), list.slice(5, 10), list.slice(10)].flatMap(firstAndLast)
    expect(perDay).toEqual(expected)
  })

  it('09:00–17:00 on the spring-forward Sunday is 8 real hours from 09:00 EDT', () => {
    const list = slotsIn('America/New_York', [{ start: '09:00', end: '17:00' }], '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')
    expect(list).toEqual(['09', '10', '11', '12', '13', '14', '15', '16'].map((h) => `2026-03-08T${h}:00:00-04:00`))
  })

  it('09:00–17:00 on the fall-back Sunday starts at 09:00 EST', () => {
    const list = slotsIn('America/New_York', [{ start: '09:00', end: '17:00' }], '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')
    expect(firstAndLast(list)).toEqual(['2026-11-01T09:00:00-05:00', '2026-11-01T16:00:00-05:00'])
  })
})

describe('America/New_York: hours that do not exist or exist twice', () => {
  const sunSpring = ['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'] as const
  const sunFall = ['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00'] as const

  it('00:00–06:00 on spring forward is 5 real hours; the step counts elapsed time', () => {
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '06:00' }], ...sunSpring)).toEqual([
      '2026-03-08T00:00:00-05:00', '2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00', '2026-03-08T05:00:00-04:00'])
  })

  it('00:00–04:00 on fall back is 5 real hours: 01:00 happens twice', () => {
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '04:00' }], ...sunFall)).toEqual([
      '2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00', '2026-11-01T03:00:00-05:00'])
  })

  it('a range starting at the missing 02:30 starts at 03:00 EDT', () => {
    expect(slotsIn('America/New_York', [{ start: '02:30', end: '05:00' }], ...sunSpring, { slotStep: 30, duration: 30 })).toEqual([
      '2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00', '2026-03-08T04:00:00-04:00', '2026-03-08T04:30:00-04:00'])
  })

  it('02:00–03:00 does not exist on spring forward: nothing that day, the hour on the days around it', () => {
    const list = slotsIn('America/New_York', [{ start: '02:00', end: '03:00' }], '2026-03-07T00:00:00-05:00', '2026-03-10T00:00:00-04:00')
    expect(list).toEqual(['2026-03-07T02:00:00-05:00', '2026-03-09T02:00:00-04:00'])
  })

  it('01:00–02:00 on fall back covers both 01:00s: 2 real hours', () => {
    expect(slotsIn('America/New_York', [{ start: '01:00', end: '02:00' }], ...sunFall, { slotStep: 30, duration: 30 })).toEqual([
      '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T01:30:00-05:00'])
    expect(slotsIn('America/New_York', [{ start: '01:00', end: '02:00' }], ...sunFall, { duration: 120 })).toEqual(['2026-11-01T01:00:00-04:00'])
  })

  it('an ambiguous end (01:30 on fall back) is its last occurrence: 00:00–01:30 is 2.5 real hours', () => {
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '01:30' }], ...sunFall, { slotStep: 30, duration: 30 })).toEqual([
      '2026-11-01T00:00:00-04:00', '2026-11-01T00:30:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00', '2026-11-01T01:00:00-05:00'])
  })

  it('24:00 ends the 23-hour and the 25-hour day at the next midnight', () => {
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '24:00' }], ...sunSpring, { duration: 23 * 60 })).toEqual(['2026-03-08T00:00:00-05:00'])
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '24:00' }], ...sunFall, { duration: 25 * 60 })).toEqual(['2026-11-01T00:00:00-04:00'])
    expect(slotsIn('America/New_York', [{ start: '00:00', end: '24:00' }], ...sunFall)).toHaveLength(25)
  })
})

describe('min notice and horizon across a DST change count real time', () => {
  const allDay = [{ start: '00:00', end: '24:00' }]

  it('spring forward: 23:00 EST + 240 min is 04:00 EDT (not 03:00)', () => {
    const list = slotsIn('America/New_York', allDay, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', { now: '2026-03-07T23:00:00-05:00', minNotice: 240 })
    expect(list[0]).toBe('2026-03-08T04:00:00-04:00')
  })

  it('fall back: 23:00 EDT + 240 min is 02:00 EST (not 03:00)', () => {
    const list = slotsIn('America/New_York', allDay, '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', { now: '2026-10-31T23:00:00-04:00', minNotice: 240 })
    expect(list[0]).toBe('2026-11-01T02:00:00-05:00')
  })

  it('London spring forward: 23:30 GMT + 150 min is 03:00 BST', () => {
    const list = slotsIn('Europe/London', allDay, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00+01:00', { now: '2026-03-28T23:30:00Z', minNotice: 150 })
    expect(list[0]).toBe('2026-03-29T03:00:00+01:00')
  })

  it('horizon is the same wall time N calendar days later', () => {
    const rules = { timeZone: 'America/New_York', horizonDays: 2 }
    expect(iso(horizonEnd(rules, at('2026-03-07T10:00:00-05:00')), 'America/New_York')).toBe('2026-03-09T10:00:00-04:00')
    expect(iso(horizonEnd(rules, at('2026-10-31T10:00:00-04:00')), 'America/New_York')).toBe('2026-11-02T10:00:00-05:00')
    expect(iso(horizonEnd(rules, at('2026-03-07T02:30:00-05:00')), 'America/New_York')).toBe('2026-03-09T02:30:00-04:00')
    expect(iso(horizonEnd({ ...rules, horizonDays: 1 }, at('2026-03-07T02:30:00-05:00')), 'America/New_York')).toBe('2026-03-08T03:00:00-04:00')
    expect(iso(horizonEnd({ ...rules, horizonDays: 1 }, at('2026-10-31T01:30:00-04:00')), 'America/New_York')).toBe('2026-11-01T01:30:00-04:00')
  })

  it('slots stop at the horizon across the change', () => {
    const list = slotsIn('America/New_York', [{ start: '09:00', end: '17:00' }], '2026-03-09T00:00:00-04:00', '2026-03-10T00:00:00-04:00', { now: '2026-03-07T10:00:00-05:00', horizonDays: 2 })
    expect(list).toEqual(['2026-03-09T09:00:00-04:00'])
  })
})

describe('Europe/London', () => {
  it('13:00 stays 13:00 around both changes', () => {
    const spring = slotsIn('Europe/London', [{ start: '13:00', end: '14:00' }], '2026-03-28T00:00:00Z', '2026-03-31T00:00:00+01:00')
    expect(spring).toEqual(['2026-03-28T13:00:00+00:00', '2026-03-29T13:00:00+01:00', '2026-03-30T13:00:00+01:00'])
    const autumn = slotsIn('Europe/London', [{ start: '13:00', end: '14:00' }], '2026-10-24T00:00:00+01:00', '2026-10-27T00:00:00Z')
    expect(autumn).toEqual(['2026-10-24T13:00:00+01:00', '2026-10-25T13:00:00+00:00', '2026-10-26T13:00:00+00:00'])
  })

  it('01:00–02:00 does not exist on 2026-03-29 and is 2 real hours on 2026-10-25', () => {
    // (expected strings are luxon's rendering: "+00:00" for GMT)
    expect(slotsIn('Europe/London', [{ start: '01:00', end: '02:00' }], '2026-03-29T00:00:00Z', '2026-03-30T00:00:00+01:00')).toEqual([])
    expect(slotsIn('Europe/London', [{ start: '01:00', end: '02:00' }], '2026-10-25T00:00:00+01:00', '2026-10-26T00:00:00Z')).toEqual([
      '2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00'])
  })
})

describe('Australia/Lord_Howe (30-minute DST)', () => {
  it('fall back 2026-04-05: 01:00–02:00 is 90 real minutes (01:30–02:00 happens twice)', () => {
    expect(slotsIn('Australia/Lord_Howe', [{ start: '01:00', end: '02:00' }], '2026-04-05T00:00:00+11:00', '2026-04-06T00:00:00+10:30', { slotStep: 30, duration: 30 })).toEqual([
      '2026-04-05T01:00:00+11:00', '2026-04-05T01:30:00+11:00', '2026-04-05T01:30:00+10:30'])
  })

  it('spring forward 2026-10-04: 02:00–03:00 keeps only 02:30–03:00', () => {
    expect(slotsIn('Australia/Lord_Howe', [{ start: '02:00', end: '03:00' }], '2026-10-04T00:00:00+10:30', '2026-10-05T00:00:00+11:00', { slotStep: 15, duration: 30 })).toEqual([
      '2026-10-04T02:30:00+11:00'])
  })

  it('13:00 stays 13:00 on both change days', () => {
    const list = slotsIn('Australia/Lord_Howe', [{ start: '13:00', end: '14:00' }], '2026-04-04T00:00:00+11:00', '2026-04-06T00:00:00+10:30')
    expect(list).toEqual(['2026-04-04T13:00:00+11:00', '2026-04-05T13:00:00+10:30'])
    expect(slotsIn('Australia/Lord_Howe', [{ start: '13:00', end: '14:00' }], '2026-10-04T00:00:00+10:30', '2026-10-05T00:00:00+11:00')).toEqual(['2026-10-04T13:00:00+11:00'])
  })
})

describe('transitions at midnight (America/Havana, America/Santiago)', () => {
  // Havana 2026-03-08: 00:00 -> 01:00 (midnight does not exist); 2026-11-01: 01:00 -> 00:00 (midnight twice).
  // Santiago 2026-04-04: 24:00 -> 23:00 (23:xx twice); 2026-09-06: 00:00 -> 01:00.
  it('a day whose midnight does not exist starts at the first instant after the gap', () => {
    expect(slotsIn('America/Havana', [{ start: '00:00', end: '03:00' }], '2026-03-08T01:00:00-04:00', '2026-03-09T00:00:00-04:00')).toEqual([
      '2026-03-08T01:00:00-04:00', '2026-03-08T02:00:00-04:00'])
    expect(slotsIn('America/Havana', [{ start: '23:00', end: '24:00' }], '2026-03-07T00:00:00-05:00', '2026-03-08T01:00:00-04:00')).toEqual([
      '2026-03-07T23:00:00-05:00'])
    expect(slotsIn('America/Santiago', [{ start: '00:00', end: '02:00' }], '2026-09-06T01:00:00-03:00', '2026-09-07T00:00:00-03:00')).toEqual([
      '2026-09-06T01:00:00-03:00'])
  })

  it('a day whose midnight happens twice starts at the first one', () => {
    expect(slotsIn('America/Havana', [{ start: '00:00', end: '02:00' }], '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toEqual([
      '2026-11-01T00:00:00-04:00', '2026-11-01T00:00:00-05:00', '2026-11-01T01:00:00-05:00'])
  })

  it('a day ending with a repeated hour is 25 hours; 24:00 is the next midnight', () => {
    expect(slotsIn('America/Santiago', [{ start: '22:00', end: '24:00' }], '2026-04-04T00:00:00-03:00', '2026-04-05T00:00:00-04:00')).toEqual([
      '2026-04-04T22:00:00-03:00', '2026-04-04T23:00:00-03:00', '2026-04-04T23:00:00-04:00'])
  })
})

describe('odd offsets', () => {
  it('Asia/Kolkata (+05:30) keeps whole local hours', () => {
    expect(firstAndLast(slotsIn('Asia/Kolkata', [{ start: '09:00', end: '17:00' }], '2026-06-01T00:00:00+05:30', '2026-06-02T00:00:00+05:30'))).toEqual([
      '2026-06-01T09:00:00+05:30', '2026-06-01T16:00:00+05:30'])
  })

  it('Pacific/Chatham (+12:45/+13:45): 13:00 stays 13:00, the missing hour yields nothing, the doubled hour is 2 real hours', () => {
    expect(slotsIn('Pacific/Chatham', [{ start: '13:00', end: '14:00' }], '2026-09-26T00:00:00+12:45', '2026-09-28T00:00:00+13:45')).toEqual([
      '2026-09-26T13:00:00+12:45', '2026-09-27T13:00:00+13:45'])
    expect(slotsIn('Pacific/Chatham', [{ start: '02:45', end: '03:45' }], '2026-09-27T00:00:00+12:45', '2026-09-28T00:00:00+13:45')).toEqual([])
    expect(slotsIn('Pacific/Chatham', [{ start: '02:45', end: '03:45' }], '2026-04-05T00:00:00+13:45', '2026-04-06T00:00:00+12:45')).toEqual([
      '2026-04-05T02:45:00+13:45', '2026-04-05T02:45:00+12:45'])
  })
})
