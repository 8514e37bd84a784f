import { statement, type Db } from './open-database.ts'

export type BookingStatus = 'pending' | 'confirmed' | 'failed' | 'cancelled'

export interface BookingRow {
  id: string
  status: BookingStatus
  call_id: string | null
  tool_call_id: string | null
  calendar_id: string
  event_id: string
  start_at: number
  end_at: number
  attendee_email: string
  attendee_name: string | null
  title: string
  description: string | null
  meeting_type: string | null
  html_link: string | null
  meet_link: string | null
  error: string | null
  created_at: number
  updated_at: number
}

export type NewBooking = Omit<BookingRow, 'status' | 'html_link' | 'meet_link' | 'error' | 'created_at' | 'updated_at'>

/**
 * Journals a booking intent as `pending` before the calendar insert. The row also holds the
 * interval: a pending or confirmed booking blocks other bookings that overlap it.
 */
export function insertPendingBooking(db: Db, booking: NewBooking, now: number): void {
  statement(db, 
    `INSERT INTO bookings (id, status, call_id, tool_call_id, calendar_id, event_id, start_at, end_at,
       attendee_email, attendee_name, title, description, meeting_type, created_at, updated_at)
     VALUES (@id, 'pending', @call_id, @tool_call_id, @calendar_id, @event_id, @start_at, @end_at,
       @attendee_email, @attendee_name, @title, @description, @meeting_type, @now, @now)`,
  ).run({ ...booking, now })
}

/** Journals a failed booking (same id: a retry of the same tool call) as pending again, for its new try. */
export function revivePendingBooking(db: Db, booking: NewBooking, now: number): void {
  statement(db, 
    `UPDATE bookings SET status = 'pending', start_at = @start_at, end_at = @end_at, attendee_email = @attendee_email,
       attendee_name = @attendee_name, title = @title, description = @description, meeting_type = @meeting_type,
       error = NULL, updated_at = @now WHERE id = @id AND status = 'failed'`,
  ).run({ ...booking, now })
}

/** Marks a pending booking confirmed, with the event's links, and records the change. */
export function confirmBooking(db: Db, id: string, links: { htmlLink: string | null; meetLink: string | null }, now: number): void {
  db.transaction(() => {
    const changed = statement(db, `UPDATE bookings SET status = 'confirmed', html_link = ?, meet_link = ?, error = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`)
      .run(links.htmlLink, links.meetLink, now, id)
    if (changed.changes === 0) return
    const row = getBooking(db, id)!
    recordChange(db, { bookingId: id, action: 'booked', callId: row.call_id, toolCallId: row.tool_call_id, fromStart: null, toStart: row.start_at }, now)
  })()
}

export interface BookingChange {
  bookingId: string
  action: 'booked' | 'moved' | 'cancelled'
  callId: string | null
  toolCallId: string | null
  fromStart: number | null
  toStart: number | null
}

/** Appends to a booking's history (booked, moved, cancelled), linked to the call that did it. */
export function recordChange(db: Db, change: BookingChange, now: number): void {
  statement(db, 
    `INSERT INTO booking_changes (booking_id, action, call_id, tool_call_id, from_start, to_start, at)
     VALUES (@bookingId, @action, @callId, @toolCallId, @fromStart, @toStart, @now)`,
  ).run({ ...change, now })
}

/** Moves a confirmed booking to a new interval and records the move. */
export function moveBooking(db: Db, id: string, move: { start: number; end: number; callId: string | null; toolCallId: string | null }, now: number): void {
  db.transaction(() => {
    const before = getBooking(db, id)!
    statement(db, 'UPDATE bookings SET start_at = ?, end_at = ?, updated_at = ? WHERE id = ?').run(move.start, move.end, now, id)
    recordChange(db, { bookingId: id, action: 'moved', callId: move.callId, toolCallId: move.toolCallId, fromStart: before.start_at, toStart: move.start }, now)
  })()
}

/** Marks a booking cancelled and records it. */
export function cancelBooking(db: Db, id: string, by: { callId: string | null; toolCallId: string | null }, now: number): void {
  db.transaction(() => {
    const before = getBooking(db, id)!
    statement(db, `UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?`).run(now, id)
    recordChange(db, { bookingId: id, action: 'cancelled', callId: by.callId, toolCallId: by.toolCallId, fromStart: before.start_at, toStart: null }, now)
  })()
}

