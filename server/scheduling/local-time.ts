// Calendar arithmetic on "local days" and wall-clock strings, independent of any time zone and of
// the process's TZ: a local day is an integer count of days since 1970-01-01 (the "day number"),
// and a wall-clock instant is "local ms" = day * DAY_MS + ms since local midnight.

import type { Weekday } from './types.ts'

export const MINUTE_MS = 60_000
export const DAY_MS = 86_400_000
export const MINUTES_PER_DAY = 1440

const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const CLOCK = /^(\d{1,2}):(\d{2})$/

/** Day number of a "YYYY-MM-DD" string; throws RangeError for anything else or impossible dates. */
export function dayNumberOf(date: string): number {
  const m = ISO_DATE.exec(date)
  if (m === null) throw new RangeError(`Invalid date "${date}", expected YYYY-MM-DD`)
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(year, month - 1, day)
  if (isoDateOfDay(ms / DAY_MS) !== date) throw new RangeError(`Invalid date "${date}"`)
  return ms / DAY_MS
}

/** "YYYY-MM-DD" of a day number. */
export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): Weekday {
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7] as Weekday
}

/** True for saturday and sunday. */
export function isWeekend(day: number): boolean {
  const w = weekdayOfDay(day)
  return w === 'saturday' || w === 'sunday'
}

/** Day number containing a local-ms value. */
export function dayOfLocal(localMs: number): number {
  return Math.floor(localMs / DAY_MS)
}

/**
 * Minutes since local midnight of an "HH:mm" (or "H:mm") wall clock. As an `end`, "24:00" and
 * "23:59" both mean end of day (1440). Throws RangeError for malformed text or "24:00" as a start.
 */
export function parseClock(text: string, role: 'start' | 'end'): number {
  const m = CLOCK.exec(text)
  const hours = m === null ? NaN : Number(m[1])
  const minutes = m === null ? NaN : Number(m[2])
  const total = hours * 60 + minutes
  const valid = hours <= 24 && minutes <= 59 && total <= MINUTES_PER_DAY
  if (!valid || (role === 'start' && total === MINUTES_PER_DAY)) {
    throw new RangeError(`Invalid ${role} time "${text}", expected HH:mm`)
  }
  return role === 'end' && total === MINUTES_PER_DAY - 1 ? MINUTES_PER_DAY : total
}
