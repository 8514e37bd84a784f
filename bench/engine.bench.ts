// Scheduling engine benchmark: findSlots over 90 days of working hours with 2,000 busy intervals.
// Run standalone:  PATH=/opt/node24/bin:$PATH node bench/engine.bench.ts [iterations]
// or import runEngineBench from a larger bench runner. Uses only erasable TypeScript syntax so Node
// can strip the types natively.

import { pathToFileURL } from 'node:url'
import { findSlots } from '../server/scheduling/index.ts'
import type { Busy, HourRange, Rules, SlotQuery } from '../server/scheduling/index.ts'

const MINUTE = 60_000
const DAY = 86_400_000

/** Deterministic benchmark input: 90 days, New York, split hours, 2,000 busy intervals. */
export function buildBenchQuery(busyCount = 2000, days = 90): SlotQuery {
  const hours: HourRange[] = [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }]
  const rules: Rules = {
    timeZone: 'America/New_York',
    weeklyHours: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours, saturday: [{ start: '10:00', end: '14:00' }], sunday: [] },
    excludeWeekends: false,
    dateOverrides: [{ date: '2026-07-03', ranges: [] }, { date: '2026-05-30', ranges: [{ start: '09:00', end: '11:00' }] }],
    bufferBefore: 10,
    bufferAfter: 10,
    minNotice: 120,
    slotStep: 15,
    horizonDays: days,
    maxPerDay: 6,
    dailyLimitCountsAllEvents: false,
    ignoreAllDay: true,
  }
  const now = Date.UTC(2026, 2, 2, 14, 7) // Monday 2026-03-02 09:07 EST; the window crosses the March DST change
  let seed = 42
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
  const busy: Busy[] = []
  for (let i = 0; i < busyCount; i++) {
    const start = now + Math.floor(random() * days) * DAY + Math.floor(random() * 48) * 15 * MINUTE
    const end = start + (1 + Math.floor(random() * 8)) * 15 * MINUTE
    const kind = random() < 0.05 ? 'booking' : 'event'
    busy.push({ start, end, calendarId: `cal-${i % 3}`, kind, transparent: random() < 0.05, allDay: random() < 0.01 })
  }
  return { rules, busy, now, duration: 30, from: now, to: now + days * DAY }
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[index] ?? NaN
}

/** Times findSlots on the benchmark input after a warm-up; returns median and p95 in ms. */
export function runEngineBench(opts: { iterations?: number } = {}): { median_ms: number; p95_ms: number } {
  const iterations = Math.max(1, opts.iterations ?? 200)
  const query = buildBenchQuery()
  for (let i = 0; i < 50; i++) findSlots(query)
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    findSlots(query)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { median_ms: percentile(times, 0.5), p95_ms: percentile(times, 0.95) }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? 200)
  const query = buildBenchQuery()
  const { median_ms, p95_ms } = runEngineBench({ iterations })
  console.log(`findSlots: 90 days, ${query.busy.length} busy, ${findSlots(query).length} slots, ${iterations} runs`)
  console.log(`median ${median_ms.toFixed(3)} ms, p95 ${p95_ms.toFixed(3)} ms`)
}
