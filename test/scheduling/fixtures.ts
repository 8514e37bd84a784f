// Shared helpers for the scheduling tests: literal ISO strings in, literal ISO strings out.

import { DateTime } from 'luxon'
import type { Busy, HourRange, Rules, Slot, SlotQuery, Weekday } from '../../server/scheduling/index.ts'

export const NINE_TO_FIVE: HourRange[] = [{ start: '09:00', end: '17:00' }]

/** Epoch ms of an ISO string that carries its own offset ("2026-01-13T09:00:00-05:00"). */
export function at(iso: string): number {
  const ms = DateTime.fromISO(iso, { setZone: true }).toMillis()
  if (!Number.isFinite(ms) || !/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`bad fixture instant ${iso}`)
  return ms
}

/** ISO string with the offset in force in `zone`, without milliseconds. */
export function iso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? 'invalid'
}

/** Slot starts as ISO strings in `zone`. */
export function starts(slots: readonly Slot[], zone: string): string[] {
  return slots.map((s) => iso(s.start, zone))
}

/** The same hours on every day of the week. */
export function everyDay(ranges: HourRange[]): Record<Weekday, HourRange[]> {
  return { monday: ranges, tuesday: ranges, wednesday: ranges, thursday: ranges, friday: ranges, saturday: ranges, sunday: ranges }
}

/** Rules with 09:00–17:00 on weekdays, no buffers, notice, limits; step 60. */
export function rulesFor(timeZone: string, overrides: Partial<Rules> = {}): Rules {
  const week = everyDay(NINE_TO_FIVE)
  return {
    timeZone,
    weeklyHours: { ...week, saturday: [], sunday: [] },
    excludeWeekends: true,
    dateOverrides: [],
    bufferBefore: 0,
    bufferAfter: 0,
    minNotice: 0,
    slotStep: 60,
    horizonDays: 60,
    maxPerDay: null,
    dailyLimitCountsAllEvents: false,
    ignoreAllDay: true,
    ...overrides,
  }
}

/** A query over [from, to) given as ISO strings; `now` defaults to `from`. */
export function queryFor(rules: Rules, from: string, to: string, extra: Partial<SlotQuery> = {}): SlotQuery {
  return { rules, busy: [], now: at(from), duration: 60, from: at(from), to: at(to), ...extra }
}

/** A busy interval from ISO strings. */
export function busy(start: string, end: string, extra: Partial<Busy> = {}): Busy {
  return { start: at(start), end: at(end), calendarId: 'primary', kind: 'event', ...extra }
}
