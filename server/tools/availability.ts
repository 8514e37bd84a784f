import { DateTime } from 'luxon'
import { CalendarError, type CalendarBusy, type CalendarProvider } from '../calendars/provider.ts'
import { findSlots, subtractIntervals } from '../scheduling/index.ts'
import type { Busy, Rules, Slot } from '../scheduling/types.ts'
import { activeBookingsBetween } from '../store/bookings-repo.ts'
import type { Db } from '../store/open-database.ts'
import { ToolFailure } from './tool-result.ts'

export interface AvailabilityQuery {
  rules: Rules
  /** Conflict calendars to read. */
  calendarIds: readonly string[]
  duration: number
  from: number
  to: number
  now: number
  /** Extra minutes kept free around an existing booking of a meeting type (its own buffers). */
  padding?: (meetingType: string | null) => { before: number; after: number }
  /** A booking being moved: its own event and hold do not block its new time. */
  exclude?: { bookingId: string; calendarId: string; start: number; end: number }
}

export interface Availability {
  slots: Slot[]
  busy: Busy[]
}

/**
 * Reads free/busy (one round trip per ≤ 90 days) and Slotline's own active bookings, and runs
 * the engine. The window is widened to whole local days so daily limits and buffers see
 * everything that matters. A calendar Google cannot read fails the whole query (fail closed).
 */
export async function computeAvailability(db: Db, provider: CalendarProvider, query: AvailabilityQuery, signal: AbortSignal): Promise<Availability> {
  const { rules } = query
  const widenedFrom = DateTime.fromMillis(query.from, { zone: rules.timeZone }).startOf('day').toMillis()
  const widenedTo = DateTime.fromMillis(query.to, { zone: rules.timeZone }).endOf('day').toMillis() + 1
  const free = await provider.freeBusy(query.calendarIds, widenedFrom, widenedTo, signal, { ignoreAllDay: rules.ignoreAllDay }).catch(rethrowAsToolFailure)
  if (free.unavailable.length > 0) {
    throw new ToolFailure('calendar_unavailable', "I can't read the whole calendar right now, so I can't promise any time. Please try again in a moment.")
  }
  const busy: Busy[] = withoutExcluded(free.busy, query.exclude).map((interval) => ({ ...interval, kind: 'event' }))
  for (const booking of activeBookingsBetween(db, widenedFrom, widenedTo)) {
    if (booking.id === query.exclude?.bookingId) continue
    const pad = query.padding?.(booking.meeting_type) ?? { before: 0, after: 0 }
    busy.push({ start: booking.start_at - pad.before * 60_000, end: booking.end_at + pad.after * 60_000, calendarId: booking.calendar_id, kind: 'booking' })
  }
  const slots = findSlots({ rules, busy, now: query.now, duration: query.duration, from: query.from, to: query.to })
  return { slots, busy }
}

function withoutExcluded(busy: CalendarBusy[], exclude: AvailabilityQuery['exclude']): CalendarBusy[] {
  if (!exclude) return busy
  return busy.flatMap((interval) =>
    interval.calendarId === exclude.calendarId ? subtractIntervals([interval], [exclude]).map((rest) => ({ ...rest, calendarId: interval.calendarId })) : [interval],
  )
}

/** Turns calendar failures into the assistant's codes and sentences. */
export function rethrowAsToolFailure(error: unknown): never {
  if (error instanceof CalendarError) {
    if (error.code === 'not_connected') {
      throw new ToolFailure('not_connected', "The calendar isn't connected right now, so I can't check times. Someone will get back to you to schedule.")
    }
    throw new ToolFailure('calendar_unavailable', "I can't reach the calendar right now. Please try again in a moment, or I can take a message.")
  }
  throw error
}
