import { useMemo, useState } from 'react'
import { api, ApiError } from '../api/client.ts'
import { describedBy, ErrorBox, Field, PageHeader } from '../components/common.tsx'
import { RangesEditor } from '../components/ranges-editor.tsx'
import { checkDraft, draftFromSettings, WEEKDAYS, type NumberKey, type RulesDraft } from '../lib/rules-draft.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { fieldMessage } from '../lib/validation.ts'
import { MeetingTypesEditor } from './meeting-types-editor.tsx'

const numberFields: { key: NumberKey; label: string; hint: string }[] = [
  { key: 'min_notice', label: 'Minimum notice (minutes)', hint: '0 to 525600. How soon a caller may book.' },
  { key: 'buffer_before', label: 'Buffer before (minutes)', hint: '0 to 720. Free time kept before each meeting.' },
  { key: 'buffer_after', label: 'Buffer after (minutes)', hint: '0 to 720. Free time kept after each meeting.' },
  { key: 'slot_step', label: 'Slot step (minutes)', hint: '5 to 240. Offered starts are this far apart.' },
  { key: 'horizon_days', label: 'Horizon (days)', hint: '1 to 365. How far ahead callers may book.' },
  { key: 'max_per_day', label: 'Daily limit (meetings)', hint: '1 to 100, or empty for no limit.' },
]

const title = (day: string) => day[0]!.toUpperCase() + day.slice(1)

/** Availability rules: edited as a draft, checked as you type, saved in one PUT. */
export function RulesScreen() {
  const { settings, setSettings } = useSettings()
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromSettings(settings))
  const [touched, setTouched] = useState(false)
  const [server, setServer] = useState<{ key?: string; message: string } | null>(null)
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle')
  const check = useMemo(() => checkDraft(draft), [draft])
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), [])

  const update = (change: Partial<RulesDraft>) => {
    setDraft((old) => ({ ...old, ...change }))
    setTouched(true)
    setState('idle')
    setServer(null)
  }
  const msg = (key: string) => fieldMessage(key, check.errors, server)

  const save = async () => {
    if (!check.patch) return
    setState('saving')
    try {
      const saved = await api.saveSettings(check.patch)
      setSettings(saved)
      setDraft(draftFromSettings(saved))
      setTouched(false)
      setState('saved')
    } catch (error) {
      setServer(error instanceof ApiError ? { key: error.key, message: error.message } : { message: String(error) })
      setState('idle')
    }
  }
  const errorCount = Object.keys(check.errors).length

  return (
    <form className="rules" onSubmit={(event) => (event.preventDefault(), void save())} noValidate>
      <PageHeader title="Availability rules" lead="When callers may book. The assistant never offers a time these rules refuse." />

      <section className="card" aria-labelledby="zone-heading">
        <h2 id="zone-heading">Time zone</h2>
        <Field id="time_zone" label="Your time zone" hint="Working hours are read in this zone." error={msg('time_zone')}>
          <input id="time_zone" list="zone-list" value={draft.time_zone} onChange={(e) => update({ time_zone: e.target.value })} {...describedBy('time_zone', msg('time_zone'), true)} />
        </Field>
        <datalist id="zone-list">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </section>

      <section className="card" aria-labelledby="hours-heading">
        <h2 id="hours-heading">Weekly hours</h2>
        {WEEKDAYS.map((day) => (
          <RangesEditor
            key={day}
            id={`hours-${day}`}
            label={title(day)}
            ranges={draft.business_hours[day]}
            error={msg(`business_hours.${day}`)}
            onChange={(ranges) => update({ business_hours: { ...draft.business_hours, [day]: ranges } })}
          />
        ))}
        <label className="check">
          <input type="checkbox" checked={draft.exclude_weekends} onChange={(e) => update({ exclude_weekends: e.target.checked })} />
          Never book on Saturday or Sunday (date overrides still apply)
        </label>
      </section>

      <section className="card" aria-labelledby="overrides-heading">
        <h2 id="overrides-heading">Date overrides</h2>
        <p className="muted">Different hours on one date; no ranges means the day off.</p>
        {draft.date_overrides.map((override, i) => (
          <div className="override" key={i}>
            <input
              type="date"
              aria-label={`Override ${i + 1} date`}
              value={override.date}
              onChange={(e) => update({ date_overrides: draft.date_overrides.map((o, j) => (j === i ? { ...o, date: e.target.value } : o)) })}
            />
            <RangesEditor
              id={`override-${i}`}
              label={override.date || `Override ${i + 1}`}
              ranges={override.ranges}
              emptyText="Day off"
              error={msg(`date_overrides[${i}]`)}
              onChange={(ranges) => update({ date_overrides: draft.date_overrides.map((o, j) => (j === i ? { ...o, ranges } : o)) })}
            />
            <button type="button" className="button small ghost" onClick={() => update({ date_overrides: draft.date_overrides.filter((_, j) => j !== i) })}>
              Remove override
            </button>
          </div>
        ))}
        <button type="button" className="button small" onClick={() => update({ date_overrides: [...draft.date_overrides, { date: '', ranges: [] }] })}>
          + Add a date override
        </button>
      </section>

      <section className="card" aria-labelledby="limits-heading">
        <h2 id="limits-heading">Notice, buffers and limits</h2>
        <div className="grid-fields">
          {numberFields.map(({ key, label, hint }) => (
            <Field key={key} id={key} label={label} hint={hint} error={msg(key)}>
              <input
                id={key}
                inputMode="numeric"
                value={draft.numbers[key]}
                onChange={(e) => update({ numbers: { ...draft.numbers, [key]: e.target.value } })}
                {...describedBy(key, msg(key), true)}
              />
            </Field>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.daily_limit_counts_all_events} onChange={(e) => update({ daily_limit_counts_all_events: e.target.checked })} />
          The daily limit counts every event, not only Slotline's bookings
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.ignore_all_day} onChange={(e) => update({ ignore_all_day: e.target.checked })} />
          All-day events do not block time
        </label>
      </section>

      <section className="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Booked events</h2>
        <label className="check">
          <input type="checkbox" checked={draft.add_meet_link} onChange={(e) => update({ add_meet_link: e.target.checked })} />
          Add a Google Meet link
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.send_invitations} onChange={(e) => update({ send_invitations: e.target.checked })} />
          Email the invitation to the caller
        </label>
        <Field id="consultant_name" label="Your name (the assistant may say it)" error={msg('consultant_name')}>
          <input id="consultant_name" value={draft.consultant_name} onChange={(e) => update({ consultant_name: e.target.value })} {...describedBy('consultant_name', msg('consultant_name'))} />
        </Field>
      </section>

      <MeetingTypesEditor draft={draft} update={update} message={msg} />

      <div className="save-bar">
        <button type="submit" className="button primary" disabled={!check.patch || state === 'saving' || !touched}>
          {state === 'saving' ? 'Saving…' : 'Save rules'}
        </button>
        <span role="status" className="save-state" data-testid="rules-save-state">
          {state === 'saved' ? 'Saved. The assistant uses the new rules from its next call.' : errorCount > 0 ? `${errorCount} field${errorCount === 1 ? ' needs' : 's need'} attention.` : touched ? 'Unsaved changes.' : ''}
        </span>
        {server && <ErrorBox error={`Not saved: ${server.message}`} />}
      </div>
    </form>
  )
}
