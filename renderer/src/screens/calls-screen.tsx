import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { subscribeLive } from '../api/live-events.ts'
import type { CallSummary } from '../api/types.ts'
import { ErrorBox, Loading, PageHeader, Pill } from '../components/common.tsx'
import { dateTime, duration } from '../lib/format.ts'
import { href } from '../lib/router.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

const PAGE = 25

/** The call log, newest first, searchable, updated live as calls come in. */
export function CallsScreen() {
  const { settings } = useSettings()
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [pages, setPages] = useState(1)
  useEffect(() => {
    const timer = setTimeout(() => (setQuery(search.trim()), setPages(1)), 300)
    return () => clearTimeout(timer)
  }, [search])
  const calls = useLoad((signal) => api.calls({ q: query || undefined, limit: PAGE * pages, offset: 0 }, signal), [query, pages])
  const { reload } = calls
  useEffect(() => subscribeLive(reload), [reload])

  const list = calls.data?.calls
  return (
    <>
      <PageHeader title="Call log" lead="Every call Vapi sent to Slotline, with what the assistant asked and what it got back." />
      <div className="card">
        <div className="field search">
          <label htmlFor="call-search">Search by caller number or attendee</label>
          <input id="call-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="+1415… or sam@example.com" />
        </div>
        {calls.error && <ErrorBox error={calls.error} retry={reload} />}
        {!list ? (
          !calls.error && <Loading minHeight={240} />
        ) : list.length === 0 ? (
          <p className="empty">{query ? 'No calls match.' : 'No calls yet. They appear here the moment Vapi reaches Slotline.'}</p>
        ) : (
          <table className="table" aria-label="Calls" aria-busy={calls.loading}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Caller</th>
                <th scope="col">Status</th>
                <th scope="col">Length</th>
                <th scope="col">Tool calls</th>
                <th scope="col">Bookings</th>
              </tr>
            </thead>
            <tbody>
              {list.map((call) => (
                <CallRowView key={call.id} call={call} zone={settings.time_zone} />
              ))}
            </tbody>
          </table>
        )}
        {list && list.length >= PAGE * pages && (
          <button type="button" className="button" onClick={() => setPages((n) => n + 1)}>
            Show more
          </button>
        )}
      </div>
    </>
  )
}

function CallRowView({ call, zone }: { call: CallSummary; zone: string }) {
  const length = call.started_at && call.ended_at ? duration(call.ended_at - call.started_at) : '—'
  return (
    <tr data-testid="call-row" data-call-id={call.id}>
      <td>
        <a href={href({ page: 'call', id: call.id })}>{dateTime(call.created_at, zone)}</a>
      </td>
      <td>{call.customer_number ?? 'Unknown'}</td>
      <td>
        <Pill tone={call.status === 'ended' ? 'muted' : 'ok'}>{call.status ?? 'unknown'}</Pill>
      </td>
      <td>{length}</td>
      <td>{call.tool_call_count}</td>
      <td>{call.booking_count}</td>
    </tr>
  )
}
