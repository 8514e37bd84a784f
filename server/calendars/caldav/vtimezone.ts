// Time zones for the CalDAV iCalendar code: turning a local wall-clock reading into an instant by RFC 5545
// rules, looking up the IANA zone behind a TZID (also prefixed and common Windows names), reading the offsets
// a VTIMEZONE defines, and writing a VTIMEZONE for an IANA zone (as luxon sees it). Walls are as in
// ical-wall.ts; recurrence rules of observances are stepped by ical-rrule.ts.

import ICAL from 'ical.js'
import { DateTime, IANAZone } from 'luxon'
import { MAX_RULE_STEPS, recurrenceWalls, untilInstant } from './ical-rrule.ts'
import { DAY, HOUR, MINUTE, formatWall, wallOf } from './ical-wall.ts'

const MAX_ZONE_ONSETS = 5_000

/** The UTC offset (ms, east positive) a zone has at an instant (epoch ms). */
export type OffsetAt = (instant: number) => number

/** Instants (ascending) whose local wall clock in the zone is `wall`: two in an overlap, none in a gap. */
export function localCandidates(wall: number, offsetAt: OffsetAt): number[] {
  // Offsets never exceed ±15 h, so every candidate instant lies within `wall` ± 15 h.
  const offsets = new Set([offsetAt(wall - 15 * HOUR), offsetAt(wall), offsetAt(wall + 15 * HOUR)])
  const found = new Set<number>()
  for (const offset of offsets) if (offsetAt(wall - offset) === offset) found.add(wall - offset)
  return [...found].sort((a, b) => a - b)
}

/**
 * The instant a local wall clock denotes, per RFC 5545 §3.3.5: a time that occurs twice means its first
 * occurrence; a time skipped by a gap is read with the offset in force before the gap.
 */
export function localToInstant(wall: number, offsetAt: OffsetAt): number {
  const candidates = localCandidates(wall, offsetAt)
  return candidates[0] ?? wall - offsetAt(wall - 15 * HOUR)
}

/** The offset function of an IANA zone luxon knows, or null when it does not know the name. */
export function ianaOffsetAt(zone: string): OffsetAt | null {
  if (!IANAZone.isValidZone(zone)) return null
  const iana = IANAZone.create(zone)
  return (instant) => iana.offset(instant) * MINUTE
}

/** True for the names that mean UTC itself (written as `...Z`, with no VTIMEZONE). */
export function isUtcZone(zone: string): boolean {
  return /^(?:etc\/)?(?:utc|uct|gmt(?:[+-]?0)?|universal|zulu|z)$/i.test(zone.trim())
}

// The Windows zone names Outlook/Exchange write most often (CLDR windowsZones, territory 001).
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'UTC': 'UTC', 'GMT Standard Time': 'Europe/London', 'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin', 'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest', 'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau', 'FLE Standard Time': 'Europe/Kiev', 'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow', 'Turkey Standard Time': 'Europe/Istanbul', 'Israel Standard Time': 'Asia/Jerusalem',
  'South Africa Standard Time': 'Africa/Johannesburg', 'Egypt Standard Time': 'Africa/Cairo',
  'Arabian Standard Time': 'Asia/Dubai', 'India Standard Time': 'Asia/Kolkata', 'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai', 'Singapore Standard Time': 'Asia/Singapore', 'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul', 'AUS Eastern Standard Time': 'Australia/Sydney', 'E. Australia Standard Time': 'Australia/Brisbane',
  'Cen. Australia Standard Time': 'Australia/Adelaide', 'W. Australia Standard Time': 'Australia/Perth',
  'New Zealand Standard Time': 'Pacific/Auckland', 'Hawaiian Standard Time': 'Pacific/Honolulu', 'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles', 'US Mountain Standard Time': 'America/Phoenix', 'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago', 'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Eastern Standard Time': 'America/New_York', 'Atlantic Standard Time': 'America/Halifax', 'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo', 'Argentina Standard Time': 'America/Buenos_Aires', 'Pacific SA Standard Time': 'America/Santiago',
}

/**
 * The IANA zone a TZID names, or null: the name itself, the trailing Area/City of a prefixed form
 * ("/mozilla.org/20050126_1/Europe/Berlin"), or a common Windows name ("W. Europe Standard Time").
 */
export function ianaNameForTzid(tzid: string): string | null {
  const name = tzid.trim().replace(/^"(.*)"$/, '$1')
  if (IANAZone.isValidZone(name)) return name
  const segments = name.split('/').filter((s) => s !== '')
  for (const take of [3, 2]) {
    const tail = segments.slice(-take).join('/')
    if (segments.length >= take && /^[A-Za-z]/.test(tail) && IANAZone.isValidZone(tail)) return tail
  }
  return WINDOWS_ZONES[name] ?? null
}

/** An offset (ms) as an iCalendar UTC-OFFSET: +0530, -0400, +1245 (seconds only when present). */
function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+'
  const seconds = Math.round(Math.abs(offset) / 1000)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const hhmm = `${pad(Math.floor(seconds / 3600))}${pad(Math.floor(seconds / 60) % 60)}`
  return `${sign}${hhmm}${seconds % 60 === 0 ? '' : pad(seconds % 60)}`
}

interface Transition { at: number; from: number; to: number }

