// fast-check generators for random scheduling queries: random rules, busy sets, zones and `now`,
// biased toward DST change days and odd offsets.

import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import type { Busy, DateOverride, HourRange, Rules, SlotQuery, Weekday } from '../../server/scheduling/index.ts'

const MIN = 60_000
const DAY = 86_400_000

export const ZONES = [
  'America/New_York', 'America/Los_Angeles', 'America/Phoenix', 'America/St_Johns', 'America/Sao_Paulo',
  'America/Santiago', 'America/Havana', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Auckland', 'UTC',
] as const

const YEAR_START = Date.parse('2026-01-01T00:00:00Z')
const YEAR_END = Date.parse('2027-01-01T00:00:00Z')
const transitionCache = new Map<string, number[]>()

/** Offset changes of `zone` during 2026 (6-hourly luxon scan, refined to the minute). */
export function transitionsOf(zone: string): number[] {
  const cached = transitionCache.get(zone)
  if (cached !== undefined) return cached
  const z = IANAZone.create(zone)
  const found: number[] = []
  for (let t = YEAR_START; t < YEAR_END; t += 6 * 3_600_000) {
    if (z.offset(t) === z.offset(t + 6 * 3_600_000)) continue
    let m = t
    while (z.offset(m) === z.offset(t)) m += MIN
    found.push(m)
  }
  transitionCache.set(zone, found)
  return found
}

const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const hhmm = (fiveMinutes: number): string => {
  const minutes = fiveMinutes * 5
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** One "HH:mm" range on a 5-minute grid; end of day is written "24:00" or "23:59". */
export const hourRange: fc.Arbitrary<HourRange> = fc
  .tuple(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 1, max: 288 }), fc.boolean())
  .filter(([a, b]) => a < b)
  .map(([a, b, late]) => ({ start: hhmm(a), end: b === 288 ? (late ? '23:59' : '24:00') : hhmm(b) }))

const dayRanges = fc.array(hourRange, { maxLength: 3 })

/** `now` anywhere in 2026, or within a few days before (or just after) one of the zone's changes. */
export const nowArb = (zone: string): fc.Arbitrary<number> => {
  const anchors = transitionsOf(zone)
  const anywhere = fc.integer({ min: YEAR_START, max: YEAR_END - 30 * DAY })
  if (anchors.length === 0) return anywhere
  const near = fc.tuple(fc.constantFrom(...anchors), fc.integer({ min: -DAY, max: 5 * DAY })).map(([a, d]) => a - d)
  return fc.oneof(anywhere, near)
}

interface Draft { zone: string; now: number; overrides: Array<{ inDays: number; ranges: HourRange[] }> }

const rulesArb = (d: Draft): fc.Arbitrary<Rules> =>
  fc.record({
    weekly: fc.tuple(dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges),
    excludeWeekends: fc.boolean(),
    bufferBefore: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    bufferAfter: fc.constantFrom(0, 0, 5, 10, 15, 30, 60),
    minNotice: fc.oneof({ arbitrary: fc.constantFrom(0, 60, 240), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 3000 }), weight: 1 }),
    slotStep: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
    horizonDays: fc.oneof({ arbitrary: fc.noBias(fc.integer({ min: 2, max: 30 })), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 }),
    maxPerDay: fc.constantFrom(null, null, null, 1, 2, 3, 4, 0),
    dailyLimitCountsAllEvents: fc.boolean(),
    ignoreAllDay: fc.boolean(),
  }).map((r) => ({
    timeZone: d.zone,
    weeklyHours: Object.fromEntries(WEEKDAYS.map((w, i) => [w, r.weekly[i] ?? []])) as Record<Weekday, HourRange[]>,
    excludeWeekends: r.excludeWeekends,
    dateOverrides: d.overrides.map((o): DateOverride => ({
      date: DateTime.fromMillis(d.now + o.inDays * DAY, { zone: d.zone }).toISODate() ?? '',
      ranges: o.ranges,
    })),
    bufferBefore: r.bufferBefore,
    bufferAfter: r.bufferAfter,
    minNotice: r.minNotice,
    slotStep: r.slotStep,
    horizonDays: r.horizonDays,
    maxPerDay: r.maxPerDay,
    dailyLimitCountsAllEvents: r.dailyLimitCountsAllEvents,
    ignoreAllDay: r.ignoreAllDay,
  }))

const busyArb = (now: number): fc.Arbitrary<Busy> =>
  fc.record({
    at: fc.integer({ min: -1440, max: 10 * 1440 }),
    length: fc.oneof(fc.integer({ min: 0, max: 360 }), fc.constant(1440)),
    calendarId: fc.constantFrom('work', 'home', 'slotline'),
    kind: fc.constantFrom('event' as const, 'booking' as const),
    allDay: fc.boolean(),
    transparent: fc.boolean(),
    flags: fc.integer({ min: 0, max: 9 }),
  }).map((b) => {
    const start = now + b.at * MIN
    const result: Busy = { start, end: start + b.length * MIN, calendarId: b.calendarId, kind: b.kind }
    if (b.flags === 0) result.allDay = b.allDay
    if (b.flags === 1) result.transparent = b.transparent
    return result
  })

/** A random query around a random `now` in a random zone. */
export const queryArb: fc.Arbitrary<SlotQuery> = fc
  .constantFrom(...ZONES)
  .chain((zone) => fc.record({
    zone: fc.constant(zone),
    now: nowArb(zone),
    overrides: fc.array(fc.record({ inDays: fc.integer({ min: -1, max: 14 }), ranges: fc.array(hourRange, { maxLength: 2 }) }), { maxLength: 3 }),
  }))
  .chain((d) =>
    fc.record({
      rules: rulesArb(d),
      busy: fc.array(busyArb(d.now), { maxLength: 40 }),
      now: fc.constant(d.now),
      duration: fc.constantFrom(15, 30, 45, 60, 90, 120),
      fromOffset: fc.noBias(fc.integer({ min: -1440, max: 2 * 1440 })),
      length: fc.oneof(fc.noBias(fc.integer({ min: 60, max: 10 * 1440 })), fc.integer({ min: 0, max: 14 * 1440 })),
    }),
  )
  .map(({ fromOffset, length, ...q }) => ({ ...q, from: q.now + fromOffset * MIN, to: q.now + (fromOffset + length) * MIN }))
