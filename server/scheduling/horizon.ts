// The booking horizon, defined once.
//
// Definition: the horizon end is the instant at which the wall clock in rules.timeZone shows the
// same time of day as at `now`, `horizonDays` calendar days later. Bookable starts are strictly
// before it. So with horizonDays = 14, a call at 10:15 on March 1 can book up to, but excluding,
// 10:15 on March 15 local time, even if a DST change in between makes that 14 days ± 1 hour of
// real time. If that wall time falls in a spring-forward gap the end is the first instant after
// the gap; if it occurs twice (fall back) the end is its first occurrence. horizonDays is
// truncated to an integer; 0 or less leaves nothing bookable.

import { DAY_MS } from './local-time.ts'
import { buildTimeline, wallOf, wallToInstant } from './zone-timeline.ts'
import type { Rules } from './types.ts'

/** Exclusive upper bound (epoch ms) for bookable starts, per the definition above. */
export function horizonEnd(rules: Pick<Rules, 'timeZone' | 'horizonDays'>, now: number): number {
  const days = Math.trunc(rules.horizonDays)
  if (!(days > 0)) return now
  const wallNow = wallOf(buildTimeline(rules.timeZone, now, now), now)
  const approx = now + days * DAY_MS
  const around = buildTimeline(rules.timeZone, approx, approx)
  return wallToInstant(around, wallNow + days * DAY_MS, 'first')
}

/** Earliest bookable start: `now` plus minNotice real elapsed minutes (negative treated as 0). */
export function earliestStart(rules: Pick<Rules, 'minNotice'>, now: number): number {
  return now + Math.max(0, rules.minNotice) * 60_000
}
