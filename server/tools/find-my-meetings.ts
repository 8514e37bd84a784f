import { upcomingBookingsOf } from '../store/bookings-repo.ts'
import { NOT_FOUND_MESSAGE } from './find-booking.ts'
import { syncBookings } from './sync-bookings.ts'
import { isoIn, speakAt, voiceFor } from './speak.ts'
import { myMeetingsArgs, parseArguments } from './tool-arguments.ts'
import type { ToolContext } from './tool-context.ts'
import { ToolFailure, type ToolResult } from './tool-result.ts'

/** `find_my_meetings(attendee_email)`: the caller's upcoming meetings that Slotline booked, as they stand in the calendar. */
export async function findMyMeetings(ctx: ToolContext, rawArgs: unknown, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(myMeetingsArgs, rawArgs)
  const now = ctx.clock()
  const voice = voiceFor(ctx.settings.get(), args.time_zone, now)
  // A meeting the consultant deleted or moved in their calendar is not read out as it was.
  await syncBookings(ctx, upcomingBookingsOf(ctx.db, args.attendee_email, now).slice(0, 10), signal)
  const rows = upcomingBookingsOf(ctx.db, args.attendee_email, now)
  if (rows.length === 0) throw new ToolFailure('not_found', NOT_FOUND_MESSAGE)
  const meetings = rows.slice(0, 10).map((row) => ({
    booking_id: row.id,
    start: isoIn(row.start_at, voice.callerZone),
    end: isoIn(row.end_at, voice.callerZone),
    title: row.title,
    spoken: speakAt(row.start_at, voice),
  }))
  const list = meetings.map((meeting) => `${meeting.title} ${meeting.spoken}`).join('; ')
  const message = meetings.length === 1 ? `You have one meeting: ${list}.` : `You have ${meetings.length} meetings: ${list}.`
  return { ok: true, message, meetings }
}
