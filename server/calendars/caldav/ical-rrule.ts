// Stepping RFC 5545 recurrence rules on the wall clock (rules recur in local time), for both VTIMEZONE
// observances and VEVENT series: the walls a rule generates, skipping ahead to a window, and reading UNTIL.
// ical.js does the stepping; this guards it against malformed and runaway rules.

import ICAL from 'ical.js'
import { DAY, HOUR, MINUTE, floatingTime, wallOf } from './ical-wall.ts'

/** ical.js rule steps allowed per calendar object (rules no date satisfies would otherwise loop forever). */
export const MAX_RULE_STEPS = 100_000
const FIXED_PERIOD: Partial<Record<string, number>> = { SECONDLY: 1000, MINUTELY: MINUTE, HOURLY: HOUR, DAILY: DAY, WEEKLY: 7 * DAY }

/**
 * Wall clocks a rule generates from `startWall` up to `lastWall`, ascending; UNTIL is the caller's job. Stops
 * quietly on a malformed or runaway rule, and skips the impossible dates ical.js sometimes yields (Feb 30, or a
 * month BYMONTH excludes).
 */
export function* recurrenceWalls(rule: ICAL.Recur, startWall: number, lastWall: number, isDate: boolean, budget: { steps: number }): Generator<number> {
  if (unsatisfiable(rule)) return
  const unbounded = rule.clone()
  unbounded.until = null
  let iterator: ICAL.RecurIterator
  try {
    iterator = unbounded.iterator(floatingTime(startWall, isDate))
  } catch {
    return
  }
  // ical.js loops unboundedly on rules no date satisfies (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30): cap the steps.
  const check = iterator.check_contracting_rules.bind(iterator)
  iterator.check_contracting_rules = () => {
    if (--budget.steps < 0) throw new RangeError('recurrence rule exceeded its step budget')
    return check()
  }
  for (;;) {
    let next: ICAL.Time | null
    try {
      next = iterator.next()
    } catch {
      return
    }
    if (!next) return
    const wall = wallOf(next)
    if (!(wall <= lastWall)) return
    if (plausible(next, rule)) yield wall
  }
}

/** BYMONTHDAY values that no BYMONTH month has (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30): nothing to find. */
function unsatisfiable(rule: ICAL.Recur): boolean {
  const days = rule.parts.BYMONTHDAY ?? []
  const months = rule.parts.BYMONTH ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  return days.length > 0 && !months.some((m) => days.some((d) => Math.abs(d) <= ICAL.Time.daysInMonth(m, 2000)))
}

function plausible(t: ICAL.Time, rule: ICAL.Recur): boolean {
  const months = rule.parts.BYMONTH
  return t.day <= ICAL.Time.daysInMonth(t.month, t.year) && (!months || months.length === 0 || months.includes(t.month))
}

/**
 * A later start that yields the same occurrences from `notBefore` (a wall) on: whole periods skipped for
 * rules without COUNT (MONTHLY/YEARLY only when the start day is ≤ 28, so the day survives the shift).
 */
export function fastForward(rule: ICAL.Recur, startWall: number, notBefore: number): number {
  if (rule.isByCount() || notBefore <= startWall) return startWall
  const interval = Math.max(1, rule.interval || 1)
  const fixed = FIXED_PERIOD[rule.freq]
  if (fixed !== undefined) return startWall + Math.floor((notBefore - startWall) / (fixed * interval)) * fixed * interval
  const months = rule.freq === 'MONTHLY' ? interval : rule.freq === 'YEARLY' ? 12 * interval : 0
  const s = new Date(startWall)
  if (months === 0 || s.getUTCDate() > 28) return startWall
  const n = new Date(notBefore)
  const elapsed = (n.getUTCFullYear() - s.getUTCFullYear()) * 12 + n.getUTCMonth() - s.getUTCMonth() - 1
  const k = Math.max(0, Math.floor(elapsed / months))
  return Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + k * months, s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes(), s.getUTCSeconds())
}

/** UNTIL as the last instant allowed (inclusive); a local or DATE UNTIL is read with `local`. */
export function untilInstant(rule: ICAL.Recur, local: (wall: number) => number): number {
  const until = rule.until
  if (!until) return Infinity
  const wall = wallOf(until)
  if (until.isDate) return local(wall + DAY) - 1
  return until.zone === ICAL.Timezone.utcTimezone ? wall : local(wall)
}
