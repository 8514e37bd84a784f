// Wall clocks for the CalDAV iCalendar code. A "wall" is a local date and time encoded as if it were UTC
// epoch ms (Date.UTC(y, m - 1, d, h, mi, s)), which keeps every computation independent of the process
// time zone. Here: the time constants, converting between walls and ical.js times, and writing walls and
// instants as iCalendar DATE-TIME text.

import ICAL from 'ical.js'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** An ical.js DATE or DATE-TIME's fields as a wall (fake-UTC ms), whatever zone ical.js attached to it. */
export function wallOf(t: ICAL.Time): number {
  return t.isDate ? Date.UTC(t.year, t.month - 1, t.day) : Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)
}

/** A wall as a floating ical.js DATE (isDate) or DATE-TIME, e.g. to start a recurrence iterator from. */
export function floatingTime(wall: number, isDate: boolean): ICAL.Time {
  const d = new Date(wall)
  return new ICAL.Time({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate,
  }, ICAL.Timezone.localTimezone)
}

/** A wall (fake-UTC ms) as an iCalendar local DATE-TIME, e.g. 20260329T020000 (seconds truncated to whole). */
export function formatWall(wall: number): string {
  return new Date(Math.floor(wall / 1000) * 1000).toISOString().slice(0, 19).replace(/[-:]/g, '')
}

/** An instant as an iCalendar UTC DATE-TIME, e.g. 20260329T010000Z. */
export function formatUtc(instant: number): string {
  return `${formatWall(instant)}Z`
}
