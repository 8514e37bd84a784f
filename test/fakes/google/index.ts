// Fake Google OAuth 2.0 + Calendar v3 server for tests. Real `google-auth-library` and
// `googleapis` clients are pointed at it and it answers in Google's wire format.
//
//   const fake = await startFakeGoogle()
//   const auth = new OAuth2Client({ clientId: fake.clientId, clientSecret: fake.clientSecret,
//     endpoints: { oauth2AuthBaseUrl: fake.authUrl, oauth2TokenUrl: fake.tokenUrl, oauth2RevokeUrl: fake.revokeUrl } })
//   await authorizeFakeClient(auth)            // oauth-client.ts: loopback + PKCE consent, sets credentials
//   const calendar = google.calendar({ version: 'v3', auth, rootUrl: fake.apiRoot })
//
// Time-sensitive notes: access tokens expire after accessTokenTtlSeconds of real time, and
// OAuth2Client refreshes eagerly when fewer than 5 minutes remain (eagerRefreshThresholdMillis).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { apiError, apiErrorBody, createFaultBook, GoogleHttpError, pathMatches } from './errors.ts'
import { loggedBody, queryRecord, readBody, sendReply, type FakeRequest, type Reply, type Route } from './http-kit.ts'
import { createOAuth } from './oauth.ts'
import { createTokenStore } from './oauth-tokens.ts'
import { createCalendarStore, type CalendarStore } from './calendar-store.ts'
import { calendarList, calendarListEntry, freeBusy, getCalendar, listEvents } from './calendar-queries.ts'
import { deleteEvent, getEvent, insertEvent, seedEvent, storedEvents, updateEvent } from './event-routes.ts'
import type { FakeGoogle, FakeGoogleOptions, RecordedRequest } from './types.ts'

export type * from './types.ts'
export { CALENDAR_SCOPE } from './oauth.ts'

const SEG = '([^/]+)'

function calendarRoutes(store: CalendarStore): Route[] {
  const api = (method: string, path: string, handle: Route['handle']): Route => ({
    method, pattern: new RegExp(`^/calendar/v3${path}$`), requiresAuth: true, handle,
  })
  return [
    api('POST', '/freeBusy', (req) => freeBusy(store, req)),
    api('GET', '/users/me/calendarList', (req) => calendarList(store, req)),
    api('GET', `/users/me/calendarList/${SEG}`, (_req, [cal = '']) => calendarListEntry(store, cal)),
    api('GET', `/calendars/${SEG}`, (_req, [cal = '']) => getCalendar(store, cal)),
    api('GET', `/calendars/${SEG}/events`, (req, [cal = '']) => listEvents(store, cal, req)),
    api('POST', `/calendars/${SEG}/events`, (req, [cal = '']) => insertEvent(store, cal, req)),
    api('GET', `/calendars/${SEG}/events/${SEG}`, (req, [cal = '', ev = '']) => getEvent(store, cal, ev, req)),
    api('PATCH', `/calendars/${SEG}/events/${SEG}`, (req, [cal = '', ev = '']) => updateEvent(store, cal, ev, req)),
    api('PUT', `/calendars/${SEG}/events/${SEG}`, (req, [cal = '', ev = '']) => updateEvent(store, cal, ev, req)),
    api('DELETE', `/calendars/${SEG}/events/${SEG}`, (req, [cal = '', ev = '']) => deleteEvent(store, cal, ev, req)),
  ]
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port. The account's primary calendar
 * (id = accountEmail, alias 'primary', America/New_York) exists from the start.
 * Resolves once listening; call `close()` when done.
 */
export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const clientId = options.clientId ?? 'test-client.apps.googleusercontent.com'
  const clientSecret = options.clientSecret ?? 'test-secret'
  const accountEmail = options.accountEmail ?? 'dana@example.com'
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3599
  let latencyMs = options.latencyMs ?? 0

  const tokens = createTokenStore(accessTokenTtlSeconds)
  const oauth = createOAuth({ clientId, clientSecret, accountEmail, accessTokenTtlSeconds }, tokens)
  const store = createCalendarStore(accountEmail)
  const faults = createFaultBook()
  let requests: RecordedRequest[] = []

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/o\/oauth2\/v2\/auth$/, requiresAuth: false, handle: (req) => oauth.authorize(req) },
    { method: 'POST', pattern: /^\/token$/, requiresAuth: false, handle: (req) => oauth.token(req) },
    { method: 'POST', pattern: /^\/revoke$/, requiresAuth: false, handle: (req) => oauth.revoke(req) },
    ...calendarRoutes(store),
  ]

  const route = async (req: FakeRequest, rawPath: string): Promise<Reply> => {
    for (const r of routes) {
      const match = r.method === req.method ? r.pattern.exec(rawPath) : null
      if (!match) continue
      if (r.requiresAuth) {
        const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]
        if (!bearer || !tokens.isAccessValid(bearer)) throw apiError(401, 'authError')
      }
      return r.handle(req, match.slice(1).map(safeDecode))
    }
    throw apiError(404, 'notFound')
  }

  const handle = async (incoming: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://fake.invalid')
    const rawBody = await readBody(incoming)
    const req: FakeRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: safeDecode(url.pathname),
      query: url.searchParams,
      headers: incoming.headers,
      rawBody,
    }
    requests.push({
      method: req.method, path: req.path, query: queryRecord(url.searchParams),
      body: loggedBody(rawBody, incoming.headers['content-type']), at: Date.now(),
    })
    if (latencyMs > 0) await sleep(latencyMs)
    const fault = faults.take(req.method, req.path)
    if (fault?.hang) return // never answered; close() tears the socket down
    let reply: Reply
    try {
      if (fault && !fault.hangAfterApplying) throw new GoogleHttpError(fault.status, apiErrorBody(fault.status, fault.reason))
      reply = await route(req, url.pathname)
      if (fault?.hangAfterApplying) return // applied; the answer is lost
    } catch (err) {
      if (!(err instanceof GoogleHttpError)) console.error('fake google: handler crashed', err)
      reply = err instanceof GoogleHttpError ? { status: err.status, json: err.body } : { status: 500, json: apiErrorBody(500) }
    }
    if (!res.destroyed) sendReply(res, reply)
  }

  const server = createServer((incoming, res) => {
    handle(incoming, res).catch((err: unknown) => {
      console.error('fake google: request failed', err)
      if (!res.headersSent) sendReply(res, { status: 500, json: apiErrorBody(500) })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`

  return {
    baseUrl,
    authUrl: `${baseUrl}/o/oauth2/v2/auth`,
    tokenUrl: `${baseUrl}/token`,
    revokeUrl: `${baseUrl}/revoke`,
    apiRoot: `${baseUrl}/`,
    clientId,
    clientSecret,
    accountEmail,
    get requests() {
      return requests
    },
    get tokens() {
      return tokens.snapshot()
    },
    setLatency: (ms) => {
      latencyMs = ms
    },
    fail: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    denyNextConsent: () => oauth.denyNextConsent(),
    addCalendar: (spec) => {
      store.upsert(spec)
    },
    addEvent: (calendarId, seed) => seedEvent(store, calendarId, seed),
    events: (calendarId) => storedEvents(store, calendarId),
    count: (method, path) =>
      requests.filter((r) => (method === '*' || r.method === method.toUpperCase()) && pathMatches(path, r.path)).length,
    resetRequests: () => {
      requests = []
    },
    expireAccessTokens: () => tokens.expireAllAccess(),
    revokeRefreshTokens: () => tokens.revokeAllRefresh(),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
    },
  }
}
