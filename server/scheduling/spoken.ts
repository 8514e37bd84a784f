// Times as they are said on a phone call. Output is read aloud by TTS, so it never contains
// "14:00", ISO strings or newlines: "2 PM", "2:30 PM", "noon", "tomorrow at 2 PM Eastern".
//
// Days: "today", "tomorrow" (and "yesterday"), the weekday name for 2–6 days ahead ("Thursday"),
// otherwise "Tuesday, January 16". The year is added ("Tuesday, January 16, 2029") unless the date
// is less than 300 days ahead, or in the past but in the current year: a date read out without a
// year is then always the next (or this year's) one.

import { DateTime, IANAZone } from 'luxon'
import { DAY_MS } from './local-time.ts'
import { SPOKEN_ZONE_NAMES, cityZoneName } from './zone-names.ts'
import { assertZone } from './zone-timeline.ts'
import type { Slot } from './types.ts'

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const YEARLESS_DAYS_AHEAD = 300

interface LocalParts { day: number; year: number; month: number; date: number; weekday: number; hour: number; minute: number }

function localParts(at: number, zone: string): LocalParts {
  assertZone(zone)
  if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${at}`)
  const dt = DateTime.fromMillis(at, { zone })
  const day = Date.UTC(dt.year, dt.month - 1, dt.day) / DAY_MS
  return { day, year: dt.year, month: dt.month, date: dt.day, weekday: dt.weekday, hour: dt.hour, minute: dt.minute }
}

function offsetOf(zone: string, at: number): number {
  assertZone(zone)
  return IANAZone.create(zone).offset(at)
}

/**
 * The zone as people say it after a clock time: "Eastern", "Central", "Mountain" (Denver and
 * Phoenix), "Pacific", "Alaska time", "Hawaii time", "UK time", "Central European time",
 * "Eastern European time", "Portugal time", "India time", "Japan time", "Sydney time", "UTC".
 * Unlisted zones use Intl's English generic name without "Standard/Daylight Time" plus " time"
 * ("West Africa time", "Nepal time"), or the city plus " time" when Intl only knows an offset
 * like "GMT+03:00". Fixed Etc/GMT±N zones are read as an offset: "UTC minus 5".
 */
export function spokenZone(zone: string, at: number): string {
  const known = SPOKEN_ZONE_NAMES.get(zone)
  if (known !== undefined) return known
  assertZone(zone)
  if (/^Etc\/GMT[+-]/.test(zone)) return offsetName(offsetOf(zone, at))
  const generic = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longGeneric' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  if (generic === undefined || /^(GMT|UTC)/.test(generic)) return cityZoneName(zone)
  return `${generic.replace(/\s+((Standard|Daylight|Summer)\s+)?Time$/i, '')} time`
}

// "UTC plus 5:30", "UTC minus 5" (Etc/GMT+5 is five hours behind UTC, despite its name).
function offsetName(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes)
  const hm = abs % 60 === 0 ? `${abs / 60}` : `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`
  return offsetMinutes === 0 ? 'UTC' : `UTC ${offsetMinutes > 0 ? 'plus' : 'minus'} ${hm}`
}

/** Wall clock at `at` in `zone`: "2 PM", "2:30 PM", "9:05 AM", "noon", "midnight", "12:30 AM". */
export function spokenClock(at: number, zone: string): string {
  const { hour, minute } = localParts(at, zone)
  if (minute === 0 && hour === 0) return 'midnight'
  if (minute === 0 && hour === 12) return 'noon'
  const h12 = hour % 12 === 0 ? 12 : hour % 12
  const suffix = hour < 12 ? 'AM' : 'PM'
  return minute === 0 ? `${h12} ${suffix}` : `${h12}:${String(minute).padStart(2, '0')} ${suffix}`
}

/** The local day of `at` relative to `now`, both in `zone` (see the rules at the top of the file). */
export function spokenDay(at: number, zone: string, now: number): string {
  return dayPhrase(at, zone, now, true)
}

// relative=false never says today/tomorrow/yesterday (used when two zones disagree on "today").
function dayPhrase(at: number, zone: string, now: number, relative: boolean): string {
  const p = localParts(at, zone)
  const today = localParts(now, zone)
  const diff = p.day - today.day
  if (relative && diff === 0) return 'today'
  if (relative && diff === 1) return 'tomorrow'
  if (relative && diff === -1) return 'yesterday'
  const weekday = WEEKDAY_NAMES[p.weekday - 1] ?? ''
  if (diff >= 0 && diff <= 6) return weekday
  const yearless = (diff >= 0 && diff < YEARLESS_DAYS_AHEAD) || (diff < 0 && p.year === today.year)
  const base = `${weekday}, ${MONTH_NAMES[p.month - 1] ?? ''} ${p.date}`
  return yearless ? base : `${base}, ${p.year}`
}

export interface SpokenOptions { callerZone: string; consultantZone: string; now: number }

/**
 * A moment for the caller, consultant's time first: "tomorrow at 2 PM Eastern". When the caller's
 * zone has a different offset at that instant, the caller's time follows:
 * "tomorrow at 2 PM Eastern, that's 11 AM Pacific for you", with the caller's day added when it
 * differs: "Wednesday at 9 AM Japan time, that's Tuesday at 4 PM Pacific for you". When the two
 * zones are on different dates at `now`, "today"/"tomorrow" are replaced by weekday names, since
 * they would mean different days to each side. If both zones have the same spoken name but
 * different offsets (Phoenix and Denver in summer), city names are used: "Phoenix time".
 */
export function spokenDateTime(at: number, opts: SpokenOptions): string {
  const { callerZone, consultantZone, now } = opts
  const relative = localParts(now, callerZone).day === localParts(now, consultantZone).day
  const [consultantName, callerName] = distinctNames(consultantZone, callerZone, at)
  const consultantPart = `${dayPhrase(at, consultantZone, now, relative)} at ${spokenClock(at, consultantZone)} ${consultantName}`
  if (offsetOf(callerZone, at) === offsetOf(consultantZone, at)) return consultantPart
  const sameDate = localParts(at, callerZone).day === localParts(at, consultantZone).day
  const callerDay = sameDate ? '' : `${dayPhrase(at, callerZone, now, relative)} at `
  return `${consultantPart}, that's ${callerDay}${spokenClock(at, callerZone)} ${callerName} for you`
}

