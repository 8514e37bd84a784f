// Busy intervals, normalised once per query.
//
// Blocking: a busy interval blocks unless it is transparent, or all-day while rules.ignoreAllDay,
// or malformed (non-finite, or end before start). A zero-length busy interval still blocks a
// meeting that strictly contains its instant.
// Buffers: a candidate [s, e) conflicts with busy [bs, be) when [s - bufferBefore, e + bufferAfter)
// overlaps it, which is the same as [s, e) overlapping the busy interval widened to
// [bs - bufferAfter, be + bufferBefore). Widened intervals are merged so a single sweep answers
// "does this candidate conflict" in amortised O(1).

import { MINUTE_MS } from './local-time.ts'
import type { Interval } from './intervals.ts'
import type { Busy, Rules } from './types.ts'

/** True when `b` can block a meeting under these rules. */
export function isBlocking(b: Busy, rules: Pick<Rules, 'ignoreAllDay'>): boolean {
  if (b.transparent === true) return false
  if (b.allDay === true && rules.ignoreAllDay) return false
  return Number.isFinite(b.start) && Number.isFinite(b.end) && b.end >= b.start
}

/** Buffers in ms, negative values treated as 0. */
export function bufferMs(rules: Pick<Rules, 'bufferBefore' | 'bufferAfter'>): { before: number; after: number } {
  return { before: Math.max(0, rules.bufferBefore) * MINUTE_MS, after: Math.max(0, rules.bufferAfter) * MINUTE_MS }
}

/**
 * Blocking busy intervals that can matter for starts in [from, to) of `duration` ms meetings, or
 * whose start lies in [from, to) (they may count toward a daily limit), sorted by start then end.
 */
export function blockingBusy(busy: readonly Busy[], rules: Rules, from: number, to: number, duration: number): Busy[] {
  const { before, after } = bufferMs(rules)
  const lo = from - before
  const hi = to + duration + after
  const kept = busy.filter((b) => isBlocking(b, rules) && b.start < hi && b.end >= lo)
  return kept.sort((a, b) => a.start - b.start || a.end - b.end)
}

/**
 * Sorted blocking busy -> merged intervals that a candidate [s, e) must not overlap: each busy
 * widened by bufferAfter before it and bufferBefore after it.
 */
export function widenedBlocks(sortedBlocking: readonly Busy[], rules: Rules): Interval[] {
  const { before, after } = bufferMs(rules)
  const out: Interval[] = []
  for (const b of sortedBlocking) {
    const start = b.start - after
    const end = b.end + before
    const last = out[out.length - 1]
    if (last !== undefined && start <= last.end) {
      if (end > last.end) last.end = end
    } else {
      out.push({ start, end })
    }
  }
  return out
}
