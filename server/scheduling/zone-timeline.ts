// The UTC offset of an IANA zone over a span of time, as a piecewise-constant timeline. Offsets
// come from luxon (IANAZone, 24-hour Intl formatting); transitions are located once by bisection,
// after which every wall-clock <-> instant conversion is plain arithmetic. This is both fast and
// exact: there is no "guess the offset at noon" step to go wrong on DST change days.
//
// Assumption: a zone changes offset at most once between samples taken SAMPLE_MS apart. The
// closest consecutive transitions in tzdb since 1990 are 7 days apart, so 3 days is safe.

import { IANAZone } from 'luxon'
import { DAY_MS } from './local-time.ts'

const SAMPLE_MS = 3 * DAY_MS
const MARGIN_MS = 2 * DAY_MS

export interface ZoneTimeline {
  readonly zone: string
  /** starts[i] is where segment i begins (starts[0] = -Infinity); offsets[i] its offset in ms. */
  readonly starts: readonly number[]
  readonly offsets: readonly number[]
}

/** Zone names already found valid: luxon's check builds an Intl.DateTimeFormat every time. */
const validZones = new Set<string>()

/** Throws RangeError unless `zone` is a valid IANA zone name. */
export function assertZone(zone: string): void {
  if (validZones.has(zone)) return
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new RangeError(`Unknown time zone "${String(zone)}"`)
  }
  validZones.add(zone)
}

/** Offsets of `zone` valid for instants in [from, to] (plus a two-day margin on each side). */
export function buildTimeline(zone: string, from: number, to: number): ZoneTimeline {
  assertZone(zone)
  const iana = IANAZone.create(zone)
  const offsetMs = (t: number): number => Math.round(iana.offset(t) * 60_000)
  const first = Math.floor((from - MARGIN_MS) / 1000) * 1000
  const last = to + MARGIN_MS
  const starts = [-Infinity]
  const offsets = [offsetMs(first)]
  for (let t = first; t < last; ) {
    const next = Math.min(t + SAMPLE_MS, Math.ceil(last / 1000) * 1000)
    const o = offsetMs(next)
    if (o !== offsets[offsets.length - 1]) {
      starts.push(findTransition(offsetMs, t, next, o))
      offsets.push(o)
    }
    t = next
  }
  return { zone, starts, offsets }
}

// First whole second in (lo, hi] whose offset is `after` (offset at lo differs, at hi equals).
function findTransition(offsetMs: (t: number) => number, lo: number, hi: number, after: number): number {
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (offsetMs(mid) === after) hi = mid
    else lo = mid
  }
  return hi
}

/** Offset (ms) of the timeline's zone at instant t. */
export function offsetAt(tl: ZoneTimeline, t: number): number {
  let lo = 0
  let hi = tl.starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((tl.starts[mid] as number) <= t) lo = mid
    else hi = mid - 1
  }
  return tl.offsets[lo] as number
}

/** Wall clock ("local ms") shown at instant t. */
export function wallOf(tl: ZoneTimeline, t: number): number {
  return t + offsetAt(tl, t)
}

/**
 * Instant at which the wall clock shows `localMs`. When it shows it twice (fall back), 'first'
 * picks the earlier and 'last' the later occurrence. When it never shows it (spring-forward gap),
 * both return the first instant after the gap, i.e. the transition itself.
 */
export function wallToInstant(tl: ZoneTimeline, localMs: number, which: 'first' | 'last'): number {
  let found = NaN
  const n = tl.starts.length
  for (let i = 0; i < n; i++) {
    const t = localMs - (tl.offsets[i] as number)
    const inSegment = t >= (tl.starts[i] as number) && (i + 1 >= n || t < (tl.starts[i + 1] as number))
    if (inSegment && (Number.isNaN(found) || (which === 'first' ? t < found : t > found))) found = t
  }
  if (!Number.isNaN(found)) return found
  for (let i = 1; i < n; i++) {
    const at = tl.starts[i] as number
    if (at + (tl.offsets[i - 1] as number) <= localMs && localMs < at + (tl.offsets[i] as number)) return at
  }
  throw new RangeError(`Wall time ${localMs} not representable in ${tl.zone}`)
}
