// The request bodies the fake Vapi accepts, written from the @vapi-ai/server-sdk 2.0.1 types
// (CreateFunctionToolDto, UpdateFunctionToolDto, UpdateAssistantDto, Server, OpenAiFunction).
// Objects are strict: like Vapi's NestJS validation (forbidNonWhitelisted), an unknown property is a 400.
import { z } from 'zod'

const server = z.strictObject({
  timeoutSeconds: z.number().min(1).max(300).optional(),
  credentialId: z.string().optional(),
  staticIpAddressesEnabled: z.boolean().optional(),
  encryptedPaths: z.array(z.string()).optional(),
  url: z.url().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  backoffPlan: z.record(z.string(), z.unknown()).optional(),
})

const openAiFunction = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'name must be a-z, A-Z, 0-9, underscores or dashes, at most 64 characters'),
  strict: z.boolean().optional(),
  description: z.string().optional(),
  parameters: z
    .strictObject({ type: z.literal('object'), properties: z.record(z.string(), z.record(z.string(), z.unknown())), required: z.array(z.string()).optional() })
    .optional(),
})

const message = z.strictObject({
  type: z.enum(['request-start', 'request-complete', 'request-failed', 'request-response-delayed']),
  content: z.string().max(1000).optional(),
  contents: z.array(z.record(z.string(), z.unknown())).optional(),
  conditions: z.array(z.record(z.string(), z.unknown())).optional(),
  blocking: z.boolean().optional(),
  role: z.enum(['assistant', 'system']).optional(),
  endCallAfterSpokenEnabled: z.boolean().optional(),
  timingMilliseconds: z.number().min(100).max(120_000).optional(),
})

const functionToolFields = {
  messages: z.array(message).optional(),
  async: z.boolean().optional(),
  server: server.optional(),
  variableExtractionPlan: z.record(z.string(), z.unknown()).optional(),
  parameters: z.array(z.strictObject({ key: z.string(), value: z.unknown() })).optional(),
  function: openAiFunction.optional(),
  rejectionPlan: z.record(z.string(), z.unknown()).optional(),
}

/** `POST /tool` (only function tools are modelled). */
export const createFunctionTool = z.strictObject({ type: z.literal('function'), ...functionToolFields })
/** `PATCH /tool/{id}`: the same fields, discriminated by `type`. */
export const updateFunctionTool = z.strictObject({ type: z.literal('function'), ...functionToolFields })

/** An assistant's model: `provider` and `model` required; provider-specific fields pass through. */
const model = z.looseObject({
  provider: z.string(),
  model: z.string(),
  toolIds: z.array(z.string()).optional(),
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  messages: z.array(z.record(z.string(), z.unknown())).optional(),
})

const anything = z.unknown().optional()

/** `PATCH /assistant/{id}` (`UpdateAssistantDto` without the path's id). */
export const updateAssistant = z.strictObject({
  transcriber: anything,
  model: model.optional(),
  voice: anything,
  firstMessage: z.string().optional(),
  firstMessageInterruptionsEnabled: z.boolean().optional(),
  firstMessageMode: z.string().optional(),
  voicemailDetection: anything,
  clientMessages: z.array(z.string()).optional(),
  serverMessages: z.array(z.string()).optional(),
  maxDurationSeconds: z.number().optional(),
  backgroundSound: anything,
  modelOutputInMessagesEnabled: z.boolean().optional(),
  transportConfigurations: anything,
  observabilityPlan: anything,
  credentials: anything,
  hooks: anything,
  name: z.string().max(40).optional(),
  voicemailMessage: z.string().optional(),
  endCallMessage: z.string().optional(),
  endCallPhrases: z.array(z.string()).optional(),
  compliancePlan: anything,
  metadata: z.record(z.string(), z.unknown()).optional(),
  backgroundSpeechDenoisingPlan: anything,
  analysisPlan: anything,
  artifactPlan: anything,
  startSpeakingPlan: anything,
  stopSpeakingPlan: anything,
  monitorPlan: anything,
  credentialIds: z.array(z.string()).optional(),
  server: server.optional(),
  keypadInputPlan: anything,
})

/** Vapi's 400 messages: "property x should not exist" for unknown keys, else "path message". */
export function validationMessages(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.join('.')
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `property ${path ? `${path}.` : ''}${key} should not exist`)
    return [`${path || 'body'} ${issue.message}`]
  })
}
