// The offset timeline and wall-clock resolution, checked against instants verified with luxon.

import { describe, expect, it } from 'vitest'
import { buildTimeline, offsetAt, wallOf, wallToInstant } from '../../server/scheduling/zone-timeline.ts'
import { dayNumberOf, isoDateOfDay, parseClock, weekdayOfDay } from '../../server/scheduling/local-time.ts'
import { transitionsOf } from './arbitraries.ts'
import { at } from './fixtures.ts'

const local = (isoLocal: string): number => Date.parse(`${isoLocal}Z`) // wall clock as "local ms"

describe('buildTimeline', () => {
  it('finds every 2026 transition of New York over a whole year, to the second', () => {
    const tl = buildTimeline('America/New_York', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))
    expect(tl.starts.slice(1)).toEqual([at('2026-03-08T07:00:00Z'), at('2026-11-01T06:00:00Z')])
    expect(tl.offsets.map((o) => o / 60_000)).toEqual([-300, -240, -300])
  })

  it('finds the half-hour changes of Lord Howe', () => {
    const tl = buildTimeline('Australia/Lord_Howe', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))
    expect(tl.starts.slice(1)).toEqual([at('2026-04-04T15:00:00Z'), at('2026-10-03T15:30:00Z')])
  })

  it.each(['Africa/Casablanca', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Europe/London', 'Asia/Tehran'])(
    'agrees with a brute-force scan of %s over 2026 (incl. Casablanca\'s Ramadan changes, weeks apart)',
    (zone) => {
      const tl = buildTimeline(zone, at('2026-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z'))
      const inYear = tl.starts.slice(1).filter((t) => t >= at('2026-01-01T00:00:00Z') && t < at('2027-01-01T00:00:00Z'))
      expect(inYear).toEqual(transitionsOf(zone))
    },
  )

  it('has a single segment for zones without DST', () => {
    const tl = buildTimeline('Asia/Kolkata', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))
    expect(tl.offsets).toEqual([330 * 60_000])
    expect(offsetAt(tl, at('2026-06-01T00:00:00Z'))).toBe(330 * 60_000)
  })

  it('rejects unknown zones', () => {
    expect(() => buildTimeline('Nowhere/Special', 0, 1)).toThrow(RangeError)
  })
})

describe('wallToInstant', () => {
  const ny = buildTimeline('America/New_York', at('2026-03-01T00:00:00Z'), at('2026-11-30T00:00:00Z'))

  it('resolves ordinary wall times', () => {
    expect(wallToInstant(ny, local('2026-06-01T09:00:00'), 'first')).toBe(at('2026-06-01T09:00:00-04:00'))
    expect(wallOf(ny, at('2026-06-01T09:00:00-04:00'))).toBe(local('2026-06-01T09:00:00'))
  })

  it('maps a missing wall time to the end of the gap', () => {
    expect(wallToInstant(ny, local('2026-03-08T02:30:00'), 'first')).toBe(at('2026-03-08T03:00:00-04:00'))
    expect(wallToInstant(ny, local('2026-03-08T02:00:00'), 'last')).toBe(at('2026-03-08T03:00:00-04:00'))
  })

  it('picks the first or last occurrence of a repeated wall time', () => {
    expect(wallToInstant(ny, local('2026-11-01T01:30:00'), 'first')).toBe(at('2026-11-01T01:30:00-04:00'))
    expect(wallToInstant(ny, local('2026-11-01T01:30:00'), 'last')).toBe(at('2026-11-01T01:30:00-05:00'))
  })
})

describe('local-time helpers', () => {
  it('converts dates and weekdays without the process time zone', () => {
    expect(isoDateOfDay(dayNumberOf('2026-03-08'))).toBe('2026-03-08')
    expect(weekdayOfDay(dayNumberOf('2026-03-08'))).toBe('sunday')
    expect(weekdayOfDay(dayNumberOf('2026-01-13'))).toBe('tuesday')
    expect(() => dayNumberOf('2026-02-30')).toThrow(RangeError)
  })

  it('parses clocks; 23:59 and 24:00 end the day; 24:00 cannot start one', () => {
    expect(parseClock('09:30', 'start')).toBe(570)
    expect(parseClock('23:59', 'end')).toBe(1440)
    expect(parseClock('24:00', 'end')).toBe(1440)
    expect(parseClock('23:59', 'start')).toBe(1439)
    expect(() => parseClock('24:00', 'start')).toThrow(RangeError)
    expect(() => parseClock('12:60', 'end')).toThrow(RangeError)
  })
})
