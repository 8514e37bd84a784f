// Working hours, resolved per calendar day of rules.timeZone into real instants.
//
// Which hours apply to a day: a date override for that date replaces everything (its [] is a day
// off, even on a weekday; its ranges apply even on a weekend; when a date is listed twice the
// later entry wins). Otherwise, with excludeWeekends, saturday and sunday have no hours. Otherwise
// the weekday's weeklyHours apply.
//
// How "HH:mm" becomes an instant (DST): a range is one contiguous interval from the FIRST moment
// the wall clock shows `start` to the LAST moment it shows `end`, where a wall time that does not
// exist (spring-forward gap) is replaced by the first instant after the gap. Consequences:
//   - 02:30 on a New York spring-forward day starts the range at 03:00 EDT;
//   - 02:00–03:00 on that day is empty, so it yields nothing;
//   - 01:00–02:00 on a fall-back day covers both occurrences of 01:xx: 2 real hours;
//   - "24:00"/"23:59" end the range at the start of the next local day (so 23 or 25 hour days
//     are honoured).
// A range with start >= end is ignored; malformed "HH:mm" throws RangeError.
// Overlapping or touching ranges of one day are merged into one (09–12 + 12–17 is 09–17); ranges of
// different days are never merged, so a meeting never straddles midnight between two days.

import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY, dayNumberOf, isoDateOfDay, isWeekend, parseClock, weekdayOfDay } from './local-time.ts'
import { mergeIntervals, type Interval } from './intervals.ts'
import { wallToInstant, type ZoneTimeline } from './zone-timeline.ts'
import type { HourRange, Rules } from './types.ts'

/** Why a day has no hours at all, when that is due to a rule (not just empty weeklyHours). */
export type ClosedReason = 'weekend' | 'date_override'

export interface WorkingDay {
  /** Day number (days since 1970-01-01) of the local calendar date. */
  day: number
  date: string
  /** First instant of the local day and first instant of the next one. */
  start: number
  end: number
  /** Merged, sorted working intervals of the day (possibly empty). */
  ranges: Interval[]
  closed: ClosedReason | null
}

/** Index of date overrides by date; later duplicates win; a malformed date throws RangeError. */
export function overrideIndex(rules: Pick<Rules, 'dateOverrides'>): Map<string, readonly HourRange[]> {
  const index = new Map<string, readonly HourRange[]>()
  for (const o of rules.dateOverrides) index.set(isoDateOfDay(dayNumberOf(o.date)), o.ranges)
  return index
}

/** The HourRanges that apply to a local day, and whether a rule closed it. */
export function hoursForDay(
  rules: Rules,
  overrides: ReadonlyMap<string, readonly HourRange[]>,
  day: number,
): { ranges: readonly HourRange[]; closed: ClosedReason | null } {
  const override = overrides.get(isoDateOfDay(day))
  if (override !== undefined) return { ranges: override, closed: override.length === 0 ? 'date_override' : null }
  if (rules.excludeWeekends && isWeekend(day)) return { ranges: [], closed: 'weekend' }
  return { ranges: rules.weeklyHours[weekdayOfDay(day)] ?? [], closed: null }
}

/** First instant of a local day (00:00, or the first instant after a gap swallowing midnight). */
export function startOfDay(tl: ZoneTimeline, day: number): number {
  return wallToInstant(tl, day * DAY_MS, 'first')
}

/** Real interval of one HourRange on a day bounded by [dayStart, dayEnd), or null if empty. */
export function resolveRange(tl: ZoneTimeline, day: number, dayStart: number, dayEnd: number, range: HourRange): Interval | null {
  const startMin = parseClock(range.start, 'start')
  const endMin = parseClock(range.end, 'end')
  if (startMin >= endMin) return null
  const start = Math.max(dayStart, wallToInstant(tl, day * DAY_MS + startMin * MINUTE_MS, 'first'))
  const end = endMin === MINUTES_PER_DAY ? dayEnd : Math.min(dayEnd, wallToInstant(tl, day * DAY_MS + endMin * MINUTE_MS, 'last'))
  return start < end ? { start, end } : null
}

/** Working days firstDay..lastDay (inclusive day numbers) with their resolved ranges. */
export function resolveWorkingDays(rules: Rules, tl: ZoneTimeline, firstDay: number, lastDay: number): WorkingDay[] {
  const overrides = overrideIndex(rules)
  const days: WorkingDay[] = []
  let start = startOfDay(tl, firstDay)
  for (let day = firstDay; day <= lastDay; day++) {
    const end = startOfDay(tl, day + 1)
    const { ranges, closed } = hoursForDay(rules, overrides, day)
    const resolved: Interval[] = []
    for (const r of ranges) {
      const iv = resolveRange(tl, day, start, end, r)
      if (iv !== null) resolved.push(iv)
    }
    days.push({ day, date: isoDateOfDay(day), start, end, ranges: mergeIntervals(resolved), closed })
    start = end
  }
  return days
}
