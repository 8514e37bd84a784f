// Public types of the fake Google OAuth 2.0 + Calendar v3 server (see index.ts).
import type { calendar_v3 } from 'googleapis'

export type AccessRole = 'owner' | 'writer' | 'reader' | 'freeBusyReader'
export type FaultStatus = 401 | 403 | 404 | 409 | 410 | 429 | 500 | 503

export interface FakeGoogleOptions {
  clientId?: string
  clientSecret?: string
  accountEmail?: string
  latencyMs?: number
  accessTokenTtlSeconds?: number
}

/** A one-shot (or `times`-shot) injected failure, matched before routing. */
export interface FaultRule {
  /** HTTP method, case-insensitive; any method when omitted. */
  method?: string
  /** Exact decoded path (no query) or a RegExp tested against it. */
  path: string | RegExp
  status: FaultStatus
  /** Google `errors[0].reason`; each status has a sensible default (see errors.ts). */
  reason?: string
  /** How many matching requests fail; default 1, `Infinity` allowed. */
  times?: number
  /** Never answer, to exercise client timeouts. */
  hang?: boolean
  /** Carry the request out, then never answer: a response lost on its way back. */
  hangAfterApplying?: boolean
}

export interface CalendarSpec {
  id: string
  summary: string
  accessRole?: AccessRole
  primary?: boolean
  timeZone?: string
  /** freeBusy reports this calendar in its `errors` (inside a 200), never in `busy`. */
  freeBusyError?: 'notFound' | 'internalError' | 'backendError'
}

/** An event seeded directly into a calendar, bypassing the API. */
export interface SeedEvent {
  /** ISO instant (an offset-less value is read in the calendar's zone), or 'YYYY-MM-DD' when allDay. */
  start: string
  end: string
  summary?: string
  description?: string
  location?: string
  transparency?: 'opaque' | 'transparent'
  allDay?: boolean
  status?: 'confirmed' | 'cancelled'
  id?: string
  attendees?: calendar_v3.Schema$EventAttendee[]
  extendedProperties?: calendar_v3.Schema$Event['extendedProperties']
}

/** One write made to an event (API or seed), oldest first. */
export interface EventWrite {
  method: 'SEED' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  sendUpdates?: string
  conferenceDataVersion?: string
  at: number
}

/** An event as the API would render it, plus fake-only bookkeeping (underscore keys). */
export type StoredEvent = calendar_v3.Schema$Event & {
  _calendarId: string
  /** `sendUpdates` query param of the latest write ('all' | 'externalOnly' | 'none' | undefined). */
  _sendUpdates?: string
  _writes: EventWrite[]
}

export interface RecordedRequest {
  method: string
  /** Decoded path without query, e.g. /calendar/v3/calendars/dana@example.com/events */
  path: string
  /** Query params; a repeated key becomes an array. */
  query: Record<string, string | string[]>
  /** Parsed JSON or form body (form bodies become a string record); undefined when empty. */
  body: unknown
  at: number
}

export interface IssuedToken {
  kind: 'access' | 'refresh'
  value: string
  clientId: string
  scope: string
  issuedAt: number
  /** Access tokens only. */
  expiresAt?: number
  revoked: boolean
  /** Access tokens: the refresh token they were minted from, if any. */
  refreshToken?: string
}

export interface TokenSnapshot {
  accessTokens: IssuedToken[]
  refreshTokens: IssuedToken[]
}

export interface FakeGoogle {
  readonly baseUrl: string
  readonly authUrl: string
  readonly tokenUrl: string
  readonly revokeUrl: string
  readonly apiRoot: string
  readonly clientId: string
  readonly clientSecret: string
  readonly accountEmail: string
  readonly requests: readonly RecordedRequest[]
  readonly tokens: TokenSnapshot
  setLatency(ms: number): void
  fail(rule: FaultRule): void
  clearFaults(): void
  denyNextConsent(): void
  addCalendar(spec: CalendarSpec): void
  addEvent(calendarId: string, seed: SeedEvent): StoredEvent
  events(calendarId: string): StoredEvent[]
  count(method: string, path: RegExp | string): number
  resetRequests(): void
  expireAccessTokens(): void
  revokeRefreshTokens(): void
  close(): Promise<void>
}