/** Offset changes of a zone in [start, end): daily scan, then binary search to the minute. */
function transitionsOf(zone: IANAZone, start: number, end: number): Transition[] {
  const found: Transition[] = []
  let after = zone.offset(start)
  for (let t = start; t < end; t += DAY) {
    const before = after
    after = zone.offset(t + DAY)
    if (before === after) continue
    let lo = t
    let hi = t + DAY
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
      if (zone.offset(mid) === before) lo = mid
      else hi = mid
    }
    found.push({ at: hi, from: before * MINUTE, to: zone.offset(hi) * MINUTE })
  }
  return found
}

/** A short display name for the offset in force at `dt` (informational only: TZNAME). */
function tzName(dt: DateTime): string {
  const us = dt.setLocale('en-US').offsetNameShort ?? ''
  const name = /^GMT[+-]/.test(us) ? (dt.setLocale('en-GB').offsetNameShort ?? us) : us
  return name.replace(/[^A-Za-z0-9+\-:]/g, '') || formatOffset(dt.offset * MINUTE)
}

/** One STANDARD/DAYLIGHT observance starting at instant `at` (DTSTART written in the `from` offset). */
function observance(zone: string, at: number, from: number, to: number): string[] {
  const dt = DateTime.fromMillis(at, { zone })
  const kind = dt.isInDST ? 'DAYLIGHT' : 'STANDARD'
  return [
    `BEGIN:${kind}`, `DTSTART:${formatWall(at + from)}`, `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`, `TZNAME:${tzName(dt)}`, `END:${kind}`,
  ]
}

/**
 * The unfolded content lines (BEGIN:VTIMEZONE … END:VTIMEZONE) describing `zone` over
 * [span.from − 1 year, span.to + 1 year] with luxon's data: one observance for the offset in force at the
 * start of that range, then one per transition, each with an explicit DTSTART. Throws RangeError for a
 * zone luxon does not know.
 */
export function vtimezoneLines(zone: string, span: { from: number; to: number }): string[] {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone: ${zone}`)
  const iana = IANAZone.create(zone)
  const start = Math.floor(DateTime.fromMillis(span.from, { zone: 'utc' }).minus({ years: 1 }).toMillis() / MINUTE) * MINUTE
  const end = DateTime.fromMillis(Math.max(span.from, span.to), { zone: 'utc' }).plus({ years: 1 }).toMillis()
  const initial = iana.offset(start) * MINUTE
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...observance(zone, start, initial, initial)]
  for (const t of transitionsOf(iana, start, end)) lines.push(...observance(zone, t.at, t.from, t.to))
  lines.push('END:VTIMEZONE')
  return lines
}

// ---------------------------------------------------------------------------------------------
// Reading a VTIMEZONE

/** The offsets a VTIMEZONE defines (its STANDARD/DAYLIGHT onsets, rules expanded on demand), or null when it defines none. */
export function vtimezoneOffsetAt(vtimezone: ICAL.Component): OffsetAt | null {
  const observances = vtimezone.getAllSubcomponents().filter((c) => c.name === 'standard' || c.name === 'daylight')
  let horizon = -Infinity
  let onsets: { at: number; from: number; to: number }[] = []
  const cover = (instant: number): void => {
    if (instant < horizon) return
    horizon = instant + 800 * DAY
    onsets = observances.flatMap((o) => onsetsOf(o, horizon)).sort((a, b) => a.at - b.at)
  }
  cover(0)
  const first = onsets[0]
  if (!first) return null
  return (instant) => {
    cover(instant)
    let lo = 0
    let hi = onsets.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((onsets[mid]?.at ?? Infinity) <= instant) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? first.from : (onsets[lo - 1]?.to ?? first.from)
  }
}

/** STANDARD/DAYLIGHT onsets (instants) of one observance: DTSTART, RDATEs and RRULE occurrences up to `horizon`. */
function onsetsOf(observance: ICAL.Component, horizon: number): { at: number; from: number; to: number }[] {
  const first = onsetTime(observance.getFirstPropertyValue('dtstart'))
  const from = offsetValue(observance.getFirstPropertyValue('tzoffsetfrom'))
  const to = offsetValue(observance.getFirstPropertyValue('tzoffsetto'))
  if (!first || from === null || to === null) return []
  const onset = (wall: number, utc: boolean) => ({ at: utc ? wall : wall - from, from, to })
  const onsets = [onset(first.wall, first.utc)]
  for (const prop of observance.getAllProperties('rdate')) {
    for (const item of prop.getValues()) {
      const value = onsetTime(item)
      if (value) onsets.push(onset(value.wall, value.utc))
    }
  }
  for (const prop of observance.getAllProperties('rrule')) {
    const rule = prop.getFirstValue()
    if (!(rule instanceof ICAL.Recur)) continue
    const until = untilInstant(rule, (wall) => wall - from)
    for (const wall of recurrenceWalls(rule, first.wall, horizon + 2 * DAY, false, { steps: MAX_RULE_STEPS })) {
      const next = onset(wall, false)
      if (next.at > horizon || next.at > until || onsets.length > MAX_ZONE_ONSETS) break
      onsets.push(next)
    }
  }
  return onsets
}

function onsetTime(item: unknown): { wall: number; utc: boolean } | null {
  if (!(item instanceof ICAL.Time)) return null
  const wall = wallOf(item)
  return Number.isFinite(wall) ? { wall, utc: item.zone === ICAL.Timezone.utcTimezone } : null
}

function offsetValue(value: unknown): number | null {
  return value instanceof ICAL.UtcOffset ? value.factor * (value.hours * HOUR + value.minutes * MINUTE) : null
}
