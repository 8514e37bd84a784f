import { DateTime } from 'luxon'
import { CalendarError } from '../calendars/provider.ts'
import { cancelBooking, getBooking, moveBooking } from '../store/bookings-repo.ts'
import { computeAvailability, rethrowAsToolFailure } from './availability.ts'
import { findCallersBooking } from './find-booking.ts'
import { resolveMeetingType } from './meeting-type.ts'
import { rulesFor, typePadding } from './rules-for.ts'
import { isoIn, offer, speakAt, voiceFor } from './speak.ts'
import { parseArguments, parseWhen, rescheduleArgs } from './tool-arguments.ts'
import type { CallInfo, ToolContext } from './tool-context.ts'
import { ToolFailure, type ToolResult } from './tool-result.ts'

const MINUTE = 60_000

/**
 * `reschedule_meeting(attendee_email, new_start_time, booking_id or start_time)`: under the
 * calendar's lock, checks the new time with a fresh free/busy read (the meeting's own current
 * time does not block it), then moves the calendar event; the calendar tells the attendee.
 */
export async function rescheduleMeeting(ctx: ToolContext, rawArgs: unknown, call: CallInfo, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(rescheduleArgs, rawArgs)
  const settings = ctx.settings.get()
  const now = ctx.clock()
  const voice = voiceFor(settings, args.time_zone, now)
  const booking = findCallersBooking(ctx, args, voice.callerZone)
  const when = parseWhen(args.new_start_time, voice.callerZone, 'new_start_time')
  if (when.dateOnly) throw new ToolFailure('invalid_argument', 'What time on that day should I move it to?')
  const start = when.at.toMillis()
  if (start <= now) throw new ToolFailure('invalid_argument', 'That time has already passed. Which upcoming time would you like?')
  const duration = args.duration ?? Math.round((booking.end_at - booking.start_at) / MINUTE)
  const type = resolveMeetingType(ctx, args.meeting_type ?? booking.meeting_type ?? undefined)

  return ctx.locks.run(booking.calendar_id, async () => {
    const current = getBooking(ctx.db, booking.id)!
    if (current.status !== 'confirmed') throw new ToolFailure('not_found', "That meeting isn't on the calendar any more.")
    if (current.start_at === start && current.end_at === start + duration * MINUTE) return moved(current.id, ctx, voice)
    const rules = rulesFor(settings, type)
    const dayStart = DateTime.fromMillis(start, { zone: rules.timeZone }).startOf('day')
    const calendarIds = [...new Set([...settings.calendar_ids, current.calendar_id])]
    const exclude = { bookingId: current.id, calendarId: current.calendar_id, start: current.start_at, end: current.end_at }
    const query = { rules, calendarIds, duration, from: Math.max(now, dayStart.toMillis()), to: dayStart.plus({ days: 3 }).toMillis(), now, exclude, padding: typePadding(settings) }
    const { slots } = await computeAvailability(ctx.db, ctx.provider, query, signal)
    if (!slots.some((slot) => slot.start === start)) {
      const { picked, sentence } = offer(slots.filter((slot) => Math.abs(slot.start - start) < 86_400_000), 3, voice)
      throw new ToolFailure('slot_unavailable', picked.length > 0 ? `That time isn't available. I could move it to ${sentence}.` : "That time isn't available, and nothing else is free that day.", picked)
    }
    const end = start + duration * MINUTE
    const gone = (): never => {
      // Deleted in the calendar meanwhile: the booking is over, and the caller hears so.
      cancelBooking(ctx.db, current.id, { callId: call.callId, toolCallId: call.toolCallId }, ctx.clock())
      throw new ToolFailure('not_found', "That meeting isn't on the calendar any more.")
    }
    const event = await ctx.provider
      .moveEvent(current.calendar_id, current.event_id, { start, end, timeZone: settings.time_zone, sendUpdates: settings.send_invitations }, signal)
      .catch((error: unknown) => (error instanceof CalendarError && error.code === 'not_found' ? gone() : rethrowAsToolFailure(error)))
    // Google keeps a deleted event as `cancelled`, and a patch does not bring it back.
    if (event.status === 'cancelled') gone()
    moveBooking(ctx.db, current.id, { start, end, callId: call.callId, toolCallId: call.toolCallId }, ctx.clock())
    return moved(current.id, ctx, voice)
  })
}

function moved(id: string, ctx: ToolContext, voice: ReturnType<typeof voiceFor>): ToolResult {
  const row = getBooking(ctx.db, id)!
  return {
    ok: true,
    message: `Done. Your meeting is now ${speakAt(row.start_at, voice)}.${ctx.settings.get().send_invitations ? " You'll get the updated invitation by email." : ''}`,
    booking: { id: row.id, start: isoIn(row.start_at, voice.callerZone), end: isoIn(row.end_at, voice.callerZone), event_id: row.event_id, attendee_email: row.attendee_email },
  }
}
