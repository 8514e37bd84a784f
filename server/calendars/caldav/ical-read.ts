// Reading CalDAV calendar object resources: the busy time an object blocks (recurrences expanded by
// wall clock, RFC 5545), the busy periods of a VFREEBUSY reply, and the fields of the master event.
// Pure: no I/O, no clock, no process time zone (ical.js supplies parsing and RRULE stepping only; every
// wall clock is placed on the time line here, with the text's VTIMEZONE or luxon's zone data). Series
// expansion lives in ical-recurrence.ts, value readers in ical-values.ts.

import ICAL from 'ical.js'
import { groupBusy } from './ical-recurrence.ts'
import type { ReadContext } from './ical-recurrence.ts'
import { MAX_RULE_STEPS } from './ical-rrule.ts'
import { DAY, wallOf } from './ical-wall.ts'
import { durationSpan, endOf, instantOf, normalizeAddress, spanOf, startValue, upper } from './ical-values.ts'
import type { Interval, ZoneOf } from './ical-values.ts'
import { ianaNameForTzid, ianaOffsetAt, vtimezoneOffsetAt } from './vtimezone.ts'
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
// Zones and property readers

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
