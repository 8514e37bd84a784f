import { useEffect } from 'react'
import { api } from '../api/client.ts'
import { subscribeLive } from '../api/live-events.ts'
import type { BookingRow, ToolCallRow } from '../api/types.ts'
import { ErrorBox, Loading, PageHeader, Pill } from '../components/common.tsx'
import { clockTime, dateTime, duration } from '../lib/format.ts'
import { href } from '../lib/router.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

/** One call: its facts, every tool call with arguments and result, and its bookings. */
export function CallDetailScreen({ id }: { id: string }) {
  const { settings } = useSettings()
  const zone = settings.time_zone
  const call = useLoad((signal) => api.call(id, signal), [id])
  const { reload } = call
  useEffect(() => subscribeLive((_name, data) => (data.callId === undefined || data.callId === id ? reload() : undefined)), [id, reload])
  const data = call.data
  return (
    <>
      <PageHeader title="Call" lead={id}>
        <a className="button" href={href({ page: 'calls' })}>
          Back to the call log
        </a>
      </PageHeader>
      {call.error && <ErrorBox error={call.error} retry={reload} />}
      {!data ? (
        !call.error && <Loading minHeight={300} />
      ) : (
        <>
          <section className="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">Summary</h2>
            <dl className="facts">
              <dt>Caller</dt>
              <dd>{data.customer_number ?? 'Unknown'}</dd>
              <dt>Status</dt>
              <dd>{data.status ?? 'unknown'}</dd>
              <dt>Started</dt>
              <dd>{dateTime(data.started_at ?? data.created_at, zone)}</dd>
              <dt>Length</dt>
              <dd>{data.started_at && data.ended_at ? duration(data.ended_at - data.started_at) : '—'}</dd>
              <dt>Ended because</dt>
              <dd>{data.ended_reason ?? '—'}</dd>
            </dl>
            {data.summary && <p className="summary">{data.summary}</p>}
          </section>
          <section className="card" aria-labelledby="tools-heading">
            <h2 id="tools-heading">Tool calls ({data.tool_calls.length})</h2>
            {data.tool_calls.length === 0 ? <p className="empty">No tool calls.</p> : data.tool_calls.map((tool) => <ToolCallView key={tool.id} tool={tool} zone={zone} />)}
          </section>
          <section className="card" aria-labelledby="bookings-heading">
            <h2 id="bookings-heading">Bookings ({data.bookings.length})</h2>
            {data.bookings.length === 0 ? <p className="empty">No bookings.</p> : <Bookings bookings={data.bookings} zone={zone} />}
          </section>
        </>
      )}
    </>
  )
}

function pretty(text: string | null): string {
  if (!text) return '—'
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function resultMessage(text: string | null): string | null {
  if (!text) return null
  try {
    const parsed = JSON.parse(text) as { message?: unknown }
    return typeof parsed.message === 'string' ? parsed.message : null
  } catch {
    return null
  }
}

function ToolCallView({ tool, zone }: { tool: ToolCallRow; zone: string }) {
  const outcome = tool.error ? { tone: 'bad' as const, text: 'error' } : tool.ok === 1 ? { tone: 'ok' as const, text: 'ok' } : tool.ok === 0 ? { tone: 'warn' as const, text: tool.code ?? 'failed' } : { tone: 'muted' as const, text: 'running' }
  return (
    <article className="tool-call" data-testid="tool-call" aria-label={`${tool.name} at ${clockTime(tool.started_at, zone)}`}>
      <header className="row">
        <code>{tool.name}</code>
        <Pill tone={outcome.tone}>{outcome.text}</Pill>
        <span className="muted">{clockTime(tool.started_at, zone)}</span>
        <span className="spacer" />
        <span className="muted">{tool.latency_ms === null ? '—' : `${Math.round(tool.latency_ms)} ms`}</span>
      </header>
      {resultMessage(tool.result) && <p className="said">“{resultMessage(tool.result)}”</p>}
      {tool.error && <p className="bad-text">{tool.error}</p>}
      <details>
        <summary>Arguments and result</summary>
        <div className="two-col">
          <pre tabIndex={0} aria-label="Arguments">{pretty(tool.arguments)}</pre>
          <pre tabIndex={0} aria-label="Result">{pretty(tool.result)}</pre>
        </div>
      </details>
    </article>
  )
}

function Bookings({ bookings, zone }: { bookings: BookingRow[]; zone: string }) {
  return (
    <ul className="bookings">
      {bookings.map((b) => (
        <li key={b.id}>
          <strong>{b.title}</strong> — {dateTime(b.start_at, zone)}–{clockTime(b.end_at, zone)} with {b.attendee_name ? `${b.attendee_name} <${b.attendee_email}>` : b.attendee_email}{' '}
          <Pill tone={b.status === 'confirmed' ? 'ok' : b.status === 'failed' ? 'bad' : 'muted'}>{b.status}</Pill>{' '}
          {b.html_link && (
            <a href={b.html_link} target="_blank" rel="noopener noreferrer">
              Open in Google Calendar
            </a>
          )}
          {b.error && <p className="bad-text">{b.error}</p>}
        </li>
      ))}
    </ul>
  )
}
