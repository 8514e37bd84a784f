// Reading CalDAV calendar object resources: the busy time an object blocks (recurrences expanded by
// wall clock, RFC 5545), the busy periods of a VFREEBUSY reply, and the fields of the master event.
// Pure: no I/O, no clock, no process time zone (ical.js supplies parsing and RRULE stepping only; every
// wall clock is placed on the time line here, with the text's VTIMEZONE or luxon's zone data).

import ICAL from 'ical.js'
import { DAY, HOUR, MINUTE, MAX_RULE_STEPS, fastForward, ianaNameForTzid, ianaOffsetAt, localToInstant, recurrenceWalls, untilInstant, vtimezoneOffsetAt, wallOf } from './vtimezone.ts'
import type { OffsetAt } from './vtimezone.ts'

/** Thrown when iCalendar text cannot be parsed. */
export class ICalError extends Error {
  override name = 'ICalError'
}

export interface BusyReadOptions {
  /** Epoch ms, window start (inclusive). */
  from: number
  /** Epoch ms, window end (exclusive). */
  to: number
  /** The account owner's addresses, lowercase, without "mailto:" (compared case-insensitively anyway). */
  selfAddresses: readonly string[]
  /** IANA zone used for floating DATE-TIMEs, all-day DATEs and TZIDs nothing else explains. */
  floatingZone: string
  /** When true, all-day (VALUE=DATE) events block nothing. */
  ignoreAllDay: boolean
}

export interface ParsedEvent {
  uid: string
  /** STATUS lowercased; absent or unknown reads as 'confirmed'. */
  status: 'confirmed' | 'tentative' | 'cancelled'
  /** Epoch ms of the master's DTSTART. */
  start: number
  /** Epoch ms: DTEND, else DTSTART + DURATION, else one day for a DATE and zero for a DATE-TIME. */
  end: number
  /** SUMMARY or ''. */
  title: string
  description: string | null
  /** A video link: X-GOOGLE-CONFERENCE, X-MICROSOFT-SKYPETEAMSMEETINGURL, CONFERENCE, then URL (first http(s) one), else null. */
  meetLink: string | null
  /** X-SLOTLINE* properties mapped back to camelCase keys: X-SLOTLINE → slotline, X-SLOTLINE-BOOKING → slotlineBooking. */
  marker: Record<string, string>
  /** ATTENDEE addresses without mailto:, lowercased. */
  attendees: string[]
  /** SEQUENCE or 0. */
  sequence: number
}

interface Interval { start: number; end: number }
/** A DATE or DATE-TIME value: its wall clock (fake-UTC ms) and how to place it on the time line. */
interface TimeValue { wall: number; isDate: boolean; utc: boolean; tzid: string | null }
/** Length of an event: whole nominal days (wall clock), then exact milliseconds. */
interface Span { days: number; ms: number }
/** The offset function for a TZID (null: floating or DATE, i.e. the caller's floatingZone). */
type ZoneOf = (tzid: string | null) => OffsetAt
interface ReadContext {
  from: number
  to: number
  zoneOf: ZoneOf
  self: ReadonlySet<string>
  ignoreAllDay: boolean
  budget: StepBudget
}
/** Per-object expansion limits: occurrences generated, and ical.js rule steps (shared by all rules). */
interface StepBudget { occurrences: number; steps: number }
interface Occurrence { start: number; end: number; blocks: boolean }
interface RangeShift { rid: number; delta: number; length: number; blocks: boolean }
interface Overrides { byRid: ReadonlySet<number>; ranges: RangeShift[]; maxShift: number; busy: Interval[] }
interface SeriesStart { value: TimeValue; instant: number; end: number | null }

const MAX_OCCURRENCES = 10_000
const LINK_PROPERTIES = ['x-google-conference', 'x-microsoft-skypeteamsmeetingurl', 'conference', 'url']

// ---------------------------------------------------------------------------------------------
// Public readers

/**
 * Busy intervals (epoch ms, sorted by start) that one calendar object resource blocks within [from, to): every
 * occurrence overlapping the window, not clipped. Handles a master VEVENT with RRULE/RDATE/EXDATE plus
 * overridden instances (RECURRENCE-ID, also RANGE=THISANDFUTURE), and instances a server already expanded.
 * Counted only: opaque, not STATUS:CANCELLED, not declined by the owner (ATTENDEE in selfAddresses with
 * PARTSTAT=DECLINED), and not all-day when ignoreAllDay; each override decides for its own instance.
 * VTODO/VJOURNAL are ignored. No DTEND: DURATION; neither: a DATE lasts one day, a DATE-TIME zero (blocks
 * nothing). TZIDs: a VTIMEZONE in the text wins, then an IANA zone luxon knows (also prefixed and common
 * Windows names), else floatingZone; local times in a gap or overlap follow RFC 5545 §3.3.5. Expansion stops
 * at `to`, skips whole periods before `from`, and generates at most 10,000 occurrences per object.
 * Throws ICalError on text that is not iCalendar (or an unknown floatingZone), and never any other error.
 */
