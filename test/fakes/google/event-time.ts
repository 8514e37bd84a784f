// Event times: validating EventDateTime input like Calendar v3, computing busy intervals,
// and rendering instants the way Google does (offset of the requested zone, no millis).
import { DateTime, IANAZone } from 'luxon'
import type { calendar_v3 } from 'googleapis'
import { apiError } from './errors.ts'

type EventDateTime = calendar_v3.Schema$EventDateTime

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

export interface Interval {
  start: number
  end: number
}

/** Parses an RFC 3339 instant that carries an offset; undefined when it does not. */
export function parseInstant(text: string): number | undefined {
  if (!HAS_OFFSET.test(text)) return undefined
  const dt = DateTime.fromISO(text, { setZone: true })
  return dt.isValid ? dt.toMillis() : undefined
}

/**
 * Validates one side of an event's time and returns it in canonical stored form:
 * {date} for all-day, or {dateTime: UTC ISO, timeZone?}. Throws Google's 400s.
 */
export function normalizeEventTime(input: unknown, side: 'start' | 'end'): EventDateTime {
  if (!input || typeof input !== 'object') throw apiError(400, 'required', { message: `Missing ${side} time.` })
  const { date, dateTime, timeZone } = input as EventDateTime
  if (timeZone && !IANAZone.isValidZone(timeZone)) {
    throw apiError(400, 'invalid', { message: `Invalid time zone definition for ${side} time.` })
  }
  if (date) {
    if (!DATE_ONLY.test(date) || !DateTime.fromISO(date).isValid) throw apiError(400, 'invalid', { message: `Invalid ${side} time.` })
    return timeZone ? { date, timeZone } : { date }
  }
  if (!dateTime) throw apiError(400, 'required', { message: `Missing ${side} time.` })
  let dt: DateTime
  if (HAS_OFFSET.test(dateTime)) dt = DateTime.fromISO(dateTime, { setZone: true })
  else if (timeZone) dt = DateTime.fromISO(dateTime, { zone: timeZone })
  else throw apiError(400, 'required', { message: `Missing time zone definition for ${side} time.` })
  if (!dt.isValid) throw apiError(400, 'invalid', { message: `Invalid ${side} time.` })
  const utc = dt.toUTC().toISO({ suppressMilliseconds: true }) ?? ''
  return timeZone ? { dateTime: utc, timeZone } : { dateTime: utc }
}

/** Throws unless start/end are both dates or both dateTimes and end is after start. */
export function checkRange(start: EventDateTime, end: EventDateTime, calendarZone: string): void {
  if (!!start.date !== !!end.date) {
    throw apiError(400, 'invalid', { message: 'Start and end times must either both be date or both be dateTime.' })
  }
  const { start: s, end: e } = eventInterval(start, end, calendarZone)
  if (e < s) throw apiError(400, 'timeRangeEmpty', { location: 'end.time' })
}

/** The instant range an event occupies; all-day dates are whole days in the calendar's zone. */
export function eventInterval(start: EventDateTime, end: EventDateTime, calendarZone: string): Interval {
  const at = (t: EventDateTime): number =>
    t.date
      ? DateTime.fromISO(t.date, { zone: calendarZone }).toMillis()
      : DateTime.fromISO(t.dateTime ?? '', { setZone: true }).toMillis()
  return { start: at(start), end: at(end) }
}

/** Renders a stored time for a response: dateTime expressed in `zone` (Z when UTC). */
export function renderEventTime(stored: EventDateTime, zone: string): EventDateTime {
  if (stored.date) return { ...stored }
  const dt = DateTime.fromISO(stored.dateTime ?? '', { setZone: true }).setZone(zone)
  return { ...stored, dateTime: dt.toISO({ suppressMilliseconds: true }) ?? stored.dateTime }
}

/** A freeBusy instant: UTC "…Z" by default, or with `zone`'s offset when the request gave one. */
export function renderBusyInstant(ms: number, zone: string | undefined): string {
  const dt = DateTime.fromMillis(ms, { zone: zone ?? 'UTC' })
  return dt.toISO({ suppressMilliseconds: true }) ?? ''
}

/** Clips intervals to [min, max), then merges overlapping and touching ones. */
export function mergeBusy(intervals: Interval[], min: number, max: number): Interval[] {
  const clipped = intervals
    .map((i) => ({ start: Math.max(i.start, min), end: Math.min(i.end, max) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start)
  const merged: Interval[] = []
  for (const i of clipped) {
    const last = merged.at(-1)
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else merged.push({ ...i })
  }
  return merged
}

/** Converts a seed's start/end into an EventDateTime, reading offset-less values in `zone`. */
export function seedTime(value: string, allDay: boolean, zone: string): EventDateTime {
  if (allDay) return { date: value }
  return HAS_OFFSET.test(value) ? { dateTime: value } : { dateTime: value, timeZone: zone }
}
