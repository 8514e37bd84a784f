import { useEffect, useMemo, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { api } from '../api/client.ts'
import { subscribeLive } from '../api/live-events.ts'
import type { Insights } from '../api/types.ts'
import { ErrorBox, Loading, PageHeader } from '../components/common.tsx'
import { dayLabel } from '../lib/format.ts'
import { useLoad } from '../lib/use-load.ts'

const OUTCOME_COLOURS: Record<string, string> = { ok: 'var(--ok)', error: 'var(--bad)' }
const FALLBACK = ['var(--warn)', 'var(--accent-2)', 'var(--muted)', 'var(--accent)']

/** Insights: calls per day, tool outcomes, booking success and latency, over 7/30/90 days. */
export function InsightsScreen() {
  const [days, setDays] = useState(30)
  const insights = useLoad((signal) => api.insights(days, signal), [days])
  const { reload } = insights
  useEffect(() => subscribeLive(reload), [reload])
  return (
    <>
      <PageHeader title="Insights" lead="How the assistant's calls went. Test bookings from this window are not counted.">
        <label className="inline-field">
          Period{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>7 days</option>
            <option value={30}>30 days</option>
            <option value={90}>90 days</option>
          </select>
        </label>
      </PageHeader>
      {insights.error && <ErrorBox error={insights.error} retry={reload} />}
      {!insights.data ? !insights.error && <Loading minHeight={600} /> : <Charts data={insights.data} />}
    </>
  )
}

function Charts({ data }: { data: Insights }) {
  const perDay = data.calls_per_day.map((d) => ({ ...d, label: dayLabel(d.date) }))
  const { rows, outcomes } = useMemo(() => outcomeRows(data), [data])
  const total = data.calls_per_day.reduce((sum, d) => sum + d.calls, 0)
  const rate = data.booking.rate === null ? '—' : `${Math.round(data.booking.rate * 100)}%`
  return (
    <div className="insights">
      <section className="card stat-row" aria-label="Totals">
        <div className="stat">
          <span className="stat-value">{total}</span>
          <span className="stat-label">calls</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="booking-rate">{rate}</span>
          <span className="stat-label">
            booking success ({data.booking.booked} of {data.booking.attempts} schedule_meeting calls)
          </span>
        </div>
      </section>
      <section className="card" aria-labelledby="per-day-heading">
        <h2 id="per-day-heading">Calls per day</h2>
        <div className="chart" role="img" aria-label={`Calls per day: ${total} in ${data.days} days`}>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={perDay}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="label" stroke="var(--muted)" fontSize={12} minTickGap={16} />
              <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={12} width={32} />
              <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)' }} />
              <Bar dataKey="calls" name="Calls" fill="var(--accent)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="card" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Tool calls by function and outcome</h2>
        {rows.length === 0 ? (
          <p className="empty">No tool calls in this period.</p>
        ) : (
          <div className="chart" role="img" aria-label={rows.map((r) => `${r.name}: ${outcomes.map((o) => `${r[o] ?? 0} ${o}`).join(', ')}`).join('; ')}>
            <ResponsiveContainer width="100%" height={60 + rows.length * 48}>
              <BarChart data={rows} layout="vertical" margin={{ left: 24 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis type="number" allowDecimals={false} stroke="var(--muted)" fontSize={12} />
                <YAxis type="category" dataKey="name" stroke="var(--muted)" fontSize={12} width={150} />
                <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)' }} />
                <Legend />
                {outcomes.map((outcome, i) => (
                  <Bar key={outcome} dataKey={outcome} stackId="a" fill={OUTCOME_COLOURS[outcome] ?? FALLBACK[i % FALLBACK.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="latency-heading">
        <h2 id="latency-heading">Latency per function</h2>
        {data.latency.length === 0 ? (
          <p className="empty">No timings yet.</p>
        ) : (
          <>
            <div className="chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height={60 + data.latency.length * 48}>
                <BarChart data={data.latency} layout="vertical" margin={{ left: 24 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                  <XAxis type="number" unit=" ms" stroke="var(--muted)" fontSize={12} />
                  <YAxis type="category" dataKey="name" stroke="var(--muted)" fontSize={12} width={150} />
                  <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)' }} />
                  <Legend />
                  <Bar dataKey="p50" name="p50" fill="var(--accent)" isAnimationActive={false} />
                  <Bar dataKey="p95" name="p95" fill="var(--accent-2)" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="table compact" aria-label="Latency per function">
              <thead>
                <tr>
                  <th scope="col">Function</th>
                  <th scope="col">Calls</th>
                  <th scope="col">p50</th>
                  <th scope="col">p95</th>
                </tr>
              </thead>
              <tbody>
                {data.latency.map((row) => (
                  <tr key={row.name}>
                    <td>
                      <code>{row.name}</code>
                    </td>
                    <td>{row.count}</td>
                    <td>{Math.round(row.p50)} ms</td>
                    <td>{Math.round(row.p95)} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  )
}

function outcomeRows(data: Insights): { rows: ({ name: string } & Record<string, number | string>)[]; outcomes: string[] } {
  const outcomes = [...new Set(data.tool_outcomes.map((row) => row.outcome))].sort((a, b) => (a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b)))
  const byName = new Map<string, { name: string } & Record<string, number | string>>()
  for (const row of data.tool_outcomes) {
    const entry: { name: string } & Record<string, number | string> = byName.get(row.name) ?? ({ name: row.name } as { name: string } & Record<string, number | string>)
    entry[row.outcome] = row.count
    byName.set(row.name, entry)
  }
  return { rows: [...byName.values()], outcomes }
}
