// explainAvailability: the availability tester's view of a window. Slots come from findSlots;
// refusals come from walking a grid over the whole window with the same decision (evaluate.ts).
//
// The grid: each local day is cut into its working ranges and the gaps between them (from the
// first instant of the day to the first instant of the next). Each piece has its own grid,
// piece.start + k * step, so inside a working range the grid is exactly findSlots' candidate grid
// when step = slotStep (the default). A gap point is never bookable; its reason is the first of
// beyond_horizon, min_notice, weekend, date_override, outside_hours. With a step other than
// slotStep, a grid point that passes every rule but is not on the slotStep grid is neither a slot
// nor a refusal.

import { buildContext } from './context.ts'
import { createEvaluator } from './evaluate.ts'
import { overlaps, subtractIntervals, type Interval } from './intervals.ts'
import { findSlots } from './slots.ts'
import { MINUTE_MS } from './local-time.ts'
import type { WorkingDay } from './working-hours.ts'
import type { Refusal, Slot, SlotQuery } from './types.ts'

export interface Explanation {
  /** Exactly findSlots(q). */
  slots: Slot[]
  /** Working ranges (real instants, not clipped) that overlap [from, to), in order. */
  workingRanges: Slot[]
  /** Every refused grid point with from <= start < to, in order, with its first reason. */
  refused: Refusal[]
}

interface Piece extends Interval { working: boolean }

/** Same decision as findSlots, plus the working ranges and every refused grid candidate. */
export function explainAvailability(q: SlotQuery, opts?: { stepMinutes?: number }): Explanation {
  const slots = findSlots(q)
  const ctx = buildContext(q, 'window')
  const stepMinutes = opts?.stepMinutes ?? q.rules.slotStep
  if (!(stepMinutes >= 1)) throw new RangeError(`stepMinutes must be >= 1, got ${stepMinutes}`)
  const stepMs = Math.round(stepMinutes * MINUTE_MS)
  const evaluate = createEvaluator(ctx)
  const refused: Refusal[] = []
  ctx.days.forEach((day, dayIndex) => {
    for (const piece of dayPieces(day)) {
      const skip = Math.max(0, Math.ceil((q.from - piece.start) / stepMs))
      for (let s = piece.start + skip * stepMs; s < piece.end && s < q.to; s += stepMs) {
        const end = s + ctx.durationMs
        const decision = evaluate(s, dayIndex, piece.working && end <= piece.end)
        if (decision !== null) refused.push({ start: s, end, ...decision })
      }
    }
  })
  const window = { start: q.from, end: q.to }
  const workingRanges = ctx.days.flatMap((d) => d.ranges).filter((r) => overlaps(r, window))
  return { slots, workingRanges: workingRanges.map((r) => ({ start: r.start, end: r.end })), refused }
}

// The day cut into working ranges and the gaps around them, in order.
function dayPieces(day: WorkingDay): Piece[] {
  const gaps = subtractIntervals([{ start: day.start, end: day.end }], day.ranges)
  const pieces: Piece[] = [
    ...gaps.map((g) => ({ ...g, working: false })),
    ...day.ranges.map((r) => ({ ...r, working: true })),
  ]
  return pieces.sort((a, b) => a.start - b.start)
}
