import { statement, type Db } from './open-database.ts'

export interface CallRow {
  id: string
  status: string | null
  type: string | null
  customer_number: string | null
  assistant_id: string | null
  started_at: number | null
  ended_at: number | null
  ended_reason: string | null
  summary: string | null
  transcript: string | null
  cost: number | null
  created_at: number
  updated_at: number
}

export type CallUpdate = Partial<Omit<CallRow, 'id' | 'created_at' | 'updated_at'>>

const columns = ['status', 'type', 'customer_number', 'assistant_id', 'started_at', 'ended_at', 'ended_reason', 'summary', 'transcript', 'cost'] as const

/** Inserts the call or merges the given non-null fields into it; never erases a known value. */
export function upsertCall(db: Db, id: string, update: CallUpdate, now: number): void {
  const values: Record<string, unknown> = { id, now }
  for (const column of columns) values[column] = update[column] ?? null
  statement(db, 
    `INSERT INTO calls (id, ${columns.join(', ')}, created_at, updated_at)
     VALUES (@id, ${columns.map((c) => '@' + c).join(', ')}, @now, @now)
     ON CONFLICT (id) DO UPDATE SET ${columns.map((c) => `${c} = COALESCE(excluded.${c}, ${c})`).join(', ')}, updated_at = @now`,
  ).run(values)
}

export interface CallListQuery {
  search?: string
  /** Only calls created on or after / before these instants (epoch ms). */
  from?: number
  to?: number
  limit: number
  offset: number
}

export interface CallSummary extends CallRow {
  tool_call_count: number
  booking_count: number
}

/** Calls newest first, searchable by caller number, attendee email or booking title. */
export function listCalls(db: Db, query: CallListQuery): CallSummary[] {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: query.limit, offset: query.offset }
  if (query.search) {
    where.push(`(c.customer_number LIKE @like OR c.id = @exact OR EXISTS (
      SELECT 1 FROM bookings b WHERE b.call_id = c.id AND (b.attendee_email LIKE @like OR b.attendee_name LIKE @like)))`)
    params.like = `%${query.search.replace(/[%_]/g, '')}%`
    params.exact = query.search
  }
  if (query.from !== undefined) (where.push('c.created_at >= @from'), (params.from = query.from))
  if (query.to !== undefined) (where.push('c.created_at < @to'), (params.to = query.to))
  return statement(db, 
      `SELECT c.*,
        (SELECT COUNT(*) FROM tool_calls t WHERE t.call_id = c.id) AS tool_call_count,
        (SELECT COUNT(*) FROM bookings b WHERE b.call_id = c.id) AS booking_count
       FROM calls c ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY c.created_at DESC, c.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as CallSummary[]
}

/** One call, or undefined. */
export function getCall(db: Db, id: string): CallRow | undefined {
  return statement(db, 'SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined
}

/** The most recent call, or undefined when none was logged yet. */
export function latestCall(db: Db): CallRow | undefined {
  return statement(db, 'SELECT * FROM calls ORDER BY created_at DESC, id DESC LIMIT 1').get() as CallRow | undefined
}

/** Forgets the transcripts and summaries of calls that started before `cutoff`; returns how many. */
export function purgeTranscripts(db: Db, cutoff: number): number {
  return statement(db, 'UPDATE calls SET transcript = NULL, summary = NULL WHERE created_at < ? AND (transcript IS NOT NULL OR summary IS NOT NULL)').run(cutoff).changes
}
