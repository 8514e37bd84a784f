import { statement, type Db } from './open-database.ts'

export interface ToolCallRow {
  id: number
  tool_call_id: string
  call_id: string | null
  source: 'vapi' | 'control'
  name: string
  arguments: string | null
  result: string | null
  ok: number | null
  code: string | null
  error: string | null
  latency_ms: number | null
  started_at: number
  finished_at: number | null
}

export interface NewToolCall {
  toolCallId: string
  callId: string | null
  source: 'vapi' | 'control'
  name: string
  arguments: string | null
  startedAt: number
}

/**
 * Records a tool call as started. Returns null when it is new, or the existing row when this
 * toolCallId was seen before (a retry): the caller answers from it instead of running again.
 */
export function startToolCall(db: Db, call: NewToolCall): ToolCallRow | null {
  const inserted = statement(db, 
      `INSERT INTO tool_calls (tool_call_id, call_id, source, name, arguments, started_at)
       VALUES (@toolCallId, @callId, @source, @name, @arguments, @startedAt)
       ON CONFLICT (tool_call_id) DO NOTHING`,
    )
    .run(call)
  if (inserted.changes === 1) return null
  return statement(db, 'SELECT * FROM tool_calls WHERE tool_call_id = ?').get(call.toolCallId) as ToolCallRow
}

export interface ToolCallOutcome {
  result: string | null
  ok: boolean
  code: string | null
  error: string | null
  latencyMs: number
  finishedAt: number
}

/** Stores the outcome of a started tool call. */
export function finishToolCall(db: Db, toolCallId: string, outcome: ToolCallOutcome): void {
  statement(db, 
    `UPDATE tool_calls SET result = @result, ok = @ok, code = @code, error = @error,
       latency_ms = @latencyMs, finished_at = @finishedAt WHERE tool_call_id = @toolCallId`,
  ).run({ ...outcome, ok: outcome.ok ? 1 : 0, toolCallId })
}

/** The tool calls of one call, in the order they arrived. */
export function toolCallsOfCall(db: Db, callId: string): ToolCallRow[] {
  return statement(db, 'SELECT * FROM tool_calls WHERE call_id = ? ORDER BY started_at, id').all(callId) as ToolCallRow[]
}
