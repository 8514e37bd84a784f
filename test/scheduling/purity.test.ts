// The engine is pure: no clock, no dependence on the process time zone, deterministic output.

import { afterEach, describe, expect, it, vi } from 'vitest'
import { explainAvailability, findSlots, pickSpread, spokenDateTime, spokenSlotList } from '../../server/scheduling/index.ts'
import { buildBenchQuery, runEngineBench } from '../../bench/engine.bench.ts'
import { at, busy, queryFor, rulesFor } from './fixtures.ts'

const NY = 'America/New_York'
const q = queryFor(rulesFor(NY, { slotStep: 30, bufferBefore: 10, minNotice: 120, maxPerDay: 3 }), '2026-03-05T00:00:00-05:00', '2026-03-12T00:00:00-04:00', {
  now: at('2026-03-05T09:07:00-05:00'),
  duration: 45,
  busy: [busy('2026-03-06T10:00:00-05:00', '2026-03-06T11:00:00-05:00', { kind: 'booking' }), busy('2026-03-09T13:00:00-04:00', '2026-03-09T15:00:00-04:00')],
})

function everything(): unknown {
  const slots = findSlots(q)
  const picked = pickSpread(slots, 4, NY).picked
  const opts = { consultantZone: NY, callerZone: 'Europe/Paris', now: q.now }
  return { slots, explain: explainAvailability(q), picked, list: spokenSlotList(picked, opts), one: spokenDateTime(slots[0]?.start ?? 0, opts) }
}

describe('purity', () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    vi.restoreAllMocks()
    if (originalTz === undefined) delete process.env.TZ
    else process.env.TZ = originalTz
  })

  it('gives the same answers whatever the process time zone', () => {
    const results = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata'].map((tz) => {
      process.env.TZ = tz
      return everything()
    })
    for (const r of results) expect(r).toEqual(results[0])
  })

  it('never reads the clock', () => {
    const boom = (): never => { throw new Error('the engine read the clock') }
    vi.spyOn(Date, 'now').mockImplementation(boom)
    vi.spyOn(performance, 'now').mockImplementation(boom)
    expect(() => everything()).not.toThrow()
  })

  it('is deterministic', () => {
    expect(everything()).toEqual(everything())
  })

  it('the benchmark scenario finds slots and reports finite figures (no timing assertion)', () => {
    expect(findSlots(buildBenchQuery()).length).toBeGreaterThan(0)
    const result = runEngineBench({ iterations: 3 })
    expect(Number.isFinite(result.median_ms) && Number.isFinite(result.p95_ms)).toBe(true)
  })
})
