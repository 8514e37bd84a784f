import { z } from 'zod'

/** The envelope every Vapi server message has: `{"message": {"type": ...}}`; the rest is read leniently. */
export const serverMessageSchema = z.object({
  message: z.looseObject({ type: z.string().min(1).max(200) }),
})

export type ServerMessage = z.output<typeof serverMessageSchema>['message']

const rawToolCall = z.looseObject({
  id: z.string().min(1).max(200).optional(),
  name: z.string().optional(),
  arguments: z.unknown().optional(),
  parameters: z.unknown().optional(),
  function: z.looseObject({ name: z.string().optional(), arguments: z.unknown().optional(), parameters: z.unknown().optional() }).optional(),
})

const toolCallList = z.array(z.unknown()).max(50)

export interface ToolCall {
  id: string
  name: string
  args: unknown
}

/** A tool call whose shape is too broken to run; it still gets an answer with its id if it has one. */
export interface BadToolCall {
  id: string
  name: string
  problem: string
}

/**
 * Collects tool calls from `toolCallList`, then `toolCalls`, then `toolWithToolCallList[].toolCall`,
 * de-duplicated by id, in order. Arguments are taken from `function.arguments`, `arguments`,
 * `function.parameters` or `parameters`, whichever is present.
 */
export function extractToolCalls(message: ServerMessage): (ToolCall | BadToolCall)[] {
  const sources = [message.toolCallList, message.toolCalls, wrapped(message.toolWithToolCallList)]
  const seen = new Set<string>()
  const calls: (ToolCall | BadToolCall)[] = []
  for (const source of sources) {
    const list = toolCallList.safeParse(source)
    if (!list.success) continue
    for (const item of list.data) {
      const parsed = rawToolCall.safeParse(item)
      const id = parsed.success ? parsed.data.id : undefined
      if (!parsed.success || id === undefined) continue
      if (seen.has(id)) continue
      seen.add(id)
      const name = parsed.data.function?.name ?? parsed.data.name
      if (typeof name !== 'string' || name.length === 0) {
        calls.push({ id, name: '', problem: 'The tool call has no function name.' })
        continue
      }
      const fn = parsed.data.function
      calls.push({ id, name, args: fn?.arguments ?? parsed.data.arguments ?? fn?.parameters ?? parsed.data.parameters })
    }
  }
  return calls
}

function wrapped(list: unknown): unknown[] | undefined {
  if (!Array.isArray(list)) return undefined
  return list.map((item) => (item && typeof item === 'object' ? (item as { toolCall?: unknown }).toolCall : undefined)).filter(Boolean)
}

const callSchema = z.looseObject({
  id: z.string().min(1).max(200).optional(),
  type: z.string().max(100).optional(),
  status: z.string().max(100).optional(),
  assistantId: z.string().max(200).optional(),
  startedAt: z.string().max(100).optional(),
  endedAt: z.string().max(100).optional(),
  endedReason: z.string().max(300).optional(),
  customer: z.looseObject({ number: z.string().max(100).optional() }).optional(),
})

/** The call a message belongs to, and what it says about the call, read leniently. */
export function callFacts(message: ServerMessage) {
  const call = callSchema.safeParse(message.call)
  const data = call.success ? call.data : {}
  const customer = z.looseObject({ number: z.string().max(100).optional() }).safeParse(message.customer)
  return {
    id: data.id ?? null,
    type: data.type ?? null,
    status: data.status ?? null,
    assistantId: data.assistantId ?? null,
    customerNumber: (customer.success ? customer.data.number : undefined) ?? data.customer?.number ?? null,
    startedAt: parseTime(stringField(message, 'startedAt') ?? data.startedAt),
    endedAt: parseTime(stringField(message, 'endedAt') ?? data.endedAt),
    endedReason: stringField(message, 'endedReason') ?? data.endedReason ?? null,
  }
}

/** A string field of the message, or undefined when absent or not a string. */
export function stringField(message: ServerMessage, key: string): string | undefined {
  const value = message[key]
  return typeof value === 'string' ? value : undefined
}

function parseTime(value: string | undefined): number | null {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : null
}