/** Confirmed bookings not yet over, soonest first (at most `limit`). */
export function upcomingConfirmedBookings(db: Db, now: number, limit: number): BookingRow[] {
  return statement(db, `SELECT * FROM bookings WHERE status = 'confirmed' AND end_at > ? ORDER BY start_at LIMIT ?`).all(now, limit) as BookingRow[]
}

/** A caller's upcoming confirmed bookings (by attendee email), earliest first. */
export function upcomingBookingsOf(db: Db, attendeeEmail: string, now: number): BookingRow[] {
  return statement(db, `SELECT * FROM bookings WHERE attendee_email = ? AND status = 'confirmed' AND end_at > ? ORDER BY start_at`)
    .all(attendeeEmail, now) as BookingRow[]
}

export interface BookingChangeRow {
  id: number
  booking_id: string
  action: 'booked' | 'moved' | 'cancelled'
  call_id: string | null
  tool_call_id: string | null
  from_start: number | null
  to_start: number | null
  at: number
  title: string
  attendee_email: string
  html_link: string | null
}

/** What a call did to bookings (booked, moved, cancelled), in order. */
export function bookingChangesOfCall(db: Db, callId: string): BookingChangeRow[] {
  return statement(db, 
      `SELECT c.*, b.title, b.attendee_email, b.html_link FROM booking_changes c JOIN bookings b ON b.id = c.booking_id
       WHERE c.call_id = ? ORDER BY c.at, c.id`,
    )
    .all(callId) as BookingChangeRow[]
}

/** Marks a booking failed (its interval is released). */
export function failBooking(db: Db, id: string, error: string, now: number): void {
  statement(db, `UPDATE bookings SET status = 'failed', error = ?, updated_at = ? WHERE id = ?`).run(error, now, id)
}

/** Active (pending or confirmed) bookings on a calendar overlapping [start, end). */
export function activeBookingsOverlapping(db: Db, calendarId: string, start: number, end: number): BookingRow[] {
  return statement(db, 
      `SELECT * FROM bookings WHERE calendar_id = ? AND status IN ('pending', 'confirmed')
       AND start_at < ? AND end_at > ? ORDER BY start_at`,
    )
    .all(calendarId, end, start) as BookingRow[]
}

/** Active bookings (any calendar) overlapping [start, end): the engine counts them per day. */
export function activeBookingsBetween(db: Db, start: number, end: number): BookingRow[] {
  return statement(db, `SELECT * FROM bookings WHERE status IN ('pending', 'confirmed') AND start_at < ? AND end_at > ? ORDER BY start_at`)
    .all(end, start) as BookingRow[]
}

/** Bookings still pending (journalled but never confirmed or failed): reconciled at start-up. */
export function pendingBookings(db: Db): BookingRow[] {
  return statement(db, `SELECT * FROM bookings WHERE status = 'pending' ORDER BY created_at`).all() as BookingRow[]
}

export function getBooking(db: Db, id: string): BookingRow | undefined {
  return statement(db, 'SELECT * FROM bookings WHERE id = ?').get(id) as BookingRow | undefined
}

export function bookingsOfCall(db: Db, callId: string): BookingRow[] {
  return statement(db, 'SELECT * FROM bookings WHERE call_id = ? ORDER BY created_at').all(callId) as BookingRow[]
}

/** Bookings latest start first (or soonest first with `order: 'asc'`), optionally only those starting at or after `from`. */
export function listBookings(db: Db, query: { from?: number; limit: number; offset: number; order?: 'asc' | 'desc' }): BookingRow[] {
  const sql = query.order === 'asc' ? 'SELECT * FROM bookings WHERE start_at >= ? ORDER BY start_at ASC LIMIT ? OFFSET ?' : 'SELECT * FROM bookings WHERE start_at >= ? ORDER BY start_at DESC LIMIT ? OFFSET ?'
  return statement(db, sql).all(query.from ?? 0, query.limit, query.offset) as BookingRow[]
}