export function busyFromICalendar(ics: string, options: BusyReadOptions): Interval[] {
  return guarded(() => {
    const calendars = parseCalendars(ics)
    if (!(options.from < options.to)) return []
    const ctx: ReadContext = {
      from: options.from, to: options.to, ignoreAllDay: options.ignoreAllDay,
      zoneOf: zoneLookup(calendars, options.floatingZone),
      self: new Set(options.selfAddresses.map(normalizeAddress)),
      budget: { occurrences: MAX_OCCURRENCES, steps: MAX_RULE_STEPS },
    }
    const byUid = new Map<string, ICAL.Component[]>()
    for (const event of calendars.flatMap((c) => c.getAllSubcomponents('vevent'))) {
      const uid = String(event.getFirstPropertyValue('uid') ?? '')
      const group = byUid.get(uid)
      if (group) group.push(event)
      else byUid.set(uid, [event])
    }
    return [...byUid.values()].flatMap((group) => groupBusy(group, ctx)).sort(byStart)
  })
}

/** Busy periods (epoch ms, sorted) of a VFREEBUSY reply: every FREEBUSY period whose FBTYPE is not FREE. Throws ICalError on bad text. */
export function busyFromFreeBusy(ics: string): Interval[] {
  return guarded(() => {
    const busy: Interval[] = []
    for (const component of parseCalendars(ics).flatMap((c) => c.getAllSubcomponents('vfreebusy'))) {
      for (const prop of component.getAllProperties('freebusy')) {
        if (upper(prop.getParameter('fbtype')) === 'FREE') continue
        for (const value of prop.getValues()) {
          const period = freeBusyPeriod(value)
          if (period) busy.push(period)
        }
      }
    }
    return busy.sort(byStart)
  })
}

