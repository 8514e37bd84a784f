import { useEffect } from 'react'
import { api, type Status } from '../api/client.ts'
import { subscribeLive } from '../api/live-events.ts'
import { CopyButton, ErrorBox, Loading, PageHeader, Pill, type Tone } from '../components/common.tsx'
import { dateTime } from '../lib/format.ts'
import { href } from '../lib/router.ts'
import { useSettings } from '../lib/settings-context.tsx'
import { useLoad } from '../lib/use-load.ts'

/** Status: is everything Vapi needs in place, and what to do about each thing that is not. */
export function HomeScreen() {
  const status = useLoad((signal) => api.status(signal), [])
  const { reload } = status
  useEffect(() => {
    const timer = setInterval(reload, 15_000)
    const unsubscribe = subscribeLive(reload)
    return () => (clearInterval(timer), unsubscribe())
  }, [reload])

  return (
    <>
      <PageHeader title="Status" lead="What your voice assistant needs to book meetings, at a glance." />
      {status.error && <ErrorBox error={status.error} retry={status.reload} />}
      {!status.data ? !status.error && <Loading minHeight={320} /> : <StatusList status={status.data} />}
    </>
  )
}

function StatusList({ status }: { status: Status }) {
  const { settings } = useSettings()
  const tunnel = tunnelItem(status)
  const calendarReady = status.connected || (status.caldav_accounts ?? []).some((account) => account.status === 'connected')
  return (
    <ul className="status-list" aria-label="Setup status">
      <Item
        title="Calendar"
        tone={calendarReady ? 'ok' : 'bad'}
        state={calendarReady ? 'Connected' : 'Not connected'}
        detail={calendarDetail(status)}
        fix={calendarReady ? undefined : <>Connect Google or a CalDAV account on the <a href={href({ page: 'calendar' })}>Calendar</a> page.</>}
      />
      <Item
        title="Webhook URL"
        tone={status.tunnel.state === 'up' ? 'ok' : 'muted'}
        state={status.tunnel.state === 'up' ? 'Public' : 'Local only'}
        detail={<code className="url" data-testid="webhook-url">{status.webhook_url}</code>}
        action={<CopyButton text={status.webhook_url} label="Copy webhook URL" />}
        fix={status.tunnel.state === 'up' ? undefined : 'Vapi can reach this address only through the tunnel. Paste the public URL into your assistant once the tunnel is up.'}
      />
      <Item title="Tunnel" tone={tunnel.tone} state={tunnel.state} detail={status.tunnel.url ?? status.tunnel.error ?? undefined} fix={tunnel.fix} />
      <Item
        title="Vapi secret"
        tone={status.vapi_secret_set ? 'ok' : 'bad'}
        state={status.vapi_secret_set ? 'Set' : 'Not set'}
        fix={status.vapi_secret_set ? undefined : 'Every webhook call is refused until a secret is set. Generate one on the Vapi setup screen (or set SLOTLINE_VAPI_SECRET) and give Vapi the same value.'}
      />
      <Item
        title="Vapi sync"
        tone={status.vapi.state === 'synced' ? 'ok' : status.vapi.state === 'error' ? 'bad' : 'muted'}
        state={{ off: 'Off', syncing: 'Syncing…', synced: 'Synced', error: 'Failed' }[status.vapi.state]}
        detail={status.vapi.error ?? (status.vapi.synced_at ? `Last synced ${dateTime(status.vapi.synced_at, settings.time_zone)}` : undefined)}
        fix={status.vapi.state === 'error' ? 'Check the Vapi API key and assistant id.' : status.vapi.state === 'off' ? <>Optional. Or copy the tools by hand from <a href={href({ page: 'vapi' })}>Vapi setup</a>.</> : undefined}
      />
      <Item
        title="Last call"
        tone={status.last_call ? 'ok' : 'muted'}
        state={status.last_call ? dateTime(status.last_call.at, settings.time_zone) : 'No calls yet'}
        detail={status.last_call ? <a href={href({ page: 'call', id: status.last_call.id })}>Open the call ({status.last_call.status ?? 'unknown status'})</a> : undefined}
        fix={status.last_call ? undefined : <>Calls appear in the <a href={href({ page: 'calls' })}>Call log</a> as soon as Vapi reaches Slotline.</>}
      />
    </ul>
  )
}

function tunnelItem(status: Status): { tone: Tone; state: string; fix?: string } {
  switch (status.tunnel.state) {
    case 'up':
      return { tone: 'ok', state: 'Up' }
    case 'starting':
      return { tone: 'warn', state: 'Starting…' }
    case 'down':
      return { tone: 'bad', state: 'Down', fix: 'Slotline keeps retrying. Check your internet connection.' }
    case 'not_installed':
      return { tone: 'bad', state: 'cloudflared not installed', fix: 'Install cloudflared or set SLOTLINE_CLOUDFLARED_BIN, then restart Slotline.' }
    default:
      return { tone: 'muted', state: 'Off', fix: 'Set SLOTLINE_TUNNEL=quick (or named) to give Vapi a public URL.' }
  }
}

function Item(props: { title: string; tone: Tone; state: string; detail?: React.ReactNode; fix?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <li className={`status-item ${props.tone}`}>
      <div className="status-head">
        <h2>{props.title}</h2>
        <Pill tone={props.tone}>{props.state}</Pill>
      </div>
      {props.detail && <div className="status-detail">{props.detail}</div>}
      {props.fix && <p className="status-fix">{props.fix}</p>}
      {props.action && <div className="status-action">{props.action}</div>}
    </li>
  )
}

/** Which calendar accounts are connected, or what is wrong with them. */
function calendarDetail(status: Status): string | undefined {
  const caldav = status.caldav_accounts ?? []
  const names = [...(status.connected ? [status.account ?? 'Google'] : []), ...caldav.filter((a) => a.status === 'connected').map((a) => a.label)]
  const problems = [...(status.connected ? [] : [status.google_error]), ...caldav.filter((a) => a.status === 'error').map((a) => `${a.label}: ${a.error ?? 'password refused'}`)].filter(Boolean)
  return [names.join(', '), ...problems].filter(Boolean).join(' · ') || undefined
}
