// Spoken phrases, with literal expected strings. The reference "now" is Tuesday 2026-01-13,
// 3 PM Eastern, unless a test says otherwise.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { spokenClock, spokenDateTime, spokenDay, spokenSlotList, spokenZone, type Slot } from '../../server/scheduling/index.ts'
import { ZONES } from './arbitraries.ts'
import { at } from './fixtures.ts'

const NY = 'America/New_York'
const LA = 'America/Los_Angeles'
const NOW = at('2026-01-13T15:00:00-05:00')
const slot = (iso: string): Slot => ({ start: at(iso), end: at(iso) + 30 * 60_000 })

describe('spokenZone', () => {
  const JAN = at('2026-01-13T12:00:00Z')
  it.each([
    ['America/New_York', 'Eastern'], ['America/Chicago', 'Central'], ['America/Denver', 'Mountain'], ['America/Phoenix', 'Mountain'],
    ['America/Los_Angeles', 'Pacific'], ['America/Anchorage', 'Alaska time'], ['Pacific/Honolulu', 'Hawaii time'],
    ['Europe/London', 'UK time'], ['Europe/Paris', 'Central European time'], ['Europe/Berlin', 'Central European time'],
    ['Europe/Athens', 'Eastern European time'], ['Europe/Lisbon', 'Portugal time'], ['Asia/Kolkata', 'India time'],
    ['Asia/Tokyo', 'Japan time'], ['Australia/Sydney', 'Sydney time'], ['UTC', 'UTC'],
    // fallbacks: Intl's generic name, an offset for Etc zones
    ['Africa/Lagos', 'West Africa time'], ['Asia/Kathmandu', 'Nepal time'], ['Etc/GMT+5', 'UTC minus 5'], ['Etc/GMT-14', 'UTC plus 14'],
  ])('%s -> %s', (zone, name) => {
    expect(spokenZone(zone, JAN)).toBe(name)
  })

  it('rejects unknown zones', () => {
    expect(() => spokenZone('Atlantis/Capital', JAN)).toThrow(RangeError)
  })
})

describe('spokenClock', () => {
  it.each([
    ['2026-01-13T14:00:00-05:00', '2 PM'], ['2026-01-13T14:30:00-05:00', '2:30 PM'], ['2026-01-13T12:00:00-05:00', 'noon'],
    ['2026-01-13T00:00:00-05:00', 'midnight'], ['2026-01-13T09:05:00-05:00', '9:05 AM'], ['2026-01-13T00:30:00-05:00', '12:30 AM'],
    ['2026-01-13T12:15:00-05:00', '12:15 PM'], ['2026-01-13T23:45:00-05:00', '11:45 PM'],
  ])('%s -> %s', (iso, spoken) => {
    expect(spokenClock(at(iso), NY)).toBe(spoken)
  })

  it('uses the given zone, 24-hour safe across DST (13:00 on the spring-forward day is 1 PM)', () => {
    expect(spokenClock(at('2026-03-08T13:00:00-04:00'), NY)).toBe('1 PM')
    expect(spokenClock(at('2026-03-08T13:00:00-04:00'), 'Asia/Kolkata')).toBe('10:30 PM')
  })
})

describe('spokenDay', () => {
  it.each([
    ['2026-01-13T18:00:00-05:00', 'today'], ['2026-01-14T09:00:00-05:00', 'tomorrow'], ['2026-01-12T09:00:00-05:00', 'yesterday'],
    ['2026-01-16T09:00:00-05:00', 'Friday'], ['2026-01-19T09:00:00-05:00', 'Monday'], ['2026-01-20T09:00:00-05:00', 'Tuesday, January 20'],
    ['2026-01-01T09:00:00-05:00', 'Thursday, January 1'], ['2026-10-30T09:00:00-04:00', 'Friday, October 30'],
    ['2026-11-10T09:00:00-05:00', 'Tuesday, November 10, 2026'], ['2025-12-31T09:00:00-05:00', 'Wednesday, December 31, 2025'],
  ])('%s -> %s', (iso, spoken) => {
    expect(spokenDay(at(iso), NY, NOW)).toBe(spoken)
  })

  it('no year for next January said in December', () => {
    expect(spokenDay(at('2027-01-05T09:00:00-05:00'), NY, at('2026-12-20T09:00:00-05:00'))).toBe('Tuesday, January 5')
  })

  it('counts days in the given zone', () => {
    expect(spokenDay(at('2026-01-14T03:00:00Z'), NY, NOW)).toBe('today') // 10 PM Eastern
    expect(spokenDay(at('2026-01-14T03:00:00Z'), 'Asia/Tokyo', NOW)).toBe('today') // both on the 14th in Tokyo
    expect(spokenDay(at('2026-01-14T16:00:00Z'), 'Asia/Tokyo', NOW)).toBe('tomorrow') // 1 AM on the 15th in Tokyo
  })
})

