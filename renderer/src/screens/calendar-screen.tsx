import { useEffect, useRef, useState } from 'react'
import { api, ApiError, type CalendarInfo } from '../api/client.ts'
import { ErrorBox, Loading, PageHeader, Pill } from '../components/common.tsx'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'
import { CaldavAccounts } from './caldav-accounts.tsx'

/** Connect Google and CalDAV accounts, and choose which calendars count and where bookings go. */
export function CalendarScreen() {
  const status = useLoad((signal) => api.status(signal), [])
  const [waiting, setWaiting] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const { reload } = status
  const connected = status.data?.connected === true
  const caldavCount = status.data?.caldav_accounts?.length ?? 0
  // The calendar list is re-read whenever an account comes or goes.
  const listKey = `${connected}-${(status.data?.caldav_accounts ?? []).map((a) => a.id).join(',')}`

  useEffect(() => {
    if (!waiting || connected) {
      if (connected) setWaiting(null)
      return
    }
    const timer = setInterval(reload, 1500)
    return () => clearInterval(timer)
  }, [waiting, connected, reload])

  const connect = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const { auth_url } = await api.connect()
      setWaiting(auth_url)
      window.open(auth_url, '_blank', 'noopener,noreferrer')
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const disconnect = async () => {
    if (!window.confirm('Disconnect Google Calendar? The assistant cannot offer or book times until you connect again.')) return
    setBusy(true)
    setError(undefined)
    try {
      await api.disconnect()
      reload()
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageHeader title="Calendar" lead="Slotline reads free/busy from the calendars you pick, in Google and on CalDAV servers, and books on one of them." />
      <section className="card" aria-labelledby="google-heading">
        <h2 id="google-heading">Google account</h2>
        {status.error && <ErrorBox error={status.error} retry={reload} />}
        {!status.data ? (
          !status.error && <Loading minHeight={60} />
        ) : (
          <div className="row">
            <Pill tone={connected ? 'ok' : 'bad'}>{connected ? 'Connected' : 'Not connected'}</Pill>
            {connected && <span data-testid="account">{status.data.account}</span>}
            <span className="spacer" />
            {connected ? (
              <button type="button" className="button" onClick={() => void disconnect()} disabled={busy}>
                Disconnect
              </button>
            ) : (
              <button type="button" className="button primary" onClick={() => void connect()} disabled={busy}>
                Connect Google Calendar
              </button>
            )}
          </div>
        )}
        {waiting && !connected && (
          <p className="note" role="status">
            Finish signing in in the window that opened; this page updates by itself. No window?{' '}
            <a href={waiting} target="_blank" rel="noopener noreferrer">
              Open the Google sign-in page
            </a>
            .
          </p>
        )}
        {error && <ErrorBox error={error} />}
      </section>
      <CaldavAccounts onChange={reload} />
      {(connected || caldavCount > 0) && <CalendarChoice key={listKey} />}
    </>
  )
}

function CalendarChoice() {
  const { settings, setSettings } = useSettings()
  const list = useLoad((signal) => api.calendars(signal), [])
  const [conflicts, setConflicts] = useState<string[]>([])
  const [booking, setBooking] = useState('')
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved'>('idle')
  const [error, setError] = useState<string>()
  const initialised = useRef(false)

  useEffect(() => {
    if (!list.data || initialised.current) return
    initialised.current = true
    const resolve = (id: string) => (id === 'primary' ? list.data!.calendars.find((c) => c.primary)?.id ?? id : id)
    setConflicts(settings.calendar_ids.map(resolve))
    setBooking(resolve(settings.booking_calendar_id))
  }, [list.data, settings])

  const save = async () => {
    setSaving('saving')
    setError(undefined)
    try {
      setSettings(await api.saveSettings({ calendar_ids: conflicts, booking_calendar_id: booking }))
      setSaving('saved')
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason))
      setSaving('idle')
    }
  }
  const writable = (c: CalendarInfo) => c.accessRole === 'owner' || c.accessRole === 'writer'
  const toggle = (id: string, on: boolean) => {
    setSaving('idle')
    setConflicts((old) => (on ? [...new Set([...old, id])] : old.filter((x) => x !== id)))
  }

  return (
    <section className="card" aria-labelledby="calendars-heading">
      <h2 id="calendars-heading">Calendars</h2>
      {list.error && <ErrorBox error={list.error} retry={list.reload} />}
      {!list.data ? (
        !list.error && <Loading minHeight={100} />
      ) : (
        <form onSubmit={(event) => (event.preventDefault(), void save())}>
          <fieldset>
            <legend>Check for conflicts</legend>
            {list.data.calendars.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={conflicts.includes(c.id)} onChange={(event) => toggle(c.id, event.target.checked)} />
                {c.summary}
                {c.primary && <span className="muted"> (primary)</span>}
                <span className="muted"> · {c.source === 'caldav' ? c.account : 'Google'}</span>
              </label>
            ))}
            {conflicts.length === 0 && <small className="field-error">Pick at least one calendar.</small>}
          </fieldset>
          <div className="field">
            <label htmlFor="booking-calendar">Book new meetings on</label>
            <select id="booking-calendar" value={booking} onChange={(event) => (setBooking(event.target.value), setSaving('idle'))}>
              {list.data.calendars.filter(writable).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.summary} ({c.source === 'caldav' ? c.account : 'Google'})
                </option>
              ))}
            </select>
          </div>
          <div className="row">
            <button type="submit" className="button primary" disabled={conflicts.length === 0 || saving === 'saving'}>
              Save calendars
            </button>
            <span role="status" className="save-state">
              {saving === 'saved' ? 'Saved.' : saving === 'saving' ? 'Saving…' : ''}
            </span>
          </div>
          {error && <ErrorBox error={error} />}
        </form>
      )}
    </section>
  )
}
