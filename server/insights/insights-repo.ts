import { statement, type Db } from '../store/open-database.ts'

/** One (function, outcome) bucket: outcome is `ok`, the result's error code, or `error`. */
export interface OutcomeCount {
  name: string
  outcome: string
  count: number
}

/** Creation instants (epoch ms) of the calls logged at or after `since`, oldest first. */
export function callTimesSince(db: Db, since: number): number[] {
  const rows = statement(db, 'SELECT created_at FROM calls WHERE created_at >= ? ORDER BY created_at').all(since) as { created_at: number }[]
  return rows.map((row) => row.created_at)
}

/** The assistant's (source `vapi`) finished tool calls since `since`, counted by function and outcome. */
export function toolOutcomesSince(db: Db, since: number): OutcomeCount[] {
  return statement(db, 
      `SELECT name,
         CASE WHEN error IS NOT NULL THEN 'error' WHEN ok = 1 THEN 'ok' ELSE COALESCE(code, 'failed') END AS outcome,
         COUNT(*) AS count
       FROM tool_calls
       WHERE source = 'vapi' AND started_at >= ? AND finished_at IS NOT NULL
       GROUP BY name, outcome
       ORDER BY name, outcome`,
    )
    .all(since) as OutcomeCount[]
}

/** Latencies (ms) of the assistant's finished tool calls since `since`, by function, each list ascending. */
export function toolLatenciesSince(db: Db, since: number): Map<string, number[]> {
  const rows = statement(db, 
      `SELECT name, latency_ms FROM tool_calls
       WHERE source = 'vapi' AND started_at >= ? AND latency_ms IS NOT NULL
       ORDER BY name, latency_ms`,
    )
    .all(since) as { name: string; latency_ms: number }[]
  const byName = new Map<string, number[]>()
  for (const row of rows) {
    const list = byName.get(row.name) ?? []
    list.push(row.latency_ms)
    byName.set(row.name, list)
  }
  return byName
}
