// Everything one query needs, computed once: validated numbers, the zone timeline, the local days
// with their working ranges, the normalised busy intervals and the per-day counts.

import { blockingBusy, widenedBlocks } from './busy.ts'
import { countMeetingsPerDay, isDayFull } from './daily-limit.ts'
import { earliestStart, horizonEnd } from './horizon.ts'
import { DAY_MS, MINUTE_MS, dayOfLocal } from './local-time.ts'
import type { Interval } from './intervals.ts'
import { resolveWorkingDays, type WorkingDay } from './working-hours.ts'
import { buildTimeline, wallOf } from './zone-timeline.ts'
import type { Busy, Rules, SlotQuery } from './types.ts'

export interface EngineContext {
  readonly durationMs: number
  readonly stepMs: number
  /** start >= earliest (min notice) and start < horizon are required of every slot. */
  readonly earliest: number
  readonly horizon: number
  /** Candidate starts considered: spanStart <= s < spanEnd. */
  readonly spanStart: number
  readonly spanEnd: number
  /** Local days overlapping [spanStart, spanEnd), in order. */
  readonly days: readonly WorkingDay[]
  readonly dayFull: readonly boolean[]
  /** Blocking busy sorted by start, and their buffer-widened, merged union. */
  readonly blocking: readonly Busy[]
  readonly widened: readonly Interval[]
}

/** Throws RangeError for a query the engine cannot answer meaningfully (non-finite numbers etc.). */
export function validateQuery(q: SlotQuery): void {
  const { rules } = q
  const numbers = { now: q.now, from: q.from, to: q.to, duration: q.duration, slotStep: rules.slotStep, bufferBefore: rules.bufferBefore,
    bufferAfter: rules.bufferAfter, minNotice: rules.minNotice, horizonDays: rules.horizonDays, maxPerDay: rules.maxPerDay ?? 0 }
  const bad = Object.entries(numbers).filter(([, v]) => !Number.isFinite(v)).map(([k]) => k)
  if (bad.length > 0) throw new RangeError(`not a finite number: ${bad.join(', ')}`)
  if (!(q.duration > 0)) throw new RangeError(`duration must be > 0 minutes, got ${q.duration}`)
  if (!(q.rules.slotStep >= 1)) throw new RangeError(`slotStep must be >= 1 minute, got ${q.rules.slotStep}`)
}

/**
 * Builds the context. mode 'search' narrows the span to where a slot can exist
 * ([max(from, earliest), min(to, horizon))); mode 'window' keeps [from, to) as given.
 */
export function buildContext(q: SlotQuery, mode: 'search' | 'window'): EngineContext {
  validateQuery(q)
  const { rules } = q
  const durationMs = Math.round(q.duration * MINUTE_MS)
  const stepMs = Math.round(rules.slotStep * MINUTE_MS)
  const earliest = earliestStart(rules, q.now)
  const horizon = horizonEnd(rules, q.now)
  const spanStart = mode === 'search' ? Math.max(q.from, earliest) : q.from
  const spanEnd = mode === 'search' ? Math.min(q.to, horizon) : q.to
  const days = spanStart < spanEnd ? daysOverlapping(rules, spanStart, spanEnd) : []
  const first = days[0]
  const last = days[days.length - 1]
  const lo = first === undefined ? spanStart : Math.min(spanStart, first.start)
  const hi = last === undefined ? spanEnd : Math.max(spanEnd, last.end)
  const blocking = blockingBusy(q.busy, rules, lo, hi, durationMs)
  const counts = countMeetingsPerDay(blocking, rules, days)
  const dayFull = counts.map((c) => isDayFull(c, rules))
  const widened = widenedBlocks(blocking, rules)
  return { durationMs, stepMs, earliest, horizon, spanStart, spanEnd, days, dayFull, blocking, widened }
}

function daysOverlapping(rules: Rules, from: number, to: number): WorkingDay[] {
  const tl = buildTimeline(rules.timeZone, from - DAY_MS, to + DAY_MS)
  const firstDay = dayOfLocal(wallOf(tl, from))
  const lastDay = dayOfLocal(wallOf(tl, to - 1))
  return resolveWorkingDays(rules, tl, firstDay, lastDay)
}