function distinctNames(a: string, b: string, at: number): [string, string] {
  const nameA = spokenZone(a, at)
  const nameB = spokenZone(b, at)
  const clash = nameA === nameB && offsetOf(a, at) !== offsetOf(b, at)
  return clash ? [cityZoneName(a), cityZoneName(b)] : [nameA, nameB]
}

export interface SlotListOptions { consultantZone: string; callerZone?: string; now: number }

/**
 * One sentence offering `slots`, grouped by local day in start order:
 * "Tomorrow at 9 AM, 11:30 AM or 2 PM Eastern, or Friday at 10 AM Eastern."
 * Times are in the consultant's zone, unless callerZone is given and differs in offset for any
 * slot: then the whole list is in the caller's zone (they are choosing; the confirmation via
 * spokenDateTime states both). An empty list gives "".
 */
export function spokenSlotList(slots: readonly Slot[], opts: SlotListOptions): string {
  const { consultantZone, callerZone, now } = opts
  const useCaller = callerZone !== undefined && slots.some((s) => offsetOf(callerZone, s.start) !== offsetOf(consultantZone, s.start))
  const zone = useCaller && callerZone !== undefined ? callerZone : consultantZone
  const phrases = groupByDay(slots, zone).map((g) => groupPhrase(g, zone, now))
  if (phrases.length === 0) return ''
  const sentence = phrases.length === 1 ? phrases[0] ?? '' : `${phrases.slice(0, -1).join(', ')}, or ${phrases[phrases.length - 1]}`
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`
}

// Slots in start order, cut into runs that share a local date in `zone`.
function groupByDay(slots: readonly Slot[], zone: string): Slot[][] {
  const groups: Slot[][] = []
  let lastDay = NaN
  for (const slot of [...slots].sort((a, b) => a.start - b.start)) {
    const day = localParts(slot.start, zone).day
    if (day === lastDay) groups[groups.length - 1]?.push(slot)
    else groups.push([slot])
    lastDay = day
  }
  return groups
}

function groupPhrase(group: readonly Slot[], zone: string, now: number): string {
  const first = group[0] as Slot
  const clocks = group.map((s) => spokenClock(s.start, zone))
  const list = clocks.length === 1 ? clocks[0] : `${clocks.slice(0, -1).join(', ')} or ${clocks[clocks.length - 1]}`
  return `${spokenDay(first.start, zone, now)} at ${list} ${spokenZone(zone, first.start)}`
}
