import { getBooking, upcomingBookingsOf, type BookingRow } from '../store/bookings-repo.ts'
import { parseWhen } from './tool-arguments.ts'
import type { ToolContext } from './tool-context.ts'
import { ToolFailure } from './tool-result.ts'

export const NOT_FOUND_MESSAGE = "I couldn't find an upcoming meeting matching that. Could you check the email address and the time of the meeting?"

/**
 * The caller's upcoming Slotline booking named by `booking_id` or `start_time`, only when the
 * attendee email matches. Anything else is `not_found`, without saying which part was wrong.
 */
export function findCallersBooking(ctx: ToolContext, args: { attendee_email: string; booking_id?: string; start_time?: string }, zone: string): BookingRow {
  if (!args.booking_id && !args.start_time) {
    throw new ToolFailure('invalid_argument', 'Which meeting is it? Tell me its time, or its booking reference.')
  }
  const now = ctx.clock()
  const candidates = args.booking_id ? [getBooking(ctx.db, args.booking_id.toLowerCase())].filter((row): row is BookingRow => row !== undefined) : upcomingBookingsOf(ctx.db, args.attendee_email, now)
  const start = args.start_time ? parseWhen(args.start_time, zone, 'start_time').at.toMillis() : null
  const match = candidates.find(
    (row) => row.attendee_email === args.attendee_email && row.status === 'confirmed' && row.end_at > now && (start === null || row.start_at === start),
  )
  if (!match) throw new ToolFailure('not_found', NOT_FOUND_MESSAGE)
  return match
}
