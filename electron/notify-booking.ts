import type { NotificationConstructorOptions } from 'electron'

/** A bus 'booking' event (server/events.ts). */
export interface BookingEvent {
  bookingId: string
  status: string
}

/** What the notification says about a booking (a row of the bookings table, structurally). */
export interface BookingSummary {
  title: string
  start_at: number
  attendee_email: string
  attendee_name: string | null
}

type NotificationCtor = {
  new (options: NotificationConstructorOptions): { show(): void }
  isSupported(): boolean
}

/** Title and body for a booking change; null for changes not worth a notification. */
export function bookingNotice(event: BookingEvent, booking: BookingSummary | undefined, timeZone?: string): { title: string; body: string } | null {
  const heading = { confirmed: 'Meeting booked', cancelled: 'Meeting cancelled', moved: 'Meeting moved' }[event.status]
  if (!heading || !booking) return null
  const when = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(booking.start_at)
  return { title: `${heading}: ${booking.title}`, body: `${when} with ${booking.attendee_name ?? booking.attendee_email}` }
}

/** Shows a native notification for a booking change; returns whether one was shown. */
export function notifyBooking(NotificationClass: NotificationCtor, event: BookingEvent, booking: BookingSummary | undefined, timeZone?: string): boolean {
  const notice = bookingNotice(event, booking, timeZone)
  if (!notice || !NotificationClass.isSupported()) return false
  new NotificationClass({ title: notice.title, body: notice.body, silent: false }).show()
  return true
}
