import { DateTime } from 'luxon'
import type { Db } from '../store/open-database.ts'
import { callTimesSince, toolLatenciesSince, toolOutcomesSince, type OutcomeCount } from './insights-repo.ts'

/** `GET /api/insights` as the UI charts it. */
export interface Insights {
  days: number
  time_zone: string
  /** One entry per local day of the window, oldest first, zeros included. */
  calls_per_day: { date: string; calls: number }[]
  tool_outcomes: OutcomeCount[]
  booking: { attempts: number; booked: number; rate: number | null }
  latency: { name: string; count: number; p50: number; p95: number }[]
}

/**
 * The call log summarised over the last `days` local days in `timeZone`: calls per day, the
 * assistant's tool calls by function and outcome, the schedule_meeting success rate, and
 * latency percentiles (nearest rank) per function. Test calls from the window are left out.
 */
export function buildInsights(db: Db, options: { days: number; timeZone: string; now: number }): Insights {
  const today = DateTime.fromMillis(options.now, { zone: options.timeZone }).startOf('day')
  const first = today.minus({ days: options.days - 1 })
  const since = first.toMillis()

  const perDay = new Map<string, number>()
  for (let day = first; day <= today; day = day.plus({ days: 1 })) perDay.set(day.toISODate()!, 0)
  for (const at of callTimesSince(db, since)) {
    const date = DateTime.fromMillis(at, { zone: options.timeZone }).toISODate()!
    if (perDay.has(date)) perDay.set(date, perDay.get(date)! + 1)
  }

  const outcomes = toolOutcomesSince(db, since)
  const schedule = outcomes.filter((row) => row.name === 'schedule_meeting')
  const attempts = schedule.reduce((sum, row) => sum + row.count, 0)
  const booked = schedule.filter((row) => row.outcome === 'ok').reduce((sum, row) => sum + row.count, 0)

  const latency = [...toolLatenciesSince(db, since)].map(([name, sorted]) => ({
    name,
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
  }))

  return {
    days: options.days,
    time_zone: options.timeZone,
    calls_per_day: [...perDay].map(([date, calls]) => ({ date, calls })),
    tool_outcomes: outcomes,
    booking: { attempts, booked, rate: attempts === 0 ? null : booked / attempts },
    latency,
  }
}

/** Nearest-rank percentile of an ascending, non-empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)))
  return sorted[rank - 1]!
}
