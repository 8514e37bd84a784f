import type { CaldavAccountView } from '../../../server/http/caldav-routes.ts'
import type { VapiConnectionView } from '../../../server/http/control-app.ts'
import { apiBase, readToken } from './token.ts'
import type { BookingRow, CallRow, CallSummary, Insights, Settings, ToolCallRow, ToolResult, WeekExplanation } from './types.ts'

/** A failed control API request: the server's message, and the settings key it names, if any. */
export class ApiError extends Error {
  readonly status: number
  readonly key: string | undefined
  constructor(status: number, message: string, key?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.key = key
  }
}

let token: string | null = null

/** Reads the token once at start-up (strips it from the address bar). */
export function initToken(): boolean {
  token = readToken()
  return token !== null
}

/** Headers every control API request carries. */
export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** One JSON request to the control API. */
export async function request<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(apiBase() + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...authHeaders(), ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiError(0, 'Slotline is not reachable. Is it still running?')
  }
  const data = (await response.json().catch(() => null)) as unknown
  if (!response.ok) {
    const body = (data ?? {}) as { error?: string; key?: string }
    if (response.status === 401) throw new ApiError(401, 'This page has no valid access token. Open the link Slotline printed (it ends in #token=…).')
    throw new ApiError(response.status, body.error ?? `Request failed (${response.status}).`, body.key)
  }
  return data as T
}

export interface TunnelStatus {
  state: 'off' | 'starting' | 'up' | 'down' | 'not_installed'
  url: string | null
  error: string | null
}

export interface Status {
  connected: boolean
  account: string | null
  calendars: string[]
  booking_calendar?: string
  google_error?: string | null
  tunnel: TunnelStatus
  webhook_url: string
  vapi: { state: 'off' | 'syncing' | 'synced' | 'error'; error: string | null; synced_at: string | null }
  vapi_secret_set?: boolean
  last_call?: { id: string; at: string; status: string | null } | null
  caldav_accounts?: { id: string; label: string; status: 'connected' | 'error'; error: string | null }[]
}

/** A CalDAV account as `GET /api/caldav/accounts` lists it; the Vapi assistant Slotline syncs. */
export type { CaldavAccountView, VapiConnectionView }

/** A calendar as `GET /api/calendar/calendars` lists it (the server's own type). */
import type { CalendarInfo } from '../../../server/calendars/provider.ts'
export type { CalendarInfo }

export interface CallDetail extends CallRow {
  tool_calls: ToolCallRow[]
  bookings: BookingRow[]
}

export interface VapiTool {
  type?: string
  function?: { name?: string; description?: string }
  [key: string]: unknown
}

/** The control API, one typed function per route the window uses. */
export const api = {
  status: (signal?: AbortSignal) => request<Status>('/api/calendar/status', { signal }),
  connect: () => request<{ auth_url: string }>('/api/calendar/connect', { method: 'POST' }),
  disconnect: () => request<unknown>('/api/calendar/disconnect', { method: 'DELETE' }),
  calendars: (signal?: AbortSignal) => request<{ calendars: CalendarInfo[] }>('/api/calendar/calendars', { signal }),
  caldavAccounts: (signal?: AbortSignal) => request<{ accounts: CaldavAccountView[] }>('/api/caldav/accounts', { signal }),
  addCaldavAccount: (body: { server_url: string; username: string; password: string; label?: string }) => request<CaldavAccountView>('/api/caldav/accounts', { body }),
  removeCaldavAccount: (id: string) => request<null>(`/api/caldav/accounts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  settings: (signal?: AbortSignal) => request<Settings>('/api/settings', { signal }),
  saveSettings: (patch: Partial<Settings>) => request<Settings>('/api/settings', { method: 'PUT', body: patch }),
  explain: (body: { date: string; duration?: number; meeting_type?: string }) => request<WeekExplanation>('/api/calendar/explain', { body }),
  scheduleMeeting: (body: Record<string, unknown>) => request<ToolResult>('/api/calendar/schedule-meeting', { body }),
  vapiFunctions: (signal?: AbortSignal) => request<VapiTool[]>('/api/calendar/vapi-functions', { signal }),
  /** Generates a new webhook secret, kept in the keychain (refused when SLOTLINE_VAPI_SECRET sets it). */
  newVapiSecret: () => request<{ secret: string }>('/api/vapi/secret', { method: 'PUT', body: {} }),
  bookings: (query: { from: number; order: 'asc' | 'desc'; limit: number }, signal?: AbortSignal) =>
    request<{ bookings: BookingRow[] }>(`/api/bookings?from=${query.from}&order=${query.order}&limit=${query.limit}`, { signal }),
  cancelBooking: (id: string) => request<{ booking: BookingRow }>(`/api/bookings/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} }),
  vapiConnection: (signal?: AbortSignal) => request<VapiConnectionView>('/api/vapi/connection', { signal }),
  connectVapi: (body: { api_key?: string; assistant_id: string }) => request<unknown>('/api/vapi/connection', { method: 'PUT', body }),
  disconnectVapi: () => request<unknown>('/api/vapi/connection', { method: 'DELETE' }),
  calls: (query: { q?: string; limit: number; offset: number }, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) })
    if (query.q) params.set('q', query.q)
    return request<{ calls: CallSummary[] }>(`/api/calls?${params}`, { signal })
  },
  call: (id: string, signal?: AbortSignal) => request<CallDetail>(`/api/calls/${encodeURIComponent(id)}`, { signal }),
  insights: (days: number, signal?: AbortSignal) => request<Insights>(`/api/insights?days=${days}`, { signal }),
}
