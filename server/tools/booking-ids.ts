import { createHash, randomBytes } from 'node:crypto'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * A booking id: derived from the tool call id when there is one (so a retried call maps to the
 * same booking), random otherwise. Short enough to read out: `bk_` and 12 characters.
 */
export function bookingIdFor(toolCallId: string | null): string {
  const bytes = toolCallId ? createHash('sha256').update(`slotline-booking:${toolCallId}`).digest() : randomBytes(16)
  let id = ''
  for (let i = 0; i < 12; i++) id += BASE32[bytes[i]! % 32]
  return `bk_${id}`
}

/**
 * The Google event id for a booking: lowercase hex is a subset of base32hex (a–v, 0–9), 40
 * characters, deterministic, so an insert retried after a timeout meets 409 instead of a twin.
 */
export function eventIdFor(bookingId: string, revision = 0): string {
  return createHash('sha256').update(`slotline-event:${bookingId}:${revision}`).digest('hex').slice(0, 40)
}