/** The master VEVENT (without RECURRENCE-ID; else the first VEVENT) of a calendar object, or null when there is none. Throws ICalError on bad text. */
export function parseEvent(ics: string, floatingZone: string): ParsedEvent | null {
  return guarded(() => {
    const calendars = parseCalendars(ics)
    const master = masterEvent(calendars)
    if (!master) return null
    const zoneOf = zoneLookup(calendars, floatingZone)
    const start = startValue(master)
    if (!start) throw new ICalError('VEVENT without a usable DTSTART')
    const startMs = instantOf(start, zoneOf)
    return {
      uid: textOf(master, 'uid') ?? '',
      status: statusOf(master),
      start: startMs,
      end: endOf(start, startMs, spanOf(master, start, zoneOf), zoneOf),
      title: textOf(master, 'summary') ?? '',
      description: textOf(master, 'description'),
      meetLink: meetLinkOf(master),
      marker: markerOf(master),
      attendees: master.getAllProperties('attendee').map((p) => normalizeAddress(p.getFirstValue())),
      sequence: sequenceOf(master),
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Shared with the writer

/** The VCALENDAR components of `ics`; throws ICalError when the text is not iCalendar. */
export function parseCalendars(ics: string): ICAL.Component[] {
  if (typeof ics !== 'string' || !/^\s*BEGIN:VCALENDAR/i.test(ics)) throw new ICalError('not iCalendar text (no BEGIN:VCALENDAR)')
  let parsed: unknown
  try {
    parsed = ICAL.parse(ics.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new ICalError(`unparseable iCalendar: ${messageOf(error)}`, { cause: error })
  }
  const list: unknown[] = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]
  const calendars = list.map((jcal) => new ICAL.Component(jcal as unknown[])).filter((c) => c.name === 'vcalendar')
  if (calendars.length === 0) throw new ICalError('no VCALENDAR component')
  return calendars
}

/** The master VEVENT: the first without RECURRENCE-ID, else the first VEVENT, else null. */
export function masterEvent(calendars: readonly ICAL.Component[]): ICAL.Component | null {
  const events = calendars.flatMap((c) => c.getAllSubcomponents('vevent'))
  return events.find((e) => !e.hasProperty('recurrence-id')) ?? events[0] ?? null
}

/** X-SLOTLINE… property name → marker key: X-SLOTLINE → slotline, X-SLOTLINE-BOOKING → slotlineBooking. */
export function markerKey(propertyName: string): string {
  const [head = '', ...rest] = propertyName.toLowerCase().slice(2).split('-')
  return head + rest.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('')
}

// ---------------------------------------------------------------------------------------------
// Busy time of one UID: its master series plus overridden instances

function groupBusy(components: ICAL.Component[], ctx: ReadContext): Interval[] {
  const masters = components.filter((c) => !c.hasProperty('recurrence-id'))
  const firstMaster = masters[0]
  const masterStart = firstMaster ? startValue(firstMaster) : null
  const masterSpan = firstMaster && masterStart ? spanOf(firstMaster, masterStart, ctx.zoneOf) : null
  const overrides = collectOverrides(components.filter((c) => c.hasProperty('recurrence-id')), masterSpan, ctx)
  return [...overrides.busy, ...masters.flatMap((m) => seriesBusy(m, overrides, ctx))]
}

/** Overridden instances: keyed by RECURRENCE-ID instant, each counted on its own; RANGE=THISANDFUTURE shifts later ones. */
function collectOverrides(components: ICAL.Component[], masterSpan: Span | null, ctx: ReadContext): Overrides {
  const byRid = new Set<number>()
  const ranges: RangeShift[] = []
  const busy: Interval[] = []
  for (const component of components) {
    const ridProp = component.getFirstProperty('recurrence-id')
    const rid = ridProp && timeValue(ridProp, ridProp.getFirstValue())
    if (!ridProp || !rid) continue
    const ridInstant = instantOf(rid, ctx.zoneOf)
    const own = startValue(component)
    const start = own ?? rid
    const startMs = instantOf(start, ctx.zoneOf)
    const span = own ? spanOf(component, own, ctx.zoneOf) : (masterSpan ?? spanOf(component, start, ctx.zoneOf))
    const occurrence = { start: startMs, end: endOf(start, startMs, span, ctx.zoneOf), blocks: blocksTime(component, start.isDate, ctx) }
    byRid.add(ridInstant)
    if (occurrence.blocks && overlaps(occurrence, ctx)) busy.push({ start: occurrence.start, end: occurrence.end })
    if (upper(ridProp.getParameter('range')) === 'THISANDFUTURE') {
      ranges.push({ rid: ridInstant, delta: startMs - ridInstant, length: occurrence.end - startMs, blocks: occurrence.blocks })
    }
  }
  ranges.sort((a, b) => a.rid - b.rid)
  return { byRid, ranges, maxShift: Math.max(0, ...ranges.map((r) => Math.abs(r.delta))), busy }
}

/** Busy occurrences of one master's recurrence set, minus EXDATEs and overridden instances. */
function seriesBusy(master: ICAL.Component, overrides: Overrides, ctx: ReadContext): Interval[] {
  const start = startValue(master)
  if (!start) return []
  const span = spanOf(master, start, ctx.zoneOf)
  const blocks = blocksTime(master, start.isDate, ctx)
  const excluded = exclusions(master, ctx.zoneOf)
  const window = { lo: ctx.from - overrides.maxShift, hi: ctx.to + overrides.maxShift, slack: 2 * DAY + span.days * DAY + Math.max(0, span.ms) }
  const seen = new Set<number>()
  const busy: Interval[] = []
  for (const s of seriesStarts(master, start, window, ctx)) {
    if (seen.has(s.instant) || overrides.byRid.has(s.instant) || excluded(s.value, s.instant)) continue
    seen.add(s.instant)
    const plain = { start: s.instant, end: s.end ?? endOf(s.value, s.instant, span, ctx.zoneOf), blocks }
    const occurrence = reshape(plain, overrides.ranges)
    if (occurrence.blocks && overlaps(occurrence, ctx)) busy.push({ start: occurrence.start, end: occurrence.end })
  }
  return busy
}

/** DTSTART, then RDATEs, then each RRULE's occurrences up to `window.hi` (fast-forwarded near `window.lo`). */
function* seriesStarts(master: ICAL.Component, start: TimeValue, window: { lo: number; hi: number; slack: number }, ctx: ReadContext): Generator<SeriesStart> {
  yield { value: start, instant: instantOf(start, ctx.zoneOf), end: null }
  for (const prop of master.getAllProperties('rdate')) yield* rdateStarts(prop, ctx.zoneOf)
  for (const prop of master.getAllProperties('rrule')) {
    const rule = prop.getFirstValue()
    if (!(rule instanceof ICAL.Recur)) continue
    const until = untilInstant(rule, (wall) => instantOf({ ...start, wall }, ctx.zoneOf))
    const from = fastForward(rule, start.wall, window.lo - window.slack)
    for (const wall of recurrenceWalls(rule, from, window.hi + 2 * DAY, start.isDate, ctx.budget)) {
      const value = { ...start, wall }
      const instant = instantOf(value, ctx.zoneOf)
      if (instant >= window.hi || instant > until || ctx.budget.occurrences-- <= 0) break
      yield { value, instant, end: null }
    }
  }
}

function rdateStarts(prop: ICAL.Property, zoneOf: ZoneOf): SeriesStart[] {
  const starts: SeriesStart[] = []
  for (const item of prop.getValues()) {
    const period = item instanceof ICAL.Period ? item : null
    const value = timeValue(prop, period ? period.start : item)
    if (!value) continue
    const instant = instantOf(value, zoneOf)
    const end = period?.end ? timeValue(prop, period.end) : null
    const duration = period?.duration instanceof ICAL.Duration ? durationSpan(period.duration) : null
    starts.push({ value, instant, end: end ? instantOf(end, zoneOf) : duration ? endOf(value, instant, duration, zoneOf) : null })
  }
  return starts
}

/** Applies the latest RANGE=THISANDFUTURE override that precedes the occurrence, if any. */
function reshape(occurrence: Occurrence, ranges: readonly RangeShift[]): Occurrence {
  let shift: RangeShift | null = null
  for (const r of ranges) if (r.rid < occurrence.start) shift = r
  if (!shift) return occurrence
  const start = occurrence.start + shift.delta
  return { start, end: start + shift.length, blocks: shift.blocks }
}

/** EXDATE test: same instant, or (a DATE EXDATE) the same local day. */
function exclusions(master: ICAL.Component, zoneOf: ZoneOf): (value: TimeValue, instant: number) => boolean {
  const instants = new Set<number>()
  const days = new Set<number>()
  for (const prop of master.getAllProperties('exdate')) {
    for (const item of prop.getValues()) {
      const value = timeValue(prop, item)
      if (!value) continue
      instants.add(instantOf(value, zoneOf))
      if (value.isDate) days.add(value.wall)
    }
  }
  return (value, instant) => instants.has(instant) || days.has(Math.floor(value.wall / DAY) * DAY)
}

/** Counted as busy: opaque, not cancelled, not declined by the owner, not an ignored all-day event. */
function blocksTime(component: ICAL.Component, isDate: boolean, ctx: ReadContext): boolean {
  if (upper(component.getFirstPropertyValue('transp')) === 'TRANSPARENT') return false
  if (upper(component.getFirstPropertyValue('status')) === 'CANCELLED') return false
  if (isDate && ctx.ignoreAllDay) return false
  return !component.getAllProperties('attendee').some((p) =>
    upper(p.getParameter('partstat')) === 'DECLINED' && ctx.self.has(normalizeAddress(p.getFirstValue())))
}

function overlaps(o: Interval, ctx: ReadContext): boolean {
  return o.end > o.start && o.start < ctx.to && o.end > ctx.from
}

// ---------------------------------------------------------------------------------------------
// Values

/** Resolves TZIDs: a VTIMEZONE in the text wins, then an IANA zone luxon knows, else the floating zone. */
function zoneLookup(calendars: readonly ICAL.Component[], floatingZone: string): ZoneOf {
  const floating = ianaOffsetAt(floatingZone)
  if (!floating) throw new ICalError(`unknown floatingZone: ${floatingZone}`)
  const defined = new Map<string, ICAL.Component>()
  for (const vtz of calendars.flatMap((c) => c.getAllSubcomponents('vtimezone'))) {
    const tzid = vtz.getFirstPropertyValue('tzid')
    if (typeof tzid === 'string' && !defined.has(tzid)) defined.set(tzid, vtz)
  }
  const cache = new Map<string, OffsetAt>()
  return (tzid) => {
    if (tzid === null) return floating
    const cached = cache.get(tzid)
    if (cached) return cached
    const definition = defined.get(tzid)
    const iana = ianaNameForTzid(tzid)
    const found = (definition && vtimezoneOffsetAt(definition)) ?? (iana !== null ? ianaOffsetAt(iana) : null) ?? floating
    cache.set(tzid, found)
    return found
  }
}

function instantOf(value: TimeValue, zoneOf: ZoneOf): number {
  if (value.utc) return value.wall
  return localToInstant(value.wall, zoneOf(value.isDate ? null : value.tzid))
}

/** End of an occurrence starting at `value` (= `instant`): nominal days on the wall clock, then exact ms. */
function endOf(value: TimeValue, instant: number, span: Span, zoneOf: ZoneOf): number {
  if (span.days === 0) return instant + span.ms
  return instantOf({ ...value, wall: value.wall + span.days * DAY }, zoneOf) + span.ms
}

/** Length from DTEND (exact for DATE-TIME, whole days for DATE), else DURATION, else one day (DATE) or zero. */
function spanOf(component: ICAL.Component, start: TimeValue, zoneOf: ZoneOf): Span {
  const dtend = component.getFirstProperty('dtend')
  const end = dtend && timeValue(dtend, dtend.getFirstValue())
  if (end && start.isDate) return { days: Math.max(1, Math.ceil((end.wall - start.wall) / DAY)), ms: 0 }
  if (end) return { days: 0, ms: instantOf(end, zoneOf) - instantOf(start, zoneOf) }
  const duration = component.getFirstPropertyValue('duration')
  if (duration instanceof ICAL.Duration) return durationSpan(duration)
  return start.isDate ? { days: 1, ms: 0 } : { days: 0, ms: 0 }
}

function durationSpan(d: ICAL.Duration): Span {
  const sign = d.isNegative ? -1 : 1
  return { days: sign * (d.weeks * 7 + d.days), ms: sign * (d.hours * HOUR + d.minutes * MINUTE + d.seconds * 1000) }
}

function startValue(component: ICAL.Component): TimeValue | null {
  const prop = component.getFirstProperty('dtstart')
  return prop ? timeValue(prop, prop.getFirstValue()) : null
}

function timeValue(prop: ICAL.Property, item: unknown): TimeValue | null {
  if (!(item instanceof ICAL.Time)) return null
  const wall = wallOf(item)
  if (!Number.isFinite(wall)) return null
  const tzid = prop.getParameter('tzid')
  const named = typeof tzid === 'string' && tzid.trim() !== '' ? tzid : null
  return { wall, isDate: item.isDate, utc: item.zone === ICAL.Timezone.utcTimezone, tzid: named }
}

function freeBusyPeriod(value: unknown): Interval | null {
  if (!(value instanceof ICAL.Period)) return null
  const start = wallOf(value.start)
  const duration = value.duration instanceof ICAL.Duration ? durationSpan(value.duration) : null
  const end = value.end ? wallOf(value.end) : duration ? start + duration.days * DAY + duration.ms : start
  return end > start ? { start, end } : null
}

function statusOf(component: ICAL.Component): ParsedEvent['status'] {
  const status = upper(component.getFirstPropertyValue('status'))
  return status === 'CANCELLED' ? 'cancelled' : status === 'TENTATIVE' ? 'tentative' : 'confirmed'
}

function sequenceOf(component: ICAL.Component): number {
  const sequence = Number(component.getFirstPropertyValue('sequence') ?? 0)
  return Number.isInteger(sequence) ? sequence : 0
}

function meetLinkOf(component: ICAL.Component): string | null {
  for (const name of LINK_PROPERTIES) {
    for (const prop of component.getAllProperties(name)) {
      const link = propertyText(prop).trim()
      if (/^https?:\/\/\S+$/i.test(link)) return link
    }
  }
  return null
}

function markerOf(component: ICAL.Component): Record<string, string> {
  const marker: Record<string, string> = {}
  for (const prop of component.getAllProperties()) {
    const key = prop.name.startsWith('x-slotline') ? markerKey(prop.name) : null
    if (key !== null && !Object.hasOwn(marker, key)) marker[key] = propertyText(prop)
  }
  return marker
}

function textOf(component: ICAL.Component, name: string): string | null {
  const prop = component.getFirstProperty(name)
  return prop ? propertyText(prop) : null
}

/** A property's value as text; X- properties come back from ical.js still escaped, so unescape those. */
function propertyText(prop: ICAL.Property): string {
  const value = prop.getFirstValue()
  const text = value === null || value === undefined ? '' : String(value)
  return prop.type === 'unknown' ? text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)) : text
}

function normalizeAddress(value: unknown): string {
  return String(value ?? '').trim().replace(/^mailto:/i, '').toLowerCase()
}

function upper(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : ''
}

function byStart(a: Interval, b: Interval): number {
  return a.start - b.start || a.end - b.end
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs `read`, turning any failure that is not already an ICalError into one (ical.js decodes values lazily, so bad text can fail anywhere). */
export function guarded<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof ICalError) throw error
    throw new ICalError(`cannot read iCalendar: ${messageOf(error)}`, { cause: error })
  }
}
