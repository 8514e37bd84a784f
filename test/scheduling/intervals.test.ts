// Interval algebra on half-open [start, end) intervals.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contains, intersectIntervals, mergeIntervals, overlaps, subtractIntervals, widenIntervals, type Interval } from '../../server/scheduling/intervals.ts'

const iv = (start: number, end: number): Interval => ({ start, end })

describe('intervals', () => {
  it('overlaps is strict: touching intervals do not overlap', () => {
    expect(overlaps(iv(0, 10), iv(10, 20))).toBe(false)
    expect(overlaps(iv(0, 10), iv(9, 20))).toBe(true)
    expect(overlaps(iv(0, 10), iv(5, 5))).toBe(true) // a point strictly inside
    expect(overlaps(iv(0, 10), iv(0, 0))).toBe(false)
    expect(contains(iv(0, 10), iv(0, 10))).toBe(true)
    expect(contains(iv(0, 10), iv(5, 11))).toBe(false)
  })

  it('merge joins overlapping and touching intervals, unsorted input, without mutating it', () => {
    const input = [iv(20, 30), iv(0, 10), iv(10, 12), iv(25, 40), iv(50, 50)]
    const copy = structuredClone(input)
    expect(mergeIntervals(input)).toEqual([iv(0, 12), iv(20, 40), iv(50, 50)])
    expect(input).toEqual(copy)
  })

  it('subtract and intersect', () => {
    expect(subtractIntervals([iv(0, 100)], [iv(10, 20), iv(30, 40), iv(90, 120)])).toEqual([iv(0, 10), iv(20, 30), iv(40, 90)])
    expect(subtractIntervals([iv(0, 10), iv(20, 30)], [iv(5, 25)])).toEqual([iv(0, 5), iv(25, 30)])
    expect(intersectIntervals([iv(0, 10), iv(20, 30)], [iv(5, 25)])).toEqual([iv(5, 10), iv(20, 25)])
    expect(widenIntervals([iv(10, 20)], 3, 4)).toEqual([iv(7, 24)])
  })

  it('properties: a point is in merge(a) iff it is in some interval of a; subtract + intersect partition', () => {
    const list = fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 30 })).map(([s, l]) => iv(s, s + l)), { maxLength: 12 })
    fc.assert(fc.property(list, list, fc.integer({ min: -5, max: 140 }), (a, b, p) => {
      const inside = (xs: Interval[]): boolean => xs.some((x) => x.start <= p && p < x.end)
      const ma = mergeIntervals(a)
      const mb = mergeIntervals(b)
      expect(inside(ma)).toBe(inside(a))
      ma.forEach((x, i) => i > 0 && expect(x.start).toBeGreaterThan((ma[i - 1] as Interval).end))
      expect(inside(subtractIntervals(ma, mb))).toBe(inside(ma) && !inside(mb))
      expect(inside(intersectIntervals(ma, mb))).toBe(inside(ma) && inside(mb))
    }), { numRuns: 200 })
  })
})