describe('spokenDateTime', () => {
  const opts = (callerZone: string, consultantZone = NY, now = NOW) => ({ callerZone, consultantZone, now })

  it('one zone when the caller shares the offset', () => {
    expect(spokenDateTime(at('2026-01-14T14:00:00-05:00'), opts(NY))).toBe('tomorrow at 2 PM Eastern')
    expect(spokenDateTime(at('2026-01-14T14:00:00-05:00'), opts('America/Toronto'))).toBe('tomorrow at 2 PM Eastern')
    expect(spokenDateTime(at('2026-01-14T12:00:00-05:00'), opts(NY))).toBe('tomorrow at noon Eastern')
  })

  it("consultant's time first, then the caller's 'for you'", () => {
    expect(spokenDateTime(at('2026-01-14T14:00:00-05:00'), opts(LA))).toBe("tomorrow at 2 PM Eastern, that's 11 AM Pacific for you")
    expect(spokenDateTime(at('2026-01-20T14:00:00-05:00'), opts(LA))).toBe("Tuesday, January 20 at 2 PM Eastern, that's 11 AM Pacific for you")
    expect(spokenDateTime(at('2026-01-16T15:00:00Z'), opts(NY, 'Europe/London'))).toBe("Friday at 3 PM UK time, that's 10 AM Eastern for you")
  })

  it("adds the caller's day when it differs, and avoids today/tomorrow when the zones disagree on today", () => {
    const now = at('2026-01-12T20:00:00-08:00') // Monday evening in LA, already Tuesday in Tokyo
    expect(spokenDateTime(at('2026-01-14T09:00:00+09:00'), opts(LA, 'Asia/Tokyo', now))).toBe("Wednesday at 9 AM Japan time, that's Tuesday at 4 PM Pacific for you")
  })

  it('uses city names when both zones have the same spoken name but different offsets', () => {
    const now = at('2026-07-14T12:00:00-07:00')
    expect(spokenDateTime(at('2026-07-15T14:00:00-07:00'), opts('America/Denver', 'America/Phoenix', now))).toBe("tomorrow at 2 PM Phoenix time, that's 3 PM Denver time for you")
    expect(spokenDateTime(at('2026-01-14T14:00:00-07:00'), opts('America/Denver', 'America/Phoenix'))).toBe('tomorrow at 2 PM Mountain')
  })

  it('never produces 24-hour clocks, ISO strings or newlines', () => {
    fc.assert(fc.property(
      fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
      fc.constantFrom(...ZONES), fc.constantFrom(...ZONES),
      (instant, callerZone, consultantZone) => {
        const text = spokenDateTime(instant, { callerZone, consultantZone, now: NOW })
        expect(text).not.toMatch(/\n|\d{4}-\d\d|T\d\d|\b(0\d|1[3-9]|2\d):\d\d/)
        for (const m of text.matchAll(/\d+:\d\d/g)) expect(text.slice((m.index ?? 0) + m[0].length)).toMatch(/^ [AP]M/)
      },
    ), { numRuns: 200 })
  })
})

describe('spokenSlotList', () => {
  const four = ['2026-01-14T09:00:00-05:00', '2026-01-14T11:30:00-05:00', '2026-01-14T14:00:00-05:00', '2026-01-16T10:00:00-05:00'].map(slot)

  it('groups by day in one sentence', () => {
    expect(spokenSlotList(four, { consultantZone: NY, now: NOW })).toBe('Tomorrow at 9 AM, 11:30 AM or 2 PM Eastern, or Friday at 10 AM Eastern.')
    expect(spokenSlotList([...four].reverse(), { consultantZone: NY, now: NOW })).toBe('Tomorrow at 9 AM, 11:30 AM or 2 PM Eastern, or Friday at 10 AM Eastern.')
  })

  it('three days, two times, one time', () => {
    const list = ['2026-01-14T09:00:00-05:00', '2026-01-14T14:00:00-05:00', '2026-01-15T12:00:00-05:00', '2026-01-16T10:00:00-05:00'].map(slot)
    expect(spokenSlotList(list, { consultantZone: NY, now: NOW })).toBe('Tomorrow at 9 AM or 2 PM Eastern, Thursday at noon Eastern, or Friday at 10 AM Eastern.')
    expect(spokenSlotList(list.slice(0, 1), { consultantZone: NY, now: NOW })).toBe('Tomorrow at 9 AM Eastern.')
    expect(spokenSlotList([slot('2026-01-13T16:00:00-05:00')], { consultantZone: NY, now: NOW })).toBe('Today at 4 PM Eastern.')
  })

  it("is spoken in the caller's zone when it differs", () => {
    expect(spokenSlotList(four, { consultantZone: NY, callerZone: LA, now: NOW })).toBe('Tomorrow at 6 AM, 8:30 AM or 11 AM Pacific, or Friday at 7 AM Pacific.')
    expect(spokenSlotList(four, { consultantZone: NY, callerZone: 'America/Toronto', now: NOW })).toBe('Tomorrow at 9 AM, 11:30 AM or 2 PM Eastern, or Friday at 10 AM Eastern.')
  })

  it('empty list gives an empty string', () => {
    expect(spokenSlotList([], { consultantZone: NY, now: NOW })).toBe('')
  })
})
