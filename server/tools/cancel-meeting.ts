import { cancelBooking, getBooking } from '../store/bookings-repo.ts'
import { rethrowAsToolFailure } from './availability.ts'
import { findCallersBooking } from './find-booking.ts'
import { speakAt, voiceFor } from './speak.ts'
import { cancelArgs, parseArguments } from './tool-arguments.ts'
import type { CallInfo, ToolContext } from './tool-context.ts'
import type { ToolResult } from './tool-result.ts'

/**
 * `cancel_meeting(attendee_email, booking_id or start_time)`: deletes the calendar event with
 * `sendUpdates=all` (the attendee is told) and marks the booking cancelled. Only meetings
 * Slotline booked, only for the attendee's own email.
 */
export async function cancelMeeting(ctx: ToolContext, rawArgs: unknown, call: CallInfo, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(cancelArgs, rawArgs)
  const settings = ctx.settings.get()
  const voice = voiceFor(settings, args.time_zone, ctx.clock())
  const booking = findCallersBooking(ctx, args, voice.callerZone)
  return ctx.locks.run(booking.calendar_id, async () => {
    const current = getBooking(ctx.db, booking.id)!
    if (current.status === 'confirmed') {
      await ctx.provider.deleteEvent(current.calendar_id, current.event_id, settings.send_invitations, signal).catch(rethrowAsToolFailure)
      cancelBooking(ctx.db, current.id, call, ctx.clock())
    }
    return { ok: true, message: `Your meeting ${speakAt(current.start_at, voice)} is cancelled.${settings.send_invitations ? " You'll get a cancellation by email." : ''}`, cancelled: { booking_id: current.id } }
  })
}
