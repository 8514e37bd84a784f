import { useState } from 'react'
import { api } from '../api/client.ts'
import { CopyButton, ErrorBox, Loading, PageHeader } from '../components/common.tsx'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'
import { VapiConnectionCard } from './vapi-connection-card.tsx'

function systemPrompt(name: string | null, zone: string): string {
  const who = name ? `${name}'s` : "the consultant's"
  return [
    `You book meetings on ${who} calendar. Times are in ${zone} unless the caller says otherwise; ask which time zone they are in when it is unclear.`,
    'To find times, call find_available_times (or get_next_available for "the next opening") and read out the spoken choices; never invent a time.',
    'Before booking, confirm the time, the caller\'s name and their email address (spell it back). Then call schedule_meeting with the start time exactly as a slot returned it.',
    'To move or cancel, call find_my_meetings with the caller\'s email, then reschedule_meeting or cancel_meeting. If a function says the calendar is unavailable, apologise and offer to take a message.',
  ].join(' ')
}

/** The webhook secret: generate one (kept in the keychain), shown once here to put into Vapi. */
function SecretCard({ isSet, onChanged }: { isSet: boolean | undefined; onChanged: () => void }) {
  const [secret, setSecret] = useState<string | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [busy, setBusy] = useState(false)
  const generate = async () => {
    if (isSet && !window.confirm('Replace the webhook secret? Vapi must then send the new one.')) return
    setBusy(true)
    setError(null)
    try {
      setSecret((await api.newVapiSecret()).secret)
      onChanged()
    } catch (e) {
      setError(e as Error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Webhook secret</h2>
      <p className="muted">
        {isSet === undefined ? '\u00a0' : isSet ? 'A secret is set. Vapi must send it as X-Vapi-Secret (the tool JSON below includes it).' : 'No secret is set, so Slotline refuses every webhook call.'}
      </p>
      <button type="button" className="button" onClick={() => void generate()} disabled={busy}>
        {busy ? 'Generating…' : isSet ? 'Generate a new secret' : 'Generate a secret'}
      </button>
      {secret && (
        <div className="row" data-testid="new-secret">
          <code className="url">{secret}</code>
          <CopyButton text={secret} label="Copy secret" />
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  )
}

/** Vapi setup: the tool JSON to paste into the assistant, a system prompt, and the server URL. */
export function VapiScreen() {
  const { settings } = useSettings()
  const tools = useLoad((signal) => api.vapiFunctions(signal), [])
  const status = useLoad((signal) => api.status(signal), [])
  const prompt = systemPrompt(settings.consultant_name, settings.time_zone)
  return (
    <>
      <PageHeader title="Vapi setup" lead="Give your Vapi assistant Slotline's functions. With an API key and assistant id set, Slotline keeps them in sync by itself." />
      <section className="card" aria-labelledby="server-heading">
        <h2 id="server-heading">Server URL</h2>
        {status.error && <ErrorBox error={status.error} retry={status.reload} />}
        {status.data ? (
          <div className="row">
            <code className="url">{status.data.webhook_url}</code>
            <CopyButton text={status.data.webhook_url} label="Copy server URL" />
          </div>
        ) : (
          !status.error && <Loading minHeight={40} />
        )}
      </section>
      <SecretCard isSet={status.data?.vapi_secret_set} onChanged={() => { status.reload(); tools.reload() }} />
      <VapiConnectionCard onChanged={status.reload} />
      <section className="card" aria-labelledby="prompt-heading">
        <h2 id="prompt-heading">Suggested system prompt paragraph</h2>
        <p className="prompt">{prompt}</p>
        <CopyButton text={prompt} label="Copy prompt" />
      </section>
      <section className="card" aria-labelledby="tools-heading">
        <div className="row">
          <h2 id="tools-heading">Tools</h2>
          <span className="spacer" />
          {tools.data && <CopyButton text={JSON.stringify(tools.data, null, 2)} label="Copy all tools" />}
        </div>
        {tools.error && <ErrorBox error={tools.error} retry={tools.reload} />}
        {!tools.data
          ? !tools.error && <Loading minHeight={200} />
          : tools.data.map((tool, i) => {
              const name = tool.function?.name ?? `Tool ${i + 1}`
              const json = JSON.stringify(tool, null, 2)
              return (
                <details key={name} className="tool">
                  <summary>
                    <code>{name}</code> <span className="muted">{tool.function?.description}</span>
                  </summary>
                  <div className="tool-body">
                    <CopyButton text={json} label={`Copy ${name}`} />
                    <pre tabIndex={0} aria-label={`${name} tool JSON`}>
                      {json}
                    </pre>
                  </div>
                </details>
              )
            })}
      </section>
    </>
  )
}
