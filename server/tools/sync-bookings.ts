import { CalendarError, type CalendarProvider } from '../calendars/provider.ts'
import type { Logger } from '../log.ts'
import { cancelBooking, getBooking, moveBooking, upcomingConfirmedBookings, type BookingRow } from '../store/bookings-repo.ts'
import type { Db } from '../store/open-database.ts'
import type { KeyedLock } from './keyed-lock.ts'

export interface SyncDeps {
  db: Db
  provider: CalendarProvider
  clock: () => number
  locks: KeyedLock
  log?: Logger
}

export interface SyncOutcome {
  checked: number
  cancelled: number
  moved: number
}

const CONCURRENCY = 4
/** Longest wait for one event; the pass moves on (and tries again next time) after it. */
const READ_BUDGET_MS = 10_000

/**
 * Brings confirmed bookings in line with their calendar events, for when the consultant deleted or
 * moved one in their calendar app: a deleted or cancelled event cancels the booking (so it stops
 * blocking time and is no longer offered to the caller), a moved event moves it. The event is read
 * without any lock; the change is applied under the calendar's lock only if the booking did not
 * change meanwhile, so a reschedule running at the same time always wins. A calendar that cannot
 * be read leaves its bookings as they are.
 */
export async function syncBookings(deps: SyncDeps, bookings: readonly BookingRow[], signal: AbortSignal): Promise<SyncOutcome> {
  const outcome = { checked: 0, cancelled: 0, moved: 0 }
  const queue = [...bookings]
  const worker = async (): Promise<void> => {
    for (let booking = queue.shift(); booking && !signal.aborted; booking = queue.shift()) {
      const change = await syncOne(deps, booking.id, signal)
      outcome.checked++
      if (change === 'cancelled') outcome.cancelled++
      if (change === 'moved') outcome.moved++
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  return outcome
}

/** Syncs the next `limit` upcoming bookings (the background pass). */
export function syncUpcomingBookings(deps: SyncDeps, signal: AbortSignal, limit = 200): Promise<SyncOutcome> {
  return syncBookings(deps, upcomingConfirmedBookings(deps.db, deps.clock(), limit), signal)
}

async function syncOne(deps: SyncDeps, bookingId: string, signal: AbortSignal): Promise<'cancelled' | 'moved' | null> {
  const before = getBooking(deps.db, bookingId)
  if (!before || before.status !== 'confirmed') return null
  let event
  try {
    // Read without holding the calendar's lock: a live caller's booking must never wait on this.
    event = await deps.provider.getEvent(before.calendar_id, before.event_id, AbortSignal.any([signal, AbortSignal.timeout(READ_BUDGET_MS)]))
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error
    deps.log?.debug('booking not synced: calendar unreadable', { booking: before.id, error: error.message })
    return null
  }
  if (signal.aborted) return null
  return deps.locks.run(before.calendar_id, async () => {
    // Changed while we read (a reschedule or cancel by a caller): theirs wins; the next pass sees it.
    const booking = getBooking(deps.db, bookingId)
    const unchanged = booking?.status === 'confirmed' && booking.updated_at === before.updated_at && booking.start_at === before.start_at && booking.end_at === before.end_at
    if (!booking || !unchanged) return null
    const now = deps.clock()
    const by = { callId: null, toolCallId: null }
    // The event's id is derived from the booking, so it is ours even if a calendar app dropped the marker.
    if (!event || event.status === 'cancelled') {
      cancelBooking(deps.db, booking.id, by, now)
      deps.log?.info('booking cancelled in the calendar', { booking: booking.id })
      return 'cancelled'
    }
    if (Number.isFinite(event.start) && Number.isFinite(event.end) && (event.start !== booking.start_at || event.end !== booking.end_at)) {
      moveBooking(deps.db, booking.id, { start: event.start, end: event.end, ...by }, now)
      deps.log?.info('booking moved in the calendar', { booking: booking.id })
      return 'moved'
    }
    return null
  })
}

const SYNC_EVERY_MS = 10 * 60_000

/** Syncs the upcoming bookings a minute after start and every ten minutes; returns the stop. */
export function startBookingSync(deps: SyncDeps & { log: Logger }, everyMs = SYNC_EVERY_MS): () => void {
  let running = false
  const stopped = new AbortController()
  const pass = (): void => {
    if (running) return
    running = true
    syncUpcomingBookings(deps, AbortSignal.any([stopped.signal, AbortSignal.timeout(everyMs / 2)]))
      .then((outcome) => {
        if (outcome.cancelled + outcome.moved > 0) deps.log.info('bookings synced with the calendar', { ...outcome })
      })
      .catch((error: unknown) => deps.log.warn('bookings not synced with the calendar', { error: (error as Error).message }))
      .finally(() => (running = false))
  }
  const first = setTimeout(pass, Math.min(60_000, everyMs)).unref()
  const timer = setInterval(pass, everyMs).unref()
  return () => {
    stopped.abort()
    clearTimeout(first)
    clearInterval(timer)
  }
}
