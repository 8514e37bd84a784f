// The per-day meeting cap (rules.maxPerDay).
//
// Which busy intervals count: only blocking ones (transparent ones and, with ignoreAllDay, all-day
// ones never count), and of those only kind 'booking' unless dailyLimitCountsAllEvents. A meeting
// mirrored on several calendars (same start and end) counts once. A busy interval counts on the
// local day (rules.timeZone) on which it starts. A day whose count has reached maxPerDay offers
// nothing; otherwise each offered slot would be meeting number count + 1 <= maxPerDay.

import type { WorkingDay } from './working-hours.ts'
import type { Busy, Rules } from './types.ts'

/** True when a (blocking) busy interval counts toward maxPerDay under these rules. */
export function countsTowardLimit(b: Busy, rules: Pick<Rules, 'dailyLimitCountsAllEvents'>): boolean {
  return rules.dailyLimitCountsAllEvents || b.kind === 'booking'
}

/** Counted meetings per day, aligned with `days`; `sortedBlocking` must be sorted by start, end. */
export function countMeetingsPerDay(sortedBlocking: readonly Busy[], rules: Rules, days: readonly WorkingDay[]): number[] {
  const counts = days.map(() => 0)
  let d = 0
  let previous: Busy | undefined
  for (const b of sortedBlocking) {
    if (!countsTowardLimit(b, rules)) continue
    const duplicate = previous !== undefined && previous.start === b.start && previous.end === b.end
    previous = b
    if (duplicate) continue
    while (d < days.length && (days[d] as WorkingDay).end <= b.start) d++
    const day = days[d]
    if (day !== undefined && day.start <= b.start) counts[d] = (counts[d] as number) + 1
  }
  return counts
}

/** True when a day with `count` counted meetings can take no more. */
export function isDayFull(count: number, rules: Pick<Rules, 'maxPerDay'>): boolean {
  return rules.maxPerDay !== null && count >= rules.maxPerDay
}
