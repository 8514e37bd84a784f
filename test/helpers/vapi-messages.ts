/** Vapi `tool-calls` messages shaped as Vapi sends them (see shared/research/vapi.md §11). */
export function toolCallsMessage(callId: string, calls: { id: string; name: string; args: unknown }[], extra: Record<string, unknown> = {}) {
  const toolCalls = calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } }))
  return {
    message: {
      timestamp: 1772463600123,
      type: 'tool-calls',
      toolCalls,
      toolCallList: toolCalls,
      toolWithToolCallList: calls.map((call, i) => ({
        type: 'function',
        function: { name: call.name, parameters: { type: 'object', properties: {} } },
        async: false,
        server: { url: 'https://quiet-river-1234.trycloudflare.com/vapi/webhook' },
        toolCall: toolCalls[i],
      })),
      customer: { number: '+14155550123' },
      phoneNumber: { provider: 'twilio', number: '+16505550100', twilioAuthToken: 'REDACT-ME' },
      call: {
        id: callId,
        orgId: '1a2b3c4d-0000-4000-8000-00000000c001',
        type: 'inboundPhoneCall',
        status: 'in-progress',
        assistantId: '3c4d5e6f-0000-4000-8000-00000000d001',
        customer: { number: '+14155550123' },
      },
      ...extra,
    },
  }
}

/** An `end-of-call-report` for a call. */
export function endOfCallReport(callId: string) {
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: 1772463842345,
      endedReason: 'customer-ended-call',
      startedAt: '2026-03-02T14:59:40.000Z',
      endedAt: '2026-03-02T15:03:52.500Z',
      cost: 0.2678,
      analysis: { summary: 'Caller Sam Ortiz booked a 30-minute meeting.', successEvaluation: 'true' },
      artifact: { transcript: 'AI: Hi, this is Dana\'s assistant.\nUser: Can we meet?\n', messages: [] },
      customer: { number: '+14155550123' },
      call: { id: callId, type: 'inboundPhoneCall', status: 'ended', endedReason: 'customer-ended-call' },
    },
  }
}

/** The decoded `result` objects of a tool-calls answer, in order. */
export function decodeResults(body: unknown): { toolCallId: string; name: string; result?: Record<string, unknown>; error?: string }[] {
  const { results } = body as { results: { toolCallId: string; name: string; result?: string; error?: string }[] }
  return results.map((entry) => ({ ...entry, result: entry.result === undefined ? undefined : (JSON.parse(entry.result) as Record<string, unknown>) }))
}
