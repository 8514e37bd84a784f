import type { WeekExplanation } from '../api/types.ts'
import { clockTime, dayLabel, wallMinutes } from '../lib/format.ts'

const PX_PER_HOUR = 44
const reasons: Record<string, string> = {
  outside_hours: 'outside working hours',
  weekend: 'weekend',
  date_override: 'date override',
  busy: 'busy',
  buffer: 'too close to another event (buffer)',
  min_notice: 'too soon (minimum notice)',
  beyond_horizon: 'beyond the booking horizon',
  daily_limit: 'daily limit reached',
}

/** Words for a refusal reason. */
export function reasonText(reason: string, calendarId?: string): string {
  return (reasons[reason] ?? reason) + (calendarId ? ` (${calendarId})` : '')
}

interface Block {
  top: number
  height: number
}

type Day = WeekExplanation['days'][number]

/** Where [start, end) falls in a day's column, in minutes since local midnight, or null. */
function place(day: Day, start: string, end: string, zone: string): { from: number; to: number } | null {
  const s = Math.max(Date.parse(start), Date.parse(day.start))
  const e = Math.min(Date.parse(end), Date.parse(day.end))
  if (e <= s) return null
  const from = wallMinutes(s, zone)
  const to = e === Date.parse(day.end) ? 24 * 60 : wallMinutes(e, zone)
  return { from, to: Math.max(to, from + 1) }
}

/**
 * The week picture: one column per day, hours down. Working hours are shaded, busy blocks sit
 * in the left lane, and each candidate start in the right lane is an offered slot (a button that
 * selects it) or a refused one with its reason as the tooltip and accessible name.
 */
export function WeekChart(props: { week: WeekExplanation; step: number; selected: string | null; onSelect: (slot: { start: string; end: string }) => void }) {
  const { week } = props
  const zone = week.time_zone
  const [firstHour, lastHour] = hourSpan(week)
  const offset = firstHour * 60
  const height = (lastHour - firstHour) * PX_PER_HOUR
  const box = (span: { from: number; to: number }): Block => ({
    top: ((Math.max(span.from, offset) - offset) / 60) * PX_PER_HOUR,
    height: Math.max(2, ((Math.min(span.to, lastHour * 60) - Math.max(span.from, offset)) / 60) * PX_PER_HOUR),
  })
  const visible = (span: { from: number; to: number } | null) => span !== null && span.to > offset && span.from < lastHour * 60
  const stepOf = (start: string, end: string) => ({ start, end: new Date(Math.min(Date.parse(end), Date.parse(start) + props.step * 60_000)).toISOString() })

  return (
    <div className="week" role="group" aria-label={`Week from ${dayLabel(week.days[0]!.date)}, times in ${zone}`}>
      <div className="week-hours" style={{ height }} aria-hidden="true">
        {Array.from({ length: lastHour - firstHour }, (_, i) => (
          <span key={i} style={{ top: i * PX_PER_HOUR }}>
            {String(firstHour + i).padStart(2, '0')}:00
          </span>
        ))}
      </div>
      {week.days.map((day) => (
        <div className="week-day" key={day.date} data-date={day.date}>
          <h3 className="week-day-label">{dayLabel(day.date)}</h3>
          <div className="week-column" style={{ height }}>
            {Array.from({ length: lastHour - firstHour }, (_, i) => (
              <span key={i} className="wk-hour-line" style={{ top: i * PX_PER_HOUR }} aria-hidden="true" />
            ))}
            {week.working.map((w) => {
              const span = place(day, w.start, w.end, zone)
              return visible(span) ? <span key={w.start} className="wk-working" style={box(span!)} title={`Working ${clockTime(w.start, zone)}–${clockTime(w.end, zone)}`} aria-hidden="true" /> : null
            })}
            {week.busy.map((b, i) => {
              const span = place(day, b.start, b.end, zone)
              const label = `Busy ${clockTime(b.start, zone)}–${clockTime(b.end, zone)} on ${week.calendar_names[b.calendarId] ?? b.calendarId}${b.kind === 'booking' ? ' (Slotline booking)' : ''}`
              return visible(span) ? (
                <span key={i} className={`wk-busy ${b.kind}`} style={box(span!)} title={label} aria-label={label} role="img" data-start={b.start} data-end={b.end} data-testid="busy-block" />
              ) : null
            })}
            {week.refused.map((r) => {
              const cell = stepOf(r.start, r.end)
              const span = place(day, cell.start, cell.end, zone)
              if (!visible(span) || r.reason === 'outside_hours') return null
              const label = `${clockTime(r.start, zone)} refused: ${reasonText(r.reason, r.calendarId && (week.calendar_names[r.calendarId] ?? r.calendarId))}`
              return <span key={r.start} className={`wk-candidate refused ${r.reason}`} style={box(span!)} title={label} aria-label={label} role="img" data-reason={r.reason} />
            })}
            {week.slots.map((s) => {
              const cell = stepOf(s.start, s.end)
              const span = place(day, cell.start, cell.end, zone)
              if (!visible(span)) return null
              const label = `Offered ${clockTime(s.start, zone)}–${clockTime(s.end, zone)}`
              return (
                <button
                  type="button"
                  key={s.start}
                  className={`wk-candidate offered${props.selected === s.start ? ' selected' : ''}`}
                  style={box(span!)}
                  title={label}
                  aria-label={label}
                  aria-pressed={props.selected === s.start}
                  data-testid="offered-slot"
                  data-start={s.start}
                  data-end={s.end}
                  onClick={() => props.onSelect(s)}
                />
              )
            })}
          </div>
        </div>
      ))}
    </div>
  )
}

/** The hours to draw: working hours and busy blocks of the week, at least 8–18. */
function hourSpan(week: WeekExplanation): [number, number] {
  let first = 8
  let last = 18
  const zone = week.time_zone
  for (const item of [...week.working, ...week.busy]) {
    if (Date.parse(item.end) - Date.parse(item.start) >= 20 * 3600_000) continue
    const from = wallMinutes(item.start, zone)
    const to = wallMinutes(item.end, zone)
    first = Math.min(first, Math.floor(from / 60))
    last = Math.max(last, to === 0 ? 24 : Math.ceil(to / 60))
    if (to < from) (first = 0), (last = 24)
  }
  return [Math.max(0, first), Math.min(24, last)]
}
