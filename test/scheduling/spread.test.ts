// pickSpread: literal picks for typical days, plus properties.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findSlots, pickSpread, type Slot } from '../../server/scheduling/index.ts'
import { at, queryFor, rulesFor, starts } from './fixtures.ts'

const NY = 'America/New_York'
const MONDAY = at('2026-01-12T12:00:00-05:00')
const free = (from: string, to: string): Slot[] =>
  findSlots(queryFor(rulesFor(NY, { slotStep: 30 }), from, to, { now: MONDAY, duration: 30 }))
const short = (slots: Slot[]): string[] => starts(slots, NY).map((s) => s.slice(5, 16))

describe('pickSpread', () => {
  const threeDays = free('2026-01-13T00:00:00-05:00', '2026-01-16T00:00:00-05:00')
  const oneDay = free('2026-01-13T00:00:00-05:00', '2026-01-14T00:00:00-05:00')

  it('spreads across days, alternating morning and afternoon', () => {
    expect(short(pickSpread(threeDays, 3, NY).picked)).toEqual(['01-13T09:00', '01-14T12:00', '01-15T09:00'])
    const five = pickSpread(threeDays, 5, NY)
    expect(short(five.picked)).toEqual(['01-13T09:00', '01-13T12:00', '01-14T09:00', '01-14T12:00', '01-15T09:00'])
    expect(five.remainingByDay).toEqual({ '2026-01-13': 14, '2026-01-14': 14, '2026-01-15': 15 })
  })

  it('within one free day offers times at least two hours apart, never back-to-back', () => {
    expect(short(pickSpread(oneDay, 3, NY).picked)).toEqual(['01-13T09:00', '01-13T12:00', '01-13T14:00'])
    expect(short(pickSpread(oneDay, 5, NY).picked)).toEqual(['01-13T09:00', '01-13T10:30', '01-13T12:00', '01-13T14:00', '01-13T16:00'])
  })

  it('picks everything when max covers all, nothing when max is 0', () => {
    const few = oneDay.slice(0, 3)
    expect(pickSpread(few, 10, NY)).toEqual({ picked: few, remainingByDay: { '2026-01-13': 0 } })
    expect(pickSpread(few, 0, NY)).toEqual({ picked: [], remainingByDay: { '2026-01-13': 3 } })
    expect(pickSpread([], 3, NY)).toEqual({ picked: [], remainingByDay: {} })
  })

  it('counts per day in the given zone', () => {
    const late = free('2026-01-13T00:00:00-05:00', '2026-01-14T00:00:00-05:00').slice(-2) // 16:00, 16:30 New York
    expect(pickSpread(late, 1, 'Asia/Tokyo').remainingByDay).toEqual({ '2026-01-14': 1 })
  })

  it('properties: subset, at most max, earliest included, sorted, counts add up; input untouched', () => {
    fc.assert(fc.property(fc.subarray(threeDays), fc.integer({ min: 0, max: 8 }), (slots, max) => {
      const input = [...slots].reverse()
      const snapshot = structuredClone(input)
      const { picked, remainingByDay } = pickSpread(input, max, NY)
      expect(input).toEqual(snapshot)
      expect(picked.length).toBe(Math.min(max, slots.length))
      if (max > 0 && slots.length > 0) expect(picked[0]).toEqual(slots[0])
      picked.forEach((p, i) => {
        expect(slots).toContainEqual(p)
        if (i > 0) expect(p.start).toBeGreaterThan((picked[i - 1] as Slot).start)
      })
      const remaining = Object.values(remainingByDay).reduce((a, b) => a + b, 0)
      expect(remaining + picked.length).toBe(slots.length)
    }), { numRuns: 200 })
  })
})
