// A deliberately naive, independent re-statement of the slot rules, used only as a test oracle.
// It shares no code with the engine: offsets are sampled around each wall time with luxon (no
// timeline), gaps are found by a minute-by-minute scan, local dates come from luxon's toISODate,
// and busy conflicts are an O(slots x busy) scan.

import { DateTime, IANAZone } from 'luxon'
import type { Busy, HourRange, Rules, Slot, SlotQuery, Weekday } from '../../server/scheduling/index.ts'

const MIN = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']

export const offsetMs = (zone: string, t: number): number => Math.round(IANAZone.create(zone).offset(t) * MIN)
export const localDate = (zone: string, t: number): string => DateTime.fromMillis(t, { zone }).toISODate() ?? '?'

/** Instant showing wall time `local` (ms, as if UTC): first/last occurrence, or the end of a gap. */
export function oracleWallToInstant(zone: string, local: number, which: 'first' | 'last'): number {
  const offsets = [...new Set([-36, -12, 12, 36].map((h) => offsetMs(zone, local + h * HOUR)))]
  const valid = offsets.map((o) => local - o).filter((t) => offsetMs(zone, t) === local - t)
  if (valid.length > 0) return which === 'first' ? Math.min(...valid) : Math.max(...valid)
  const after = Math.max(...offsets)
  let t = Math.ceil((local - after) / MIN) * MIN
  while (offsetMs(zone, t) !== after) t += MIN
  return t
}

const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`)
const nextDate = (date: string): string => new Date(dateMs(date) + DAY).toISOString().slice(0, 10)
const clockMs = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number)
  return ((h ?? 0) * 60 + (m ?? 0)) * MIN
}

/** The HourRanges that apply on a local date. */
export function oracleHours(rules: Rules, date: string): HourRange[] {
  const override = [...rules.dateOverrides].reverse().find((o) => o.date === date)
  if (override !== undefined) return override.ranges
  const weekday = WEEKDAYS[new Date(dateMs(date)).getUTCDay() === 0 ? 6 : new Date(dateMs(date)).getUTCDay() - 1] as Weekday
  if (rules.excludeWeekends && (weekday === 'saturday' || weekday === 'sunday')) return []
  return rules.weeklyHours[weekday]
}

/** Working intervals (merged) of a local date, with the day's bounds. */
export function oracleDay(rules: Rules, date: string): { start: number; end: number; ranges: Slot[] } {
  const zone = rules.timeZone
  const start = oracleWallToInstant(zone, dateMs(date), 'first')
  const end = oracleWallToInstant(zone, dateMs(nextDate(date)), 'first')
  const raw = oracleHours(rules, date).flatMap((r) => {
    const s = Math.max(start, oracleWallToInstant(zone, dateMs(date) + clockMs(r.start), 'first'))
    const endOfDay = r.end === '24:00' || r.end === '23:59'
    const e = endOfDay ? end : Math.min(end, oracleWallToInstant(zone, dateMs(date) + clockMs(r.end), 'last'))
    return s < e ? [{ start: s, end: e }] : []
  })
  raw.sort((a, b) => a.start - b.start)
  const ranges: Slot[] = []
  for (const r of raw) {
    const last = ranges[ranges.length - 1]
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end)
    else ranges.push({ ...r })
  }
  return { start, end, ranges }
}

export function oracleHorizon(rules: Rules, now: number): number {
  const days = Math.trunc(rules.horizonDays)
  if (!(days > 0)) return now
  return oracleWallToInstant(rules.timeZone, now + offsetMs(rules.timeZone, now) + days * DAY, 'first')
}

export const oracleBlocks = (b: Busy, rules: Rules): boolean =>
  b.transparent !== true && !(b.allDay === true && rules.ignoreAllDay) && b.end >= b.start

/** Distinct counted meetings per local date. */
export function oracleCounts(q: SlotQuery): Map<string, number> {
  const keys = new Map<string, Set<string>>()
  for (const b of q.busy) {
    if (!oracleBlocks(b, q.rules) || !(q.rules.dailyLimitCountsAllEvents || b.kind === 'booking')) continue
    const date = localDate(q.rules.timeZone, b.start)
    keys.set(date, (keys.get(date) ?? new Set()).add(`${b.start}:${b.end}`))
  }
  return new Map([...keys].map(([d, set]) => [d, set.size]))
}

/** True when [s, e) widened by the buffers overlaps a blocking busy interval. */
export function oracleConflicts(q: SlotQuery, s: number, e: number): boolean {
  const before = Math.max(0, q.rules.bufferBefore) * MIN
  const after = Math.max(0, q.rules.bufferAfter) * MIN
  return q.busy.some((b) => oracleBlocks(b, q.rules) && s - before < b.end && b.start < e + after)
}

/** Every valid slot, by brute force. */
export function oracleSlots(q: SlotQuery): Slot[] {
  if (!(q.from < q.to)) return []
  const { rules } = q
  const earliest = q.now + Math.max(0, rules.minNotice) * MIN
  const horizon = oracleHorizon(rules, q.now)
  const counts = oracleCounts(q)
  const duration = q.duration * MIN
  const step = rules.slotStep * MIN
  const out: Slot[] = []
  const last = localDate(rules.timeZone, q.to - 1)
  for (let date = localDate(rules.timeZone, q.from); date <= last; date = nextDate(date)) {
    const full = rules.maxPerDay !== null && (counts.get(date) ?? 0) >= rules.maxPerDay
    for (const r of oracleDay(rules, date).ranges) {
      for (let s = r.start; s + duration <= r.end; s += step) {
        const ok = s >= q.from && s < q.to && s >= earliest && s < horizon && !full && !oracleConflicts(q, s, s + duration)
        if (ok) out.push({ start: s, end: s + duration })
      }
    }
  }
  return out
}
