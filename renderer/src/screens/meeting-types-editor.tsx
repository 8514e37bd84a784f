import { describedBy, Field } from '../components/common.tsx'
import type { RulesDraft, TypeDraft } from '../lib/rules-draft.ts'

/** The meeting types callers can ask for: id, name, length, and which one is the default. */
export function MeetingTypesEditor(props: { draft: RulesDraft; update: (change: Partial<RulesDraft>) => void; message: (key: string) => string | undefined }) {
  const { draft, update, message } = props
  const set = (i: number, change: Partial<TypeDraft>) => {
    const types = draft.meeting_types.map((t, j) => (j === i ? { ...t, ...change } : t))
    const renamedDefault = change.id !== undefined && draft.meeting_types[i]?.id === draft.default_meeting_type
    update({ meeting_types: types, ...(renamedDefault ? { default_meeting_type: change.id } : {}) })
  }
  const add = () => {
    let n = draft.meeting_types.length + 1
    while (draft.meeting_types.some((t) => t.id === `type-${n}`)) n++
    update({ meeting_types: [...draft.meeting_types, { base: {}, id: `type-${n}`, name: `Meeting ${n}`, duration: '30' }] })
  }
  return (
    <section className="card" aria-labelledby="types-heading">
      <h2 id="types-heading">Meeting types</h2>
      {message('meeting_types') && (
        <p className="field-error" role="alert">
          {message('meeting_types')}
        </p>
      )}
      {draft.meeting_types.map((type, i) => (
        <fieldset className="meeting-type" key={i}>
          <legend>{type.name || `Meeting type ${i + 1}`}</legend>
          <Field id={`type-${i}-name`} label="Name" error={message(`meeting_types[${i}].name`)}>
            <input id={`type-${i}-name`} value={type.name} onChange={(e) => set(i, { name: e.target.value })} {...describedBy(`type-${i}-name`, message(`meeting_types[${i}].name`))} />
          </Field>
          <Field id={`type-${i}-id`} label="Id (what the assistant passes)" error={message(`meeting_types[${i}].id`)}>
            <input id={`type-${i}-id`} value={type.id} onChange={(e) => set(i, { id: e.target.value })} {...describedBy(`type-${i}-id`, message(`meeting_types[${i}].id`))} />
          </Field>
          <Field id={`type-${i}-duration`} label="Length (minutes)" hint="5 to 720" error={message(`meeting_types[${i}].duration`)}>
            <input
              id={`type-${i}-duration`}
              inputMode="numeric"
              value={type.duration}
              onChange={(e) => set(i, { duration: e.target.value })}
              {...describedBy(`type-${i}-duration`, message(`meeting_types[${i}].duration`), true)}
            />
          </Field>
          <div className="type-actions">
            <label className="check">
              <input type="radio" name="default-type" checked={draft.default_meeting_type === type.id} onChange={() => update({ default_meeting_type: type.id })} />
              Default
            </label>
            <button
              type="button"
              className="button small ghost"
              disabled={draft.meeting_types.length === 1}
              onClick={() => update({ meeting_types: draft.meeting_types.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      {message('default_meeting_type') && <p className="field-error">{message('default_meeting_type')}</p>}
      <button type="button" className="button small" onClick={add}>
        + Add a meeting type
      </button>
    </section>
  )
}
