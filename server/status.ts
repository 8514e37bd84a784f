import type { GoogleAuth } from './auth/google-oauth.ts'
import type { CaldavAccounts } from './calendars/caldav/caldav-accounts.ts'
import type { SettingsService } from './settings/settings-service.ts'
import { latestCall } from './store/calls-repo.ts'
import type { Db } from './store/open-database.ts'
import type { TunnelState } from './tunnel/tunnel.ts'
import type { VapiSyncState } from './vapi/vapi-sync.ts'

/** `GET /api/calendar/status` as the contract shapes it. */
export async function buildStatus(deps: { db: Db; google: GoogleAuth; caldav: CaldavAccounts; settings: SettingsService; webhookUrl: string; vapiSecretSet: boolean; tunnel: TunnelState; vapi: VapiSyncState }) {
  const google = deps.google.status()
  const settings = deps.settings.get()
  const lastCall = latestCall(deps.db)
  return {
    connected: google.connected,
    account: google.account,
    calendars: settings.calendar_ids,
    booking_calendar: settings.booking_calendar_id,
    google_error: google.error,
    caldav_accounts: deps.caldav.list().map((account) => ({ id: account.id, label: account.label, status: account.status, error: account.error })),
    tunnel: deps.tunnel,
    webhook_url: deps.webhookUrl,
    vapi: deps.vapi,
    vapi_secret_set: deps.vapiSecretSet,
    last_call: lastCall ? { id: lastCall.id, at: new Date(lastCall.created_at).toISOString(), status: lastCall.status } : null,
  }
}
