import type { GoogleAuth } from './auth/google-oauth.ts'
import type { SettingsService } from './settings/settings-service.ts'
import { latestCall } from './store/calls-repo.ts'
import type { Db } from './store/open-database.ts'

/** `GET /api/calendar/status` as the contract shapes it (tunnel and Vapi sync come with their issue). */
export async function buildStatus(deps: { db: Db; google: GoogleAuth; settings: SettingsService; webhookUrl: string; vapiSecretSet: boolean }) {
  const google = deps.google.status()
  const settings = deps.settings.get()
  const lastCall = latestCall(deps.db)
  return {
    connected: google.connected,
    account: google.account,
    calendars: settings.calendar_ids,
    booking_calendar: settings.booking_calendar_id,
    google_error: google.error,
    tunnel: { state: 'off', url: null, error: null },
    webhook_url: deps.webhookUrl,
    vapi: { state: 'off', error: null, synced_at: null },
    vapi_secret_set: deps.vapiSecretSet,
    last_call: lastCall ? { id: lastCall.id, at: new Date(lastCall.created_at).toISOString(), status: lastCall.status } : null,
  }
}
