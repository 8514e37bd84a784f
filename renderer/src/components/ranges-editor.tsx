import type { Range } from '../lib/validation.ts'

/** Edits the time ranges of one day: several "from–to" pairs, add and remove. */
export function RangesEditor(props: { id: string; label: string; ranges: Range[]; onChange: (ranges: Range[]) => void; error?: string; emptyText?: string }) {
  const { ranges, onChange } = props
  const set = (i: number, change: Partial<Range>) => onChange(ranges.map((r, j) => (i === j ? { ...r, ...change } : r)))
  const next = (): Range => {
    const last = ranges[ranges.length - 1]
    if (!last) return { start: '09:00', end: '17:00' }
    const hour = Math.min(23, Number(last.end.slice(0, 2)) + 1)
    return { start: `${String(hour).padStart(2, '0')}:00`, end: hour >= 23 ? '24:00' : `${String(hour + 1).padStart(2, '0')}:00` }
  }
  return (
    <div className="ranges" role="group" aria-labelledby={`${props.id}-label`} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <span id={`${props.id}-label`} className="ranges-label">
        {props.label}
      </span>
      <div className="ranges-list">
        {ranges.length === 0 && <span className="muted">{props.emptyText ?? 'Unavailable'}</span>}
        {ranges.map((range, i) => (
          <span className="range" key={i}>
            <input
              type="text"
              inputMode="numeric"
              className="time-text"
              placeholder="09:00"
              aria-label={`${props.label}: range ${i + 1} from`}
              value={range.start}
              onChange={(event) => set(i, { start: event.target.value })}
              aria-invalid={props.error ? true : undefined}
            />
            <span aria-hidden="true">–</span>
            <input
              type="text"
              inputMode="numeric"
              className="time-text"
              aria-label={`${props.label}: range ${i + 1} to`}
              value={range.end}
              onChange={(event) => set(i, { end: event.target.value })}
              placeholder="17:00"
              aria-invalid={props.error ? true : undefined}
            />
            <button type="button" className="button icon" aria-label={`Remove ${props.label} range ${i + 1}`} onClick={() => onChange(ranges.filter((_, j) => j !== i))}>
              ×
            </button>
          </span>
        ))}
        <button type="button" className="button small ghost" onClick={() => onChange([...ranges, next()])} aria-label={`Add a range to ${props.label}`}>
          + Add range
        </button>
      </div>
      <small id={`${props.id}-error`} className="field-error" role={props.error ? 'alert' : undefined}>
        {props.error ?? ''}
      </small>
    </div>
  )
}
