import { useState } from 'react'
import { api, ApiError, type CaldavAccountView } from '../api/client.ts'
import { describedBy, ErrorBox, Field, Loading, Pill } from '../components/common.tsx'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

/** Where the common CalDAV services live; "Other" leaves the address to the consultant. */
const PRESETS = [
  { id: 'icloud', name: 'iCloud', url: 'https://caldav.icloud.com/', password: 'an app-specific password from account.apple.com' },
  { id: 'fastmail', name: 'Fastmail', url: 'https://caldav.fastmail.com/', password: 'an app password from Settings → Privacy & Security' },
  { id: 'nextcloud', name: 'Nextcloud', url: 'https://', password: 'an app password from Personal settings → Security' },
  { id: 'other', name: 'Other CalDAV server', url: 'https://', password: 'your password, or an app password if the server offers them' },
] as const

/** CalDAV accounts beside Google: list them, add one (log in and discover its calendars), remove one. */
export function CaldavAccounts({ onChange }: { onChange: () => void }) {
  const accounts = useLoad((signal) => api.caldavAccounts(signal), [])
  const [adding, setAdding] = useState(false)
  const [error, setError] = useState<string>()
  const { setSettings } = useSettings()
  /** Adding or removing an account changes which calendars count: reload both. */
  const changed = async () => {
    accounts.reload()
    onChange()
    setSettings(await api.settings())
  }

  const remove = async (account: CaldavAccountView) => {
    if (!window.confirm(`Remove ${account.label}? Its calendars stop counting for conflicts, and its password is deleted from the keychain.`)) return
    setError(undefined)
    try {
      await api.removeCaldavAccount(account.id)
      await changed()
    } catch (reason) {
      setError((reason as Error).message)
    }
  }

  return (
    <section className="card" aria-labelledby="caldav-heading">
      <h2 id="caldav-heading">CalDAV accounts</h2>
      <p className="muted">iCloud, Fastmail, Nextcloud or any CalDAV server. Conflicts are checked across every calendar you tick below.</p>
      {accounts.error && <ErrorBox error={accounts.error} retry={accounts.reload} />}
      {!accounts.data ? (
        !accounts.error && <Loading minHeight={40} />
      ) : (
        <ul className="account-list">
          {accounts.data.accounts.map((account) => (
            <li key={account.id} className="row" data-testid="caldav-account">
              <Pill tone={account.status === 'connected' ? 'ok' : 'bad'}>{account.status === 'connected' ? 'Connected' : 'Password refused'}</Pill>
              <span>
                <strong>{account.label}</strong>
                <span className="muted"> · {account.calendars.length === 1 ? '1 calendar' : `${account.calendars.length} calendars`}</span>
                {account.error && <small className="field-error"> {account.error}</small>}
              </span>
              <span className="spacer" />
              <button type="button" className="button" onClick={() => void remove(account)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorBox error={error} />}
      {adding ? (
        <AddCaldavForm onAdded={() => (setAdding(false), void changed().catch((reason: unknown) => setError((reason as Error).message)))} onCancel={() => setAdding(false)} />
      ) : (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          Add CalDAV account
        </button>
      )}
    </section>
  )
}

function AddCaldavForm({ onAdded, onCancel }: { onAdded: () => void; onCancel: () => void }) {
  const [preset, setPreset] = useState<(typeof PRESETS)[number]>(PRESETS[1])
  const [serverUrl, setServerUrl] = useState<string>(PRESETS[1].url)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [saving, setSaving] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<'server_url' | 'username' | 'password' | 'form', string>>>({})

  const choose = (id: string) => {
    const next = PRESETS.find((p) => p.id === id) ?? PRESETS[3]
    setPreset(next)
    setServerUrl(next.url)
  }
  const submit = async () => {
    setSaving(true)
    setErrors({})
    try {
      await api.addCaldavAccount({ server_url: serverUrl, username, password })
      setPassword('')
      onAdded()
    } catch (reason) {
      const key = reason instanceof ApiError && (reason.key === 'server_url' || reason.key === 'username' || reason.key === 'password') ? reason.key : 'form'
      setErrors({ [key]: (reason as Error).message })
    } finally {
      setSaving(false)
    }
  }

  return (
    <form className="stack" aria-label="Add CalDAV account" onSubmit={(event) => (event.preventDefault(), void submit())}>
      <Field id="caldav-provider" label="Provider">
        <select id="caldav-provider" value={preset.id} onChange={(event) => choose(event.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="caldav-url" label="Server address" hint={preset.id === 'nextcloud' ? 'Your Nextcloud address, e.g. https://cloud.example.com/remote.php/dav' : undefined} error={errors.server_url}>
        <input id="caldav-url" type="url" required value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} {...describedBy('caldav-url', errors.server_url, preset.id === 'nextcloud')} />
      </Field>
      <Field id="caldav-user" label="Username" hint="Usually your email address." error={errors.username}>
        <input id="caldav-user" type="text" required autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} {...describedBy('caldav-user', errors.username, true)} />
      </Field>
      <Field id="caldav-password" label="App password" hint={`Use ${preset.password}. It is kept in your OS keychain.`} error={errors.password}>
        <input id="caldav-password" type="password" required autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} {...describedBy('caldav-password', errors.password, true)} />
      </Field>
      {errors.form && <ErrorBox error={errors.form} />}
      <div className="row">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Connecting…' : 'Connect account'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  )
}
