// iCalendar property values for the CalDAV reader: DATE and DATE-TIME values with their TZID, placing them
// on the time line (a TZID's offsets come from the caller's ZoneOf), event lengths from DTEND or DURATION, and
// the small normalisations of parameter and address text. Pure; walls are as in ical-wall.ts.

import ICAL from 'ical.js'
import { DAY, HOUR, MINUTE, wallOf } from './ical-wall.ts'
import { localToInstant } from './vtimezone.ts'
import type { OffsetAt } from './vtimezone.ts'

export interface Interval { start: number; end: number }
/** A DATE or DATE-TIME value: its wall clock (fake-UTC ms) and how to place it on the time line. */
export interface TimeValue { wall: number; isDate: boolean; utc: boolean; tzid: string | null }
/** Length of an event: whole nominal days (wall clock), then exact milliseconds. */
export interface Span { days: number; ms: number }
/** The offset function for a TZID (null: floating or DATE, i.e. the caller's floatingZone). */
export type ZoneOf = (tzid: string | null) => OffsetAt

/** The instant a value denotes: UTC as is, else its wall clock in its TZID's zone (DATE and floating: the floating zone). */
export function instantOf(value: TimeValue, zoneOf: ZoneOf): number {
  if (value.utc) return value.wall
  return localToInstant(value.wall, zoneOf(value.isDate ? null : value.tzid))
}

/** End of an occurrence starting at `value` (= `instant`): nominal days on the wall clock, then exact ms. */
export function endOf(value: TimeValue, instant: number, span: Span, zoneOf: ZoneOf): number {
  if (span.days === 0) return instant + span.ms
  return instantOf({ ...value, wall: value.wall + span.days * DAY }, zoneOf) + span.ms
}

/** Length from DTEND (exact for DATE-TIME, whole days for DATE), else DURATION, else one day (DATE) or zero. */
export function spanOf(component: ICAL.Component, start: TimeValue, zoneOf: ZoneOf): Span {
  const dtend = component.getFirstProperty('dtend')
  const end = dtend && timeValue(dtend, dtend.getFirstValue())
  if (end && start.isDate) return { days: Math.max(1, Math.ceil((end.wall - start.wall) / DAY)), ms: 0 }
  if (end) return { days: 0, ms: instantOf(end, zoneOf) - instantOf(start, zoneOf) }
  const duration = component.getFirstPropertyValue('duration')
  if (duration instanceof ICAL.Duration) return durationSpan(duration)
  return start.isDate ? { days: 1, ms: 0 } : { days: 0, ms: 0 }
}

/** A DURATION as a Span: weeks and days nominal, the rest exact; negative durations stay negative. */
export function durationSpan(d: ICAL.Duration): Span {
  const sign = d.isNegative ? -1 : 1
  return { days: sign * (d.weeks * 7 + d.days), ms: sign * (d.hours * HOUR + d.minutes * MINUTE + d.seconds * 1000) }
}

/** The component's DTSTART as a TimeValue, or null when it has none or an unusable one. */
export function startValue(component: ICAL.Component): TimeValue | null {
  const prop = component.getFirstProperty('dtstart')
  return prop ? timeValue(prop, prop.getFirstValue()) : null
}

/** One DATE or DATE-TIME item of `prop` (whose TZID parameter it takes) as a TimeValue, or null when it is not one. */
export function timeValue(prop: ICAL.Property, item: unknown): TimeValue | null {
  if (!(item instanceof ICAL.Time)) return null
  const wall = wallOf(item)
  if (!Number.isFinite(wall)) return null
  const tzid = prop.getParameter('tzid')
  const named = typeof tzid === 'string' && tzid.trim() !== '' ? tzid : null
  return { wall, isDate: item.isDate, utc: item.zone === ICAL.Timezone.utcTimezone, tzid: named }
}

/** A calendar user address compared as text: trimmed, without mailto:, lowercased. */
export function normalizeAddress(value: unknown): string {
  return String(value ?? '').trim().replace(/^mailto:/i, '').toLowerCase()
}

/** A string parameter or property value trimmed and uppercased; anything else reads as ''. */
export function upper(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : ''
}
