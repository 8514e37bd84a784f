// Property tests over random rules, busy sets, zones (DST, half-hour and 45-minute offsets,
// midnight transitions) and `now`. Each property is checked against the naive oracle (oracle.ts),
// never against the engine's own helpers.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { explainAvailability, findSlots, type Slot, type SlotQuery } from '../../server/scheduling/index.ts'
import { queryArb } from './arbitraries.ts'
import { localDate, oracleBlocks, oracleCounts, oracleDay, oracleHorizon, oracleSlots } from './oracle.ts'

const RUNS = { numRuns: 200 }
const MIN = 60_000

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

// The working range of the slot's own local date that contains it, if any.
function rangeOf(q: SlotQuery, slot: Slot): Slot | undefined {
  const day = oracleDay(q.rules, localDate(q.rules.timeZone, slot.start))
  return day.ranges.find((r) => r.start <= slot.start && slot.end <= r.end)
}

describe('findSlots properties', () => {
  it('equals the brute-force oracle (the complete specification)', () => {
    fc.assert(fc.property(queryArb, (q) => {
      expect(findSlots(q)).toEqual(oracleSlots(q))
    }), RUNS)
  })

  it('no slot overlaps a blocking busy interval widened by the buffers', () => {
    fc.assert(fc.property(queryArb, (q) => {
      const before = q.rules.bufferBefore * MIN
      const after = q.rules.bufferAfter * MIN
      for (const s of findSlots(q)) {
        for (const b of q.busy.filter((x) => oracleBlocks(x, q.rules))) {
          expect(s.start - before < b.end && b.start < s.end + after, `slot ${s.start} vs busy ${b.start}-${b.end}`).toBe(false)
        }
      }
    }), RUNS)
  })

  it('every slot lies inside one working range of its own local day, on the step from that range start', () => {
    fc.assert(fc.property(queryArb, (q) => {
      for (const s of findSlots(q)) {
        expect(s.end - s.start).toBe(q.duration * MIN)
        const range = rangeOf(q, s)
        expect(range, `slot ${new Date(s.start).toISOString()} in ${q.rules.timeZone}`).toBeDefined()
        expect((s.start - (range?.start ?? NaN)) % (q.rules.slotStep * MIN)).toBe(0)
      }
    }), RUNS)
  })

  it('is sorted, within [from, to), at or after now + minNotice and before the horizon', () => {
    fc.assert(fc.property(queryArb, (q) => {
      const slots = findSlots(q)
      const horizon = oracleHorizon(q.rules, q.now)
      slots.forEach((s, i) => {
        if (i > 0) expect(s.start).toBeGreaterThan((slots[i - 1] as Slot).start)
        expect(s.start).toBeGreaterThanOrEqual(Math.max(q.from, q.now + q.rules.minNotice * MIN))
        expect(s.start).toBeLessThan(Math.min(q.to, horizon))
      })
    }), RUNS)
  })

  // Precisely: for every local day D on which a slot is offered, (number of distinct counted
  // busy intervals starting on D) + 1 <= maxPerDay. Counted = blocking and (booking, or any kind
  // when dailyLimitCountsAllEvents); distinct = by (start, end).
  it('no local day exceeds maxPerDay once an offered slot is booked', () => {
    fc.assert(fc.property(queryArb.filter((q) => q.rules.maxPerDay !== null), (q) => {
      const counts = oracleCounts(q)
      for (const s of findSlots(q)) {
        const day = localDate(q.rules.timeZone, s.start)
        expect((counts.get(day) ?? 0) + 1).toBeLessThanOrEqual(q.rules.maxPerDay ?? Infinity)
      }
    }), RUNS)
  })

  it('explainAvailability gives the same slots, and refuses every other grid point in order', () => {
    fc.assert(fc.property(queryArb, (q) => {
      const slots = findSlots(q)
      const explained = explainAvailability(q)
      expect(explained.slots).toEqual(slots)
      const offered = new Set(slots.map((s) => s.start))
      explained.refused.forEach((r, i) => {
        expect(offered.has(r.start)).toBe(false)
        expect(r.start >= q.from && r.start < q.to).toBe(true)
        if (i > 0) expect(r.start).toBeGreaterThan((explained.refused[i - 1] as Slot).start)
        if (r.reason === 'busy') expect(r.calendarId).toBeTypeOf('string')
      })
    }), { numRuns: 100 })
  })

  it('does not mutate its inputs (deep-frozen query, compared before and after)', () => {
    fc.assert(fc.property(queryArb, (q) => {
      const copy = structuredClone(q)
      const frozen = deepFreeze(q)
      findSlots(frozen)
      explainAvailability(frozen)
      expect(frozen).toEqual(copy)
    }), { numRuns: 100 })
  })
})
