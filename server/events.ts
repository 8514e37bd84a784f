import { EventEmitter } from 'node:events'

/** What the live call log hears about: a call changed, a tool call finished, a booking changed. */
export interface LiveEvents {
  call: [{ callId: string }]
  'tool-call': [{ toolCallId: string; callId: string | null; name: string; ok: boolean | null }]
  booking: [{ bookingId: string; status: string }]
}

/** A typed event bus for the live call log (server-sent events) and desktop notifications. */
export class LiveBus extends EventEmitter<LiveEvents> {}
