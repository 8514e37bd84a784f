import { performance } from 'node:perf_hooks'
import type { LiveBus } from '../events.ts'
import { finishToolCall, startToolCall, type ToolCallRow } from '../store/tool-calls-repo.ts'
import { findAvailableTimes } from './find-available-times.ts'
import { getNextAvailable } from './get-next-available.ts'
import { cancelMeeting } from './cancel-meeting.ts'
import { findMyMeetings } from './find-my-meetings.ts'
import { rescheduleMeeting } from './reschedule-meeting.ts'
import { scheduleMeeting } from './schedule-meeting.ts'
import type { CallInfo, ToolContext } from './tool-context.ts'
import { failed, ToolFailure, type ToolResult } from './tool-result.ts'

type ToolFunction = (ctx: ToolContext, args: unknown, call: CallInfo, signal: AbortSignal) => Promise<ToolResult>

/** The assistant's functions by name. */
export const toolFunctions: Readonly<Record<string, ToolFunction>> = {
  find_available_times: (ctx, args, _call, signal) => findAvailableTimes(ctx, args, signal),
  schedule_meeting: scheduleMeeting,
  get_next_available: (ctx, args, _call, signal) => getNextAvailable(ctx, args, signal),
  find_my_meetings: (ctx, args, _call, signal) => findMyMeetings(ctx, args, signal),
  cancel_meeting: cancelMeeting,
  reschedule_meeting: rescheduleMeeting,
}

/** A function's outcome: a result object, or an error when it could not run at all. */
export type RunOutcome = { result: ToolResult } | { error: string }

export interface RunRequest {
  name: string
  /** Arguments as received: an object, or a JSON string that must decode to one. */
  args: unknown
  call: CallInfo
}

/**
 * Runs the assistant's functions: records each call in the log (arguments, result, error,
 * latency), answers a repeated toolCallId from the log without running again, and keeps every
 * call inside the time budget.
 */
export class ToolRunner {
  readonly #ctx: ToolContext
  readonly #budgetMs: number
  readonly #bus: LiveBus
  readonly #inFlight = new Map<string, Promise<RunOutcome>>()
  readonly #maxRunning: number
  #running = 0

  constructor(ctx: ToolContext, options: { budgetMs: number; bus: LiveBus; maxRunning?: number }) {
    this.#ctx = ctx
    this.#budgetMs = options.budgetMs
    this.#bus = options.bus
    this.#maxRunning = options.maxRunning ?? 64
  }

  /** Runs one function call; never throws for a problem in the request or the calendar. */
  async run(request: RunRequest): Promise<RunOutcome> {
    const id = request.call.toolCallId
    if (id === null) return this.#execute(request, null)
    const running = this.#inFlight.get(id)
    if (running) return running
    const started = this.#execute(request, id).finally(() => this.#inFlight.delete(id))
    this.#inFlight.set(id, started)
    return started
  }

  /** Calls still running (graceful shutdown waits for them). */
  idle(): Promise<void> {
    return Promise.allSettled([...this.#inFlight.values()]).then(() => undefined)
  }

  async #execute(request: RunRequest, toolCallId: string | null): Promise<RunOutcome> {
    const { db, clock } = this.#ctx
    const logId = toolCallId ?? `ctl_${clock()}_${Math.random().toString(36).slice(2, 10)}`
    const args = decodeArguments(request.args)
    const previous = startToolCall(db, {
      toolCallId: logId,
      callId: request.call.callId,
      source: request.call.source,
      name: request.name.slice(0, 100),
      arguments: serialise(request.args),
      startedAt: clock(),
    })
    // A retry answers from the log, except after a transient failure (Google down, timeout):
    // then the caller is still waiting for a real answer, so it runs again.
    if (previous?.finished_at != null && !isTransient(previous)) return storedOutcome(previous)
    const began = performance.now()
    const outcome = await this.#outcome(request, args)
    const ok = 'result' in outcome ? outcome.result.ok : false
    finishToolCall(db, logId, {
      result: 'result' in outcome ? JSON.stringify(outcome.result) : null,
      ok,
      code: 'result' in outcome && !outcome.result.ok ? outcome.result.code : null,
      error: 'error' in outcome ? outcome.error : null,
      latencyMs: Math.round((performance.now() - began) * 100) / 100,
      finishedAt: clock(),
    })
    this.#bus.emit('tool-call', { toolCallId: logId, callId: request.call.callId, name: request.name, ok })
    if ('result' in outcome) this.#announceBooking(request.name, outcome.result)
    return outcome
  }

  /** Tells the bus (window, desktop notifications) that a booking was made, moved or cancelled. */
  #announceBooking(name: string, result: ToolResult): void {
    if (!result.ok) return
    if (result.booking) this.#bus.emit('booking', { bookingId: result.booking.id, status: name === 'reschedule_meeting' ? 'moved' : 'confirmed' })
    if (result.cancelled) this.#bus.emit('booking', { bookingId: result.cancelled.booking_id, status: 'cancelled' })
  }

  async #outcome(request: RunRequest, args: { value: unknown } | { error: string }): Promise<RunOutcome> {
    const fn = Object.hasOwn(toolFunctions, request.name) ? toolFunctions[request.name] : undefined
    if (!fn) return { error: `Unknown function "${request.name.slice(0, 100)}".` }
    if ('error' in args) return args
    if (this.#running >= this.#maxRunning) {
      return { result: failed(new ToolFailure('calendar_unavailable', "I'm handling a lot of requests right now. Please give me a moment and try again.")) }
    }
    this.#running++
    const signal = AbortSignal.timeout(this.#budgetMs)
    try {
      return { result: await fn(this.#ctx, args.value, request.call, signal) }
    } catch (error) {
      if (error instanceof ToolFailure) return { result: failed(error) }
      return { result: failed(new ToolFailure('calendar_unavailable', 'Something went wrong on my side while checking the calendar. Please try again in a moment.')) }
    } finally {
      this.#running--
    }
  }
}

function isTransient(row: ToolCallRow): boolean {
  return row.code === 'calendar_unavailable'
}

function storedOutcome(row: ToolCallRow): RunOutcome {
  if (row.result !== null) return { result: JSON.parse(row.result) as ToolResult }
  return { error: row.error ?? 'The function could not run.' }
}

function decodeArguments(args: unknown): { value: unknown } | { error: string } {
  if (args === undefined || args === null || args === '') return { value: {} }
  if (typeof args === 'string') {
    try {
      return decodeArguments(JSON.parse(args) as unknown)
    } catch {
      return { error: 'The function arguments are not valid JSON.' }
    }
  }
  if (typeof args !== 'object' || Array.isArray(args)) return { error: 'The function arguments must be a JSON object.' }
  return { value: args }
}

function serialise(args: unknown): string | null {
  if (args === undefined) return null
  const text = typeof args === 'string' ? args : JSON.stringify(args)
  return text.length > 20_000 ? text.slice(0, 20_000) : text
}
