import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { subscribeLive } from '../api/live-events.ts'
import type { BookingRow } from '../api/types.ts'
import { ErrorBox, Loading, PageHeader, Pill, type Tone } from '../components/common.tsx'
import { dateTime } from '../lib/format.ts'
import { href } from '../lib/router.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

const LIMIT = 200
const tones: Record<BookingRow['status'], Tone> = { confirmed: 'ok', pending: 'warn', failed: 'bad', cancelled: 'muted' }

/** The meetings Slotline booked, soonest first, updated live; each can be cancelled from here. */
export function MeetingsScreen() {
  const { settings } = useSettings()
  const [past, setPast] = useState(false)
  // "Upcoming" means from the start of today, so a meeting in progress stays listed.
  const [from] = useState(() => new Date().setHours(0, 0, 0, 0))
  const bookings = useLoad((signal) => api.bookings(past ? { from: 0, order: 'desc', limit: LIMIT } : { from, order: 'asc', limit: LIMIT }, signal), [past, from])
  const { reload } = bookings
  useEffect(() => subscribeLive(reload), [reload])
  const list = bookings.data?.bookings

  return (
    <>
      <PageHeader title="Meetings" lead="Every meeting the assistant (or a test booking) put on your calendar." />
      <div className="card">
        <label className="check">
          <input type="checkbox" checked={past} onChange={(event) => setPast(event.target.checked)} />
          Include past meetings
        </label>
        {bookings.error && <ErrorBox error={bookings.error} retry={reload} />}
        {!list ? (
          !bookings.error && <Loading minHeight={200} />
        ) : list.length === 0 ? (
          <p className="empty">{past ? 'No meetings booked yet.' : 'No upcoming meetings. They appear here the moment the assistant books one.'}</p>
        ) : (
          <table className="table" aria-label="Meetings" aria-busy={bookings.loading}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Meeting</th>
                <th scope="col">With</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((booking) => (
                <MeetingRow key={booking.id} booking={booking} zone={settings.time_zone} onChanged={reload} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  )
}

function MeetingRow({ booking, zone, onChanged }: { booking: BookingRow; zone: string; onChanged: () => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const cancel = async () => {
    if (!window.confirm(`Cancel "${booking.title}" with ${booking.attendee_email}? The event is deleted from your calendar and the attendee is told.`)) return
    setBusy(true)
    setError(undefined)
    try {
      await api.cancelBooking(booking.id)
      onChanged()
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <tr data-testid="meeting-row" data-booking-id={booking.id}>
      <td>{dateTime(booking.start_at, zone)}</td>
      <td>
        {booking.title}
        {booking.meet_link && (
          <>
            {' '}
            <a href={booking.meet_link} target="_blank" rel="noopener noreferrer">
              video link
            </a>
          </>
        )}
        {booking.call_id && (
          <small className="muted">
            {' '}
            · <a href={href({ page: 'call', id: booking.call_id })}>from a call</a>
          </small>
        )}
      </td>
      <td>{booking.attendee_name ? `${booking.attendee_name} <${booking.attendee_email}>` : booking.attendee_email}</td>
      <td>
        <Pill tone={tones[booking.status]}>{booking.status}</Pill>
        {error && <small className="field-error" role="alert"> {error}</small>}
      </td>
      <td>
        {booking.status === 'confirmed' && booking.end_at > Date.now() && (
          <button type="button" className="button" onClick={() => void cancel()} disabled={busy} aria-label={`Cancel ${booking.title} with ${booking.attendee_email}`}>
            {busy ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </td>
    </tr>
  )
}
