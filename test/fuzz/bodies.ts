import fc from 'fast-check'

const names = ['find_available_times', 'schedule_meeting', 'get_next_available', 'find_my_meetings', 'cancel_meeting', 'reschedule_meeting']
const types = ['tool-calls', 'function-call', 'end-of-call-report', 'status-update', 'hang', 'conversation-update', 'assistant-request']

/** Strings that stress parsers: unicode, control characters, huge, numeric-looking, dates. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\n', '\u0000', 'NaN', '-1', '1e309', '2030-02-30', '2030-03-05T25:00', '9999-12-31T23:59:59Z', 'null', '{}', '[]', '__proto__', 'constructor'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 1, max: 200_000 }).map((n) => 'x'.repeat(n)),
)

const anyValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 4 }))

/** Arguments as a tool might receive them: plausible keys with hostile values, as an object or a string. */
const args = fc
  .dictionary(
    fc.oneof(fc.constantFrom('start_date', 'end_date', 'duration', 'time_zone', 'max_results', 'title', 'start_time', 'attendee_email', 'attendee_name', 'description', 'after', 'meeting_type', 'booking_id', 'new_start_time'), fc.string()),
    anyValue,
    { maxKeys: 8 },
  )
  .chain((object) => fc.oneof(fc.constant<unknown>(object), fc.constant<unknown>(JSON.stringify(object)), nasty, anyValue))

const toolCall = fc.record(
  {
    id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), anyValue),
    type: fc.constant('function'),
    function: fc.oneof(fc.record({ name: fc.oneof(fc.constantFrom(...names), nasty), arguments: args }, { requiredKeys: [] }), anyValue),
    name: fc.constantFrom(...names),
    parameters: args,
  },
  { requiredKeys: [] },
)

const message = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...types), nasty, anyValue),
    toolCallList: fc.oneof(fc.array(toolCall, { maxLength: 4 }), anyValue),
    toolCalls: fc.oneof(fc.array(toolCall, { maxLength: 3 }), anyValue),
    toolWithToolCallList: fc.oneof(fc.array(fc.record({ toolCall }), { maxLength: 3 }), anyValue),
    functionCall: fc.oneof(fc.record({ name: fc.constantFrom(...names), parameters: args }), anyValue),
    call: fc.oneof(fc.record({ id: fc.oneof(fc.string({ maxLength: 60 }), anyValue), status: anyValue, customer: fc.record({ number: anyValue }) }, { requiredKeys: [] }), anyValue),
    customer: fc.oneof(fc.record({ number: anyValue }), anyValue),
    artifact: fc.oneof(fc.record({ transcript: nasty, messages: fc.array(anyValue, { maxLength: 3 }) }, { requiredKeys: [] }), anyValue),
    analysis: fc.oneof(fc.record({ summary: nasty }), anyValue),
    endedReason: anyValue,
    cost: anyValue,
    timestamp: anyValue,
  },
  { requiredKeys: ['type'] },
)

const deep = fc.integer({ min: 1, max: 3000 }).map((depth) => `{"message":{"type":"tool-calls","toolCallList":${'['.repeat(depth)}${']'.repeat(depth)}}}`)

/** A webhook body: mostly Vapi-shaped with hostile insides, sometimes not JSON at all. */
export const webhookBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: message.map((m) => JSON.stringify({ message: m })) },
  { weight: 1, arbitrary: anyValue.map((value) => JSON.stringify(value) ?? 'undefined') },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: message.map((m) => JSON.stringify({ message: m }).slice(0, -3)) },
)
