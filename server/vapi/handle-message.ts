import { z } from 'zod'
import type { LiveBus } from '../events.ts'
import type { Logger } from '../log.ts'
import { upsertCall, type CallUpdate } from '../store/calls-repo.ts'
import type { Db } from '../store/open-database.ts'
import { encodeResult } from '../tools/tool-result.ts'
import type { RunOutcome, ToolRunner } from '../tools/tool-runner.ts'
import { callFacts, extractToolCalls, stringField, type ServerMessage } from './server-message.ts'

export type ToolCallAnswer = { name: string; toolCallId: string; result: string } | { name: string; toolCallId: string; error: string }

/** Routes Vapi server messages: runs tool calls, stores call events, acknowledges the rest. */
export function createMessageHandler(deps: { db: Db; runner: ToolRunner; bus: LiveBus; clock: () => number; log: Logger }) {
  const { db, runner, bus, clock, log } = deps

  function recordCall(message: ServerMessage, extra: CallUpdate = {}): string | null {
    const facts = callFacts(message)
    if (!facts.id) return null
    upsertCall(
      db,
      facts.id,
      {
        status: facts.status,
        type: facts.type,
        assistant_id: facts.assistantId,
        customer_number: facts.customerNumber,
        started_at: facts.startedAt,
        ended_at: facts.endedAt,
        ended_reason: facts.endedReason,
        ...extra,
      },
      clock(),
    )
    bus.emit('call', { callId: facts.id })
    return facts.id
  }

  async function toolCalls(message: ServerMessage): Promise<{ results: ToolCallAnswer[] }> {
    let callId = callFacts(message).id
    try {
      callId = recordCall(message, { status: callFacts(message).status ?? 'in-progress' })
    } catch (error) {
      log.error('call not recorded', { error: (error as Error).message })
    }
    const calls = extractToolCalls(message)
    const results = await Promise.all(
      calls.map(async (call): Promise<ToolCallAnswer> => {
        if ('problem' in call) return { name: call.name, toolCallId: call.id, error: call.problem }
        try {
          const outcome = await runner.run({ name: call.name, args: call.args, call: { toolCallId: call.id, callId, source: 'vapi' } })
          return answer(call.name, call.id, outcome)
        } catch (error) {
          // Our own fault (the database refuses writes, the disk is full). A booking is journalled
          // before it is made, so a retry of the same tool call finishes it or finds it done.
          log.error('tool call could not run', { name: call.name, error: (error as Error).message })
          return { name: call.name, toolCallId: call.id, error: 'Slotline could not record this request right now. Please try again in a moment.' }
        }
      }),
    )
    return { results }
  }

  async function functionCall(message: ServerMessage): Promise<{ result: string }> {
    const callId = recordCall(message)
    const fn = z.looseObject({ name: z.string().min(1), parameters: z.unknown().optional() }).safeParse(message.functionCall)
    if (!fn.success) return { result: 'The function call has no name.' }
    const outcome = await runner.run({ name: fn.data.name, args: fn.data.parameters, call: { toolCallId: null, callId, source: 'vapi' } })
    return { result: 'result' in outcome ? encodeResult(outcome.result) : outcome.error }
  }

  function endOfCallReport(message: ServerMessage): Record<string, never> {
    const analysis = z.looseObject({ summary: z.string().optional() }).safeParse(message.analysis)
    const artifact = z.looseObject({ transcript: z.string().optional() }).safeParse(message.artifact)
    const cost = typeof message.cost === 'number' && Number.isFinite(message.cost) ? message.cost : null
    recordCall(message, {
      status: 'ended',
      summary: (analysis.success ? analysis.data.summary : undefined) ?? stringField(message, 'summary') ?? null,
      transcript: ((artifact.success ? artifact.data.transcript : undefined) ?? stringField(message, 'transcript') ?? null)?.slice(0, 200_000) ?? null,
      cost,
    })
    return {}
  }

  /** Answers one server message (already authenticated and parsed). */
  return async function handle(message: ServerMessage): Promise<object> {
    switch (message.type) {
      case 'tool-calls':
        return toolCalls(message)
      case 'function-call':
        return functionCall(message)
      case 'end-of-call-report':
        return endOfCallReport(message)
      case 'status-update':
        recordCall(message, { status: stringField(message, 'status') ?? null })
        return {}
      default:
        return {}
    }
  }
}

function answer(name: string, toolCallId: string, outcome: RunOutcome): ToolCallAnswer {
  if ('result' in outcome) return { name, toolCallId, result: encodeResult(outcome.result) }
  return { name, toolCallId, error: outcome.error }
}
