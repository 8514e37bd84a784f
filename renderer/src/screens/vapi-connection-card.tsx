import { useState } from 'react'
import { api, ApiError, type VapiConnectionView } from '../api/client.ts'
import { describedBy, ErrorBox, Field, Loading, Pill, type Tone } from '../components/common.tsx'
import { dateTime } from '../lib/format.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

/**
 * The Vapi assistant Slotline keeps pointed at itself: with a private API key and the assistant's
 * id, the tools and server URL are written to the assistant whenever the public URL changes.
 */
export function VapiConnectionCard({ onChanged }: { onChanged: () => void }) {
  const connection = useLoad((signal) => api.vapiConnection(signal), [])
  const { settings } = useSettings()
  const [editing, setEditing] = useState(false)
  const [error, setError] = useState<string>()
  const data = connection.data
  const connected = Boolean(data?.assistant_id && data.key_set)

  const disconnect = async () => {
    if (!window.confirm('Stop syncing the assistant? Its tools stay as they are in Vapi; the API key is deleted from the keychain.')) return
    setError(undefined)
    try {
      await api.disconnectVapi()
      connection.reload()
      onChanged()
    } catch (reason) {
      setError((reason as Error).message)
    }
  }

  return (
    <section className="card" aria-labelledby="assistant-heading">
      <h2 id="assistant-heading">Your Vapi assistant</h2>
      {connection.error && <ErrorBox error={connection.error} retry={connection.reload} />}
      {!data ? (
        !connection.error && <Loading minHeight={40} />
      ) : connected && !editing ? (
        <>
          <div className="row">
            <Pill tone={syncTone(data.sync.state)}>{syncLabel(data.sync.state)}</Pill>
            <span>
              Assistant <code data-testid="vapi-assistant">{data.assistant_id}</code>
            </span>
            <span className="spacer" />
            {!data.set_by_environment && (
              <>
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  Change
                </button>
                <button type="button" className="button" onClick={() => void disconnect()}>
                  Stop syncing
                </button>
              </>
            )}
          </div>
          <p className="note" role="status" data-testid="vapi-sync-note">
            {syncNote(data, settings.time_zone)}
          </p>
        </>
      ) : (
        <VapiConnectionForm
          current={data}
          onCancel={connected ? () => setEditing(false) : undefined}
          onSaved={() => {
            setEditing(false)
            connection.reload()
            onChanged()
          }}
        />
      )}
      {error && <ErrorBox error={error} />}
    </section>
  )
}

function VapiConnectionForm({ current, onSaved, onCancel }: { current: VapiConnectionView; onSaved: () => void; onCancel?: () => void }) {
  const [apiKey, setApiKey] = useState('')
  const [assistantId, setAssistantId] = useState(current.assistant_id ?? '')
  const [errors, setErrors] = useState<Partial<Record<'api_key' | 'assistant_id' | 'form', string>>>({})
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    setSaving(true)
    setErrors({})
    try {
      await api.connectVapi({ assistant_id: assistantId, ...(apiKey ? { api_key: apiKey } : {}) })
      setApiKey('')
      onSaved()
    } catch (reason) {
      const key = reason instanceof ApiError && (reason.key === 'api_key' || reason.key === 'assistant_id') ? reason.key : 'form'
      setErrors({ [key]: (reason as Error).message })
    } finally {
      setSaving(false)
    }
  }
  const keyHint = current.key_set ? 'A key is saved; leave this empty to keep it.' : 'Your private key, from the Vapi dashboard → API Keys. Kept in the OS keychain.'
  return (
    <form className="stack" aria-label="Connect your Vapi assistant" onSubmit={(event) => (event.preventDefault(), void submit())}>
      <p className="muted">Optional: instead of pasting the tools, let Slotline write them (and the server URL) to your assistant, and again whenever the tunnel's address changes.</p>
      <Field id="vapi-key" label="Vapi private API key" hint={keyHint} error={errors.api_key}>
        <input id="vapi-key" type="password" autoComplete="off" required={!current.key_set} value={apiKey} onChange={(event) => setApiKey(event.target.value)} {...describedBy('vapi-key', errors.api_key, true)} />
      </Field>
      <Field id="vapi-assistant" label="Assistant id" hint="From the assistant's page in the Vapi dashboard." error={errors.assistant_id}>
        <input id="vapi-assistant" type="text" required value={assistantId} onChange={(event) => setAssistantId(event.target.value)} {...describedBy('vapi-assistant', errors.assistant_id, true)} />
      </Field>
      {errors.form && <ErrorBox error={errors.form} />}
      <div className="row">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save and sync'}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}

function syncTone(state: VapiConnectionView['sync']['state']): Tone {
  return state === 'synced' ? 'ok' : state === 'error' ? 'bad' : 'muted'
}

function syncLabel(state: VapiConnectionView['sync']['state']): string {
  return { off: 'Waiting', syncing: 'Syncing…', synced: 'Synced', error: 'Sync failed' }[state]
}

function syncNote(data: VapiConnectionView, zone: string): string {
  const { sync } = data
  if (sync.state === 'error') return `${sync.error ?? 'Vapi refused the update.'} Slotline tries again by itself.`
  if (sync.state === 'synced') return `The assistant's tools point at this Slotline (synced ${sync.synced_at ? dateTime(sync.synced_at, zone) : 'just now'}).`
  if (sync.state === 'syncing') return 'Writing the tools to the assistant…'
  return 'Slotline writes the tools to the assistant as soon as the tunnel has a public address (Vapi cannot reach this machine before that).'
}
