import { DateTime } from 'luxon'
import { explainAvailability } from '../scheduling/index.ts'
import type { Rules, Slot } from '../scheduling/types.ts'
import type { MeetingType, Settings } from '../settings/settings-schema.ts'
import { activeBookingsOverlapping, confirmBooking, failBooking, getBooking, insertPendingBooking, revivePendingBooking, type BookingRow } from '../store/bookings-repo.ts'
import { computeAvailability, rethrowAsToolFailure } from './availability.ts'
import { bookingIdFor, eventIdFor } from './booking-ids.ts'
import { CalendarError } from '../calendars/provider.ts'
import { sceneFor } from './meeting-type.ts'
import { rulesFor, typePadding } from './rules-for.ts'
import { isoIn, offer, speakAt, type Voice } from './speak.ts'
import { parseArguments, parseWhen, scheduleArgs } from './tool-arguments.ts'
import type { CallInfo, ToolContext } from './tool-context.ts'
import { ToolFailure, type ToolResult } from './tool-result.ts'

const MINUTE = 60_000

/**
 * `schedule_meeting(title, start_time, duration, attendee_email, description, …)`.
 * Under a per-calendar lock: one fresh free/busy read of the day, the engine's verdict on the
 * exact interval, a `pending` journal row that holds the interval, the insert (with a
 * deterministic event id and invitations), then `confirmed`. Two calls cannot book one slot.
 */
export async function scheduleMeeting(ctx: ToolContext, rawArgs: unknown, call: CallInfo, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(scheduleArgs, rawArgs)
  const { settings, type, now, voice } = sceneFor(ctx, args)
  const when = parseWhen(args.start_time, voice.callerZone, 'start_time')
  if (when.dateOnly) throw new ToolFailure('invalid_argument', 'What time on that day should I book?')
  const start = when.at.toMillis()
  if (start <= now) throw new ToolFailure('invalid_argument', 'That time has already passed. Which upcoming time would you like?')
  const duration = args.duration ?? type.duration
  const end = start + duration * MINUTE
  const bookingId = bookingIdFor(call.toolCallId)
  const calendarId = settings.booking_calendar_id

  const earlier = getBooking(ctx.db, bookingId)
  if (earlier?.status === 'confirmed') return booked(earlier, settings, voice)
  // A retry of a call whose insert was in flight when the process died: the interval has been
  // held since it was checked, so finish that insert (a 409 on our own id confirms it).
  if (earlier?.status === 'pending') return ctx.locks.run(earlier.calendar_id, () => insert(ctx, earlier, settings, type, voice, signal))

  return ctx.locks.run(calendarId, async () => {
    const rules = rulesFor(settings, type)
    const dayStart = DateTime.fromMillis(start, { zone: rules.timeZone }).startOf('day')
    const window = { from: Math.max(now, dayStart.toMillis()), to: dayStart.plus({ days: 3 }).toMillis() }
    const calendarIds = [...new Set([...settings.calendar_ids, calendarId])]
    const query = { rules, calendarIds, duration, ...window, now, padding: typePadding(settings) }
    const { slots, busy } = await computeAvailability(ctx.db, ctx.provider, query, signal)
    if (!slots.some((slot) => slot.start === start)) refuse(rules, { ...query, busy }, slots, start, voice)

    const row = {
      id: bookingId,
      call_id: call.callId,
      tool_call_id: call.toolCallId,
      calendar_id: calendarId,
      event_id: eventIdFor(bookingId),
      start_at: start,
      end_at: end,
      attendee_email: args.attendee_email,
      attendee_name: args.attendee_name ?? null,
      title: titleFor(args.title, type, args.attendee_name ?? args.attendee_email),
      description: [args.description, type.description].filter(Boolean).join('\n\n') || null,
      meeting_type: type.id,
    }
    hold(ctx, row, rules, voice, slots)
    return insert(ctx, row, settings, type, voice, signal)
  })
}

/** Journals the booking as pending, atomically refusing if another active booking overlaps it. */
function hold(ctx: ToolContext, row: Omit<BookingRow, 'status' | 'html_link' | 'meet_link' | 'error' | 'created_at' | 'updated_at'>, rules: Rules, voice: Voice, slots: Slot[]): void {
  const taken = ctx.db
    .transaction(() => {
      const overlapping = activeBookingsOverlapping(ctx.db, row.calendar_id, row.start_at - rules.bufferBefore * MINUTE, row.end_at + rules.bufferAfter * MINUTE)
      if (overlapping.some((booking) => booking.id !== row.id)) return true
      const existing = getBooking(ctx.db, row.id)
      if (existing?.status === 'failed') revivePendingBooking(ctx.db, row, ctx.clock())
      else if (!existing) insertPendingBooking(ctx.db, row, ctx.clock())
      return false
    })
    .immediate()
  if (taken) throw unavailableWithAlternatives(slots.filter((slot) => slot.start !== row.start_at), row.start_at, voice)
}

