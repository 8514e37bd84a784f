// findSlots: the grid of candidate starts inside working ranges, filtered by the shared decision.

import { buildContext, type EngineContext } from './context.ts'
import { createEvaluator, type Evaluate } from './evaluate.ts'
import type { Interval } from './intervals.ts'
import type { Slot, SlotQuery } from './types.ts'

/**
 * Every bookable slot of q.duration minutes with from <= start < to, earliest first. A start is
 * range.start + k * slotStep (real elapsed minutes from the start of a working range of its local
 * day), the meeting fits inside that one range, start >= now + minNotice, start < horizon end,
 * [start - bufferBefore, end + bufferAfter) overlaps no blocking busy interval, and the day has
 * not reached maxPerDay counted meetings. Pure: reads only q, never mutates it.
 */
export function findSlots(q: SlotQuery): Slot[] {
  const ctx = buildContext(q, 'search')
  const evaluate = createEvaluator(ctx)
  const out: Slot[] = []
  ctx.days.forEach((day, dayIndex) => {
    if (ctx.dayFull[dayIndex] === true || day.closed !== null) return
    for (const range of day.ranges) collectRange(ctx, evaluate, range, dayIndex, out)
  })
  return out
}

// Appends the bookable aligned starts of one working range, skipping starts before the span.
function collectRange(ctx: EngineContext, evaluate: Evaluate, range: Interval, dayIndex: number, out: Slot[]): void {
  const { stepMs, durationMs, spanStart, spanEnd } = ctx
  const skip = Math.max(0, Math.ceil((spanStart - range.start) / stepMs))
  for (let s = range.start + skip * stepMs; s + durationMs <= range.end && s < spanEnd; s += stepMs) {
    if (evaluate(s, dayIndex, true) === null) out.push({ start: s, end: s + durationMs })
  }
}
