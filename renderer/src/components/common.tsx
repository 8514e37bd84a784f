import { useState, type ReactNode } from 'react'

/** A calm placeholder while something loads; reserves its space so nothing jumps. */
export function Loading({ label = 'Loading…', minHeight = 120 }: { label?: string; minHeight?: number }) {
  return (
    <div className="loading" style={{ minHeight }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

/** An error with an optional retry. */
export function ErrorBox({ error, retry }: { error: Error | string; retry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <span>{typeof error === 'string' ? error : error.message}</span>
      {retry && (
        <button type="button" className="button small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}

/** Copies text to the clipboard and says so. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setDone('copied')
    } catch {
      setDone('failed')
    }
    setTimeout(() => setDone('idle'), 2000)
  }
  return (
    <button type="button" className="button small" onClick={() => void copy()} aria-label={`${label}${done === 'copied' ? ' (copied)' : ''}`}>
      <span className="copy-label">{done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : label}</span>
    </button>
  )
}

export type Tone = 'ok' | 'bad' | 'warn' | 'muted'

/** A coloured status word with a text label (never colour alone). */
export function Pill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`pill ${tone}`}>{children}</span>
}

/** A labelled form field with its hint and error, wired for screen readers. */
export function Field(props: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className={`field${props.error ? ' invalid' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && !props.error && (
        <small id={`${props.id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
      <small id={`${props.id}-error`} className="field-error" role={props.error ? 'alert' : undefined}>
        {props.error ?? ''}
      </small>
    </div>
  )
}

/** aria props for an input inside <Field>. */
export function describedBy(id: string, error: string | undefined, hint?: boolean) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined }
}

/** A page heading with an optional short lead paragraph. */
export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  )
}
