import { CalendarError, type CalendarProvider } from '../calendars/provider.ts'
import type { Logger } from '../log.ts'
import { confirmBooking, failBooking, pendingBookings } from '../store/bookings-repo.ts'
import type { Db } from '../store/open-database.ts'

/**
 * Settles bookings journalled as `pending` whose insert never reported back (the process died,
 * or Google timed out): the event exists and is ours → confirmed; it does not → failed. A
 * booking whose calendar cannot be read now stays pending for the next pass.
 */
export async function reconcileBookings(deps: { db: Db; provider: CalendarProvider; log: Logger; clock: () => number; olderThanMs?: number }): Promise<{ confirmed: number; failed: number }> {
  const counts = { confirmed: 0, failed: 0 }
  const cutoff = deps.clock() - (deps.olderThanMs ?? 0)
  for (const booking of pendingBookings(deps.db)) {
    if (booking.updated_at > cutoff) continue
    try {
      const event = await deps.provider.getEvent(booking.calendar_id, booking.event_id, AbortSignal.timeout(10_000))
      if (event && event.status !== 'cancelled' && event.marker.slotlineBooking === booking.id) {
        confirmBooking(deps.db, booking.id, { htmlLink: event.htmlLink, meetLink: event.meetLink }, deps.clock())
        counts.confirmed++
      } else {
        failBooking(deps.db, booking.id, 'The calendar event was never created.', deps.clock())
        counts.failed++
      }
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error
      deps.log.warn('pending booking not reconciled yet', { booking: booking.id, error: error.message })
    }
  }
  return counts
}