async function insert(ctx: ToolContext, row: Omit<BookingRow, 'status' | 'html_link' | 'meet_link' | 'error' | 'created_at' | 'updated_at'>, settings: Settings, type: MeetingType, voice: Voice, signal: AbortSignal): Promise<ToolResult> {
  try {
    const event = await ctx.provider.createEvent(
      row.calendar_id,
      {
        id: row.event_id,
        title: row.title,
        description: [row.description, 'Booked by phone with Slotline.'].filter(Boolean).join('\n\n'),
        start: row.start_at,
        end: row.end_at,
        timeZone: settings.time_zone,
        attendee: { email: row.attendee_email, name: row.attendee_name },
        sendInvitations: settings.send_invitations,
        addMeetLink: (type.video ?? (settings.add_meet_link ? 'meet' : 'none')) === 'meet',
        marker: { slotline: '1', slotlineBooking: row.id },
      },
      signal,
    )
    confirmBooking(ctx.db, row.id, { htmlLink: event.htmlLink, meetLink: event.meetLink }, ctx.clock())
  } catch (error) {
    // A definite refusal releases the hold; an unknown outcome (timeout, Google down) keeps it
    // pending until the journal is reconciled with Google, so the slot is never double booked.
    if (error instanceof CalendarError && error.code !== 'calendar_unavailable') failBooking(ctx.db, row.id, error.message, ctx.clock())
    rethrowAsToolFailure(error)
  }
  return booked(getBooking(ctx.db, row.id)!, settings, voice)
}

function booked(row: BookingRow, settings: Settings, voice: Voice): ToolResult {
  const minutes = Math.round((row.end_at - row.start_at) / MINUTE)
  const invite = settings.send_invitations ? ` An invitation is on its way to ${row.attendee_email}.` : ''
  return {
    ok: true,
    message: `You're booked for ${speakAt(row.start_at, voice)}, for ${minutes} minutes.${invite}`,
    booking: { id: row.id, start: isoIn(row.start_at, voice.callerZone), end: isoIn(row.end_at, voice.callerZone), event_id: row.event_id, attendee_email: row.attendee_email },
  }
}

const UNAVAILABLE_REASONS = new Set(['busy', 'buffer', 'daily_limit'])

/** Explains why `start` cannot be booked: taken (with the nearest alternatives) or outside hours. */
function refuse(rules: Rules, query: Parameters<typeof explainAvailability>[0], slots: Slot[], start: number, voice: Voice): never {
  const { refused } = explainAvailability(query)
  const reason = refused.find((refusal) => refusal.start <= start && start < refusal.end)?.reason
  if (reason && !UNAVAILABLE_REASONS.has(reason)) {
    const { picked, sentence } = offer(nearest(slots, start), 3, voice)
    const why = reason === 'min_notice' ? 'That is too soon for me to book.' : reason === 'beyond_horizon' ? "That's further out than I can book." : "That's outside the hours I can book."
    throw new ToolFailure('outside_hours', picked.length > 0 ? `${why} I could do ${sentence}.` : why, picked)
  }
  throw unavailableWithAlternatives(slots, start, voice)
}

function unavailableWithAlternatives(slots: Slot[], start: number, voice: Voice): ToolFailure {
  const { picked, sentence } = offer(nearest(slots, start), 3, voice)
  const message = picked.length > 0 ? `That time is no longer available. I could do ${sentence}.` : 'That time is no longer available, and nothing else is free that day.'
  return new ToolFailure('slot_unavailable', message, picked)
}

/** The slots closest to the wanted start, back in time order. */
function nearest(slots: Slot[], start: number): Slot[] {
  return [...slots]
    .sort((a, b) => Math.abs(a.start - start) - Math.abs(b.start - start))
    .slice(0, 6)
    .sort((a, b) => a.start - b.start)
}

function titleFor(title: string | undefined, type: MeetingType, who: string): string {
  const template = type.title ?? (title ? '{title}' : '{type} with {name}')
  return template.replaceAll('{title}', title ?? type.name).replaceAll('{type}', type.name).replaceAll('{name}', who).slice(0, 200)
}
