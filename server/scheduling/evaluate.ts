// The single decision shared by findSlots and explainAvailability: may a meeting start at `s`?
//
// Reasons are checked in this priority order, and the first that applies is reported:
//   beyond_horizon  s >= horizon end                      (horizon.ts)
//   min_notice      s <  now + minNotice                  (horizon.ts)
//   weekend         the day is a weekend excluded by excludeWeekends (and has no override)
//   date_override   a date override makes the day a day off
//   outside_hours   [s, s + duration) is not inside one working range of the day
//   daily_limit     the day already holds maxPerDay counted meetings (daily-limit.ts)
//   busy            [s, e) overlaps a blocking busy interval (its calendarId is reported)
//   buffer          [s, e) overlaps only the buffer zone around busy intervals (busy.ts)

import type { EngineContext } from './context.ts'
import type { Busy, RefusalReason } from './types.ts'

export interface Decision { reason: RefusalReason; calendarId?: string }

/** Decides one candidate: the meeting start, the index of its local day, and whether it fits. */
export type Evaluate = (start: number, dayIndex: number, fits: boolean) => Decision | null

const FIXED: Record<'beyond_horizon' | 'min_notice' | 'outside_hours' | 'daily_limit' | 'buffer', Decision> = {
  beyond_horizon: { reason: 'beyond_horizon' },
  min_notice: { reason: 'min_notice' },
  outside_hours: { reason: 'outside_hours' },
  daily_limit: { reason: 'daily_limit' },
  buffer: { reason: 'buffer' },
}

/**
 * Returns the decision function for a context: null means bookable, otherwise the first refusal
 * reason. It sweeps the sorted busy lists, so calls MUST come in non-decreasing `start` order.
 */
export function createEvaluator(ctx: EngineContext): Evaluate {
  const conflict = createConflictSweep(ctx)
  return (start, dayIndex, fits) => {
    if (start >= ctx.horizon) return FIXED.beyond_horizon
    if (start < ctx.earliest) return FIXED.min_notice
    const closed = ctx.days[dayIndex]?.closed ?? null
    if (closed !== null) return { reason: closed }
    if (!fits) return FIXED.outside_hours
    if (ctx.dayFull[dayIndex] === true) return FIXED.daily_limit
    return conflict(start, start + ctx.durationMs)
  }
}

// Busy/buffer check for [s, e) with e - s constant and s non-decreasing between calls.
function createConflictSweep(ctx: EngineContext): (s: number, e: number) => Decision | null {
  const { widened, blocking } = ctx
  let w = 0
  let next = 0
  let active: Busy[] = []
  return (s, e) => {
    while (w < widened.length && widened[w]!.end <= s) w++
    const block = widened[w]
    if (block === undefined || block.start >= e) return null
    while (next < blocking.length && blocking[next]!.start < e) active.push(blocking[next++]!)
    active = active.filter((b) => b.end > s)
    const hit = active[0] // every active interval starts before e and ends after s
    return hit === undefined ? FIXED.buffer : { reason: 'busy', calendarId: hit.calendarId }
  }
}
