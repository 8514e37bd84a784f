/** The error codes of the contract's `ok:false` results. */
export type ToolErrorCode = 'invalid_argument' | 'slot_unavailable' | 'outside_hours' | 'not_connected' | 'calendar_unavailable' | 'not_found'

export interface SpokenSlot {
  start: string
  end: string
  spoken: string
}

export interface BookingResult {
  id: string
  start: string
  end: string
  event_id: string
  attendee_email: string
}

export interface MeetingSummary {
  booking_id: string
  start: string
  end: string
  title: string
  spoken: string
}

/** A function's result object; on the webhook it is sent JSON-encoded on one line. */
export type ToolResult =
  | { ok: true; message: string; slots?: SpokenSlot[]; booking?: BookingResult; meetings?: MeetingSummary[]; cancelled?: { booking_id: string } }
  | { ok: false; code: ToolErrorCode; message: string; slots?: SpokenSlot[] }

/** A failure the assistant can say aloud; thrown by a function, turned into `ok:false`. */
export class ToolFailure extends Error {
  readonly code: ToolErrorCode
  readonly slots: SpokenSlot[] | undefined
  constructor(code: ToolErrorCode, message: string, slots?: SpokenSlot[]) {
    super(message)
    this.name = 'ToolFailure'
    this.code = code
    this.slots = slots
  }
}

/** The failure as a result object. */
export function failed(failure: ToolFailure): ToolResult {
  return failure.slots && failure.slots.length > 0
    ? { ok: false, code: failure.code, message: failure.message, slots: failure.slots }
    : { ok: false, code: failure.code, message: failure.message }
}

/** One-line JSON for Vapi (JSON.stringify never emits raw newlines, but say so explicitly). */
export function encodeResult(result: ToolResult): string {
  return JSON.stringify(result)
}
