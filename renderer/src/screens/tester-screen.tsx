import { useEffect, useMemo, useState } from 'react'
import { api } from '../api/client.ts'
import type { ToolResult, WeekExplanation } from '../api/types.ts'
import { describedBy, ErrorBox, Field, Loading, PageHeader } from '../components/common.tsx'
import { dateTime, todayIn } from '../lib/format.ts'
import { href } from '../lib/router.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { checkDate, checkWhole, LIMITS } from '../lib/validation.ts'
import { reasonText, WeekChart } from './week-chart.tsx'

/** The availability tester: why each time of a week is offered or refused, and a test booking. */
export function TesterScreen() {
  const { settings } = useSettings()
  const zone = settings.time_zone
  const defaultType = settings.meeting_types.find((t) => t.id === settings.default_meeting_type) ?? settings.meeting_types[0]!
  const [date, setDate] = useState(() => todayIn(zone))
  const [typeId, setTypeId] = useState(defaultType.id)
  const [duration, setDuration] = useState(String(defaultType.duration))
  const [week, setWeek] = useState<WeekExplanation>()
  const [error, setError] = useState<string>()
  const [running, setRunning] = useState(false)
  const [selected, setSelected] = useState<{ start: string; end: string } | null>(null)

  const dateError = checkDate(date) ?? undefined
  const durationCheck = checkWhole(duration, LIMITS.duration)
  const durationError = 'error' in durationCheck ? durationCheck.error : undefined

  const run = async () => {
    if (dateError || 'error' in durationCheck) return
    setRunning(true)
    setError(undefined)
    try {
      setWeek(await api.explain({ date, duration: durationCheck.value, meeting_type: typeId }))
      setSelected(null)
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setRunning(false)
    }
  }

  return (
    <>
      <PageHeader title="Availability tester" lead={`See a week the way the assistant sees it. Times in ${zone}.`} />
      <form className="card tester-form" onSubmit={(event) => (event.preventDefault(), void run())} noValidate>
        <Field id="tester-date" label="Week starting" error={dateError}>
          <input id="tester-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} {...describedBy('tester-date', dateError)} />
        </Field>
        <Field id="tester-type" label="Meeting type">
          <select
            id="tester-type"
            value={typeId}
            onChange={(e) => {
              setTypeId(e.target.value)
              const type = settings.meeting_types.find((t) => t.id === e.target.value)
              if (type) setDuration(String(type.duration))
            }}
          >
            {settings.meeting_types.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="tester-duration" label="Length (minutes)" error={durationError}>
          <input id="tester-duration" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} {...describedBy('tester-duration', durationError)} />
        </Field>
        <button type="submit" className="button primary" disabled={running || !!dateError || !!durationError}>
          {running ? 'Checking…' : 'Show the week'}
        </button>
      </form>
      {error && <ErrorBox error={error} retry={() => void run()} />}
      {running && !week && <Loading label="Reading the calendar…" minHeight={400} />}
      {week && (
        <section className="card" aria-labelledby="week-heading" aria-busy={running}>
          <h2 id="week-heading">The week</h2>
          <Legend />
          <WeekChart week={week} step={settings.slot_step} selected={selected?.start ?? null} onSelect={setSelected} />
          <p className="muted" role="status">
            {week.slots.length} offered {week.slots.length === 1 ? 'time' : 'times'}, {week.busy.length} busy {week.busy.length === 1 ? 'block' : 'blocks'}. Pick an offered time to book a test meeting.
          </p>
          <Refusals week={week} />
          <TestBooking slot={selected} typeId={typeId} duration={'value' in durationCheck ? durationCheck.value : defaultType.duration} onBooked={() => void run()} />
        </section>
      )}
    </>
  )
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="swatch working" aria-hidden="true" /> Working hours
      </li>
      <li>
        <span className="swatch busy" aria-hidden="true" /> Busy
      </li>
      <li>
        <span className="swatch offered" aria-hidden="true" /> Offered
      </li>
      <li>
        <span className="swatch refused" aria-hidden="true" /> Refused (hover or focus for why)
      </li>
    </ul>
  )
}

function Refusals({ week }: { week: WeekExplanation }) {
  const counts = useMemo(() => {
    const map = new Map<string, number>()
    for (const r of week.refused) if (r.reason !== 'outside_hours') map.set(r.reason, (map.get(r.reason) ?? 0) + 1)
    return [...map]
  }, [week])
  if (counts.length === 0) return null
  return (
    <details className="refusals">
      <summary>Why other times in working hours are refused</summary>
      <ul>
        {counts.map(([reason, count]) => (
          <li key={reason}>
            {count} × {reasonText(reason)}
          </li>
        ))}
      </ul>
    </details>
  )
}

function TestBooking(props: { slot: { start: string; end: string } | null; typeId: string; duration: number; onBooked: () => void }) {
  const { settings } = useSettings()
  const [email, setEmail] = useState('')
  const [result, setResult] = useState<ToolResult>()
  const [error, setError] = useState<string>()
  const [booking, setBooking] = useState(false)
  useEffect(() => {
    const controller = new AbortController()
    api.status(controller.signal).then((status) => setEmail((old) => old || status.account || ''), () => undefined)
    return () => controller.abort()
  }, [])
  useEffect(() => {
    if (props.slot) setResult(undefined)
  }, [props.slot])
  const emailError = email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? 'Use an email address like sam@example.com.' : undefined

  const book = async () => {
    if (!props.slot || !email || emailError) return
    setBooking(true)
    setError(undefined)
    try {
      const outcome = await api.scheduleMeeting({
        title: 'Slotline test meeting',
        start_time: props.slot.start,
        duration: props.duration,
        attendee_email: email,
        description: 'Booked from the Slotline availability tester.',
        meeting_type: props.typeId,
      })
      setResult(outcome)
      if (outcome.ok) props.onBooked()
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setBooking(false)
    }
  }
  return (
    <form className="test-booking" onSubmit={(event) => (event.preventDefault(), void book())} noValidate aria-labelledby="book-heading">
      <h3 id="book-heading">Book a test meeting</h3>
      <p className="muted">{props.slot ? `Selected: ${dateTime(props.slot.start, settings.time_zone)}` : 'Select an offered time in the week above.'}</p>
      <div className="row">
        <Field id="test-attendee" label="Attendee email" error={emailError}>
          <input id="test-attendee" type="email" value={email} onChange={(e) => setEmail(e.target.value)} {...describedBy('test-attendee', emailError)} />
        </Field>
        <button type="submit" className="button primary" disabled={!props.slot || !email || !!emailError || booking}>
          {booking ? 'Booking…' : 'Book a test meeting'}
        </button>
      </div>
      <div role="status" data-testid="booking-result">
        {result && (
          <p className={result.ok ? 'ok-text' : 'bad-text'}>
            {result.ok ? 'Booked. ' : 'Not booked. '}
            {result.message} <a href={href({ page: 'calls' })}>Open the call log</a>
          </p>
        )}
      </div>
      {error && <ErrorBox error={error} />}
    </form>
  )
}
