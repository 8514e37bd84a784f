// Busy time of one UID's events in a CalDAV calendar object: the master's recurrence set (DTSTART, RDATEs and
// RRULE occurrences, stepped on the wall clock, minus EXDATEs) plus overridden instances (RECURRENCE-ID, also
// RANGE=THISANDFUTURE), each occurrence counted only when it blocks time. Pure; budgets are shared per object.

import ICAL from 'ical.js'
import { fastForward, recurrenceWalls, untilInstant } from './ical-rrule.ts'
import { DAY } from './ical-wall.ts'
import { durationSpan, endOf, instantOf, normalizeAddress, spanOf, startValue, timeValue, upper } from './ical-values.ts'
import type { Interval, Span, TimeValue, ZoneOf } from './ical-values.ts'

/** What expansion needs from busyFromICalendar: the window, TZID lookup, the owner's addresses and the shared budget. */
export interface ReadContext {
  from: number
  to: number
  zoneOf: ZoneOf
  self: ReadonlySet<string>
  ignoreAllDay: boolean
  budget: StepBudget
}
/** Per-object expansion limits: occurrences generated, and ical.js rule steps (shared by all rules). */
export interface StepBudget { occurrences: number; steps: number }
interface Occurrence { start: number; end: number; blocks: boolean }
interface RangeShift { rid: number; delta: number; length: number; blocks: boolean }
interface Overrides { byRid: ReadonlySet<number>; ranges: RangeShift[]; maxShift: number; busy: Interval[] }
interface SeriesStart { value: TimeValue; instant: number; end: number | null }

/**
 * Busy intervals (unsorted) within [ctx.from, ctx.to) of the events sharing one UID: overrides first, then each
 * master's remaining occurrences (moved by any RANGE=THISANDFUTURE override before them).
 */
export function groupBusy(components: ICAL.Component[], ctx: ReadContext): Interval[] {
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
