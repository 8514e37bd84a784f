// Validation as the consultant types: the same limits as server/settings/settings-schema.ts,
// restated here because the window imports only types from the server. The server stays the
// judge; these checks only make its 400 rare. Pure functions: unit-tested in test/renderer/.

export const LIMITS = {
  buffer: { min: 0, max: 720 },
  min_notice: { min: 0, max: 525600 },
  slot_step: { min: 5, max: 240 },
  horizon_days: { min: 1, max: 365 },
  max_per_day: { min: 1, max: 100 },
  duration: { min: 5, max: 720 },
  rangesPerDay: 12,
} as const

export interface Range {
  start: string
  end: string
}

const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TYPE_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/

/** A whole number of minutes typed into a field, checked against [min, max]. */
export function checkWhole(text: string, limit: { min: number; max: number }): { value: number } | { error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: 'Required.' }
  if (!/^-?\d+$/.test(trimmed)) return { error: 'Use a whole number.' }
  const value = Number(trimmed)
  if (value < limit.min || value > limit.max) return { error: `Must be between ${limit.min} and ${limit.max}.` }
  return { value }
}

/** "HH:mm" in 24-hour time; "24:00" means end of day. */
export function checkClock(text: string): string | null {
  return CLOCK.test(text) ? null : 'Use a time like 09:00 (24-hour; 24:00 = end of day).'
}

/** The ranges of one day: each valid, start before end, none overlapping, at most 12. */
export function checkRanges(ranges: readonly Range[]): string | null {
  if (ranges.length > LIMITS.rangesPerDay) return `At most ${LIMITS.rangesPerDay} ranges a day.`
  for (const range of ranges) {
    const bad = checkClock(range.start) ?? checkClock(range.end)
    if (bad) return bad
    if (range.start >= range.end) return `${range.start}–${range.end}: the start must be before the end.`
  }
  const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start))
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.end > sorted[i]!.start) return `${sorted[i - 1]!.start}–${sorted[i - 1]!.end} overlaps ${sorted[i]!.start}–${sorted[i]!.end}.`
  }
  return null
}

/** A real calendar date written "YYYY-MM-DD". */
export function checkDate(text: string): string | null {
  if (!DATE.test(text)) return 'Use a date like 2026-12-24.'
  const [y, m, d] = text.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? null : 'Not a real date.'
}

/** An IANA time zone this browser knows (the server checks against its own list too). */
export function checkTimeZone(zone: string): string | null {
  if (!zone.trim()) return 'Required.'
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return zone.includes('/') || zone === 'UTC' ? null : 'Use an IANA time zone like America/New_York.'
  } catch {
    return 'Unknown time zone. Use an IANA name like America/New_York.'
  }
}

/** A meeting type id: lowercase letters, digits, "-" or "_", up to 40 characters. */
export function checkTypeId(id: string): string | null {
  return TYPE_ID.test(id) ? null : 'Lowercase letters, digits, "-" or "_" (up to 40).'
}

/** Each date at most once in the overrides. */
export function duplicateDates(dates: readonly string[]): string[] {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const date of dates) (seen.has(date) ? twice : seen).add(date)
  return [...twice]
}

/**
 * The message for a field: the local check's, else the server's 400 when its key names this
 * field (or something inside it, e.g. `business_hours.monday[0]` for `business_hours.monday`).
 */
export function fieldMessage(key: string, local: Record<string, string>, server: { key?: string; message: string } | null): string | undefined {
  if (local[key]) return local[key]
  if (server?.key && (server.key === key || server.key.startsWith(key + '.') || server.key.startsWith(key + '['))) return server.message
  return undefined
}
