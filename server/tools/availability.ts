import { DateTime } from 'luxon'
import { CalendarError, type CalendarProvider } from '../calendars/provider.ts'
import { findSlots } from '../scheduling/index.ts'
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
  const free = await provider.freeBusy(query.calendarIds, widenedFrom, widenedTo, signal).catch(rethrowAsToolFailure)
  if (free.unavailable.length > 0) {
    throw new ToolFailure('calendar_unavailable', "I can't read the whole calendar right now, so I can't promise any time. Please try again in a moment.")
  }
  const busy: Busy[] = free.busy.map((interval) => ({ ...interval, kind: 'event' }))
  for (const booking of activeBookingsBetween(db, widenedFrom, widenedTo)) {
    busy.push({ start: booking.start_at, end: booking.end_at, calendarId: booking.calendar_id, kind: 'booking' })
  }
  const slots = findSlots({ rules, busy, now: query.now, duration: query.duration, from: query.from, to: query.to })
  return { slots, busy }
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
