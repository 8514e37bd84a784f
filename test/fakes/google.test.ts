// Proves the fake Google speaks the wire format the REAL google-auth-library and googleapis
// clients expect, and pins down how those clients behave (retries, 401s, error surfacing).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CodeChallengeMethod, gaxios, OAuth2Client } from 'google-auth-library'
import { google, type calendar_v3 } from 'googleapis'
import { CALENDAR_SCOPE, startFakeGoogle, type FakeGoogle } from './google/index.ts'
import { authorizeFakeClient, createFakeOAuthClient, listenLoopback } from './google/oauth-client.ts'

/** Awaits a rejection and returns it as a GaxiosError (fails the test otherwise). */
async function gaxiosFailure(promise: Promise<unknown>): Promise<InstanceType<typeof gaxios.GaxiosError>> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(gaxios.GaxiosError)
  return err as InstanceType<typeof gaxios.GaxiosError>
}

const decodeJwtPayload = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

describe('fake Google OAuth (desktop loopback + PKCE)', () => {
  let fake: FakeGoogle
  beforeAll(async () => (fake = await startFakeGoogle()))
  afterAll(async () => fake.close())

  it('runs consent → code exchange → refresh → revoke with the real OAuth2Client', async () => {
    // The option names that point OAuth2Client at the fake (google-auth-library 11: `endpoints`).
    const client = new OAuth2Client({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      endpoints: { oauth2AuthBaseUrl: fake.authUrl, oauth2TokenUrl: fake.tokenUrl, oauth2RevokeUrl: fake.revokeUrl },
    })
    const tokens = await authorizeFakeClient(client, { state: 'xyz/+= state' })
    expect(tokens.refresh_token).toMatch(/^1\/\//)
    expect(tokens.access_token).toMatch(/^ya29\./)
    expect(tokens.token_type).toBe('Bearer')
    expect(tokens.scope).toContain(CALENDAR_SCOPE)
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3500_000) // client turns expires_in into expiry_date
    expect(decodeJwtPayload(tokens.id_token ?? '')).toMatchObject({
      iss: 'https://accounts.google.com', aud: fake.clientId, email: 'dana@example.com', email_verified: true,
    })
    const authRequest = fake.requests.find((r) => r.path === '/o/oauth2/v2/auth')
    expect(authRequest?.query).toMatchObject({ code_challenge_method: 'S256', access_type: 'offline', response_type: 'code' })

    const refreshed = await client.refreshAccessToken()
    expect(refreshed.credentials.access_token).not.toBe(tokens.access_token)
    expect(refreshed.credentials.refresh_token).toBe(tokens.refresh_token) // kept by the client, not re-sent
    expect(fake.count('POST', '/token')).toBe(2)

    await client.revokeToken(tokens.refresh_token ?? '') // POST /revoke?token=… (query, not body)
    expect(fake.tokens.refreshTokens.find((t) => t.value === tokens.refresh_token)?.revoked).toBe(true)
    const err = await gaxiosFailure(client.refreshAccessToken())
    expect(err.status).toBe(400)
    expect(err.message).toBe('invalid_grant') // gaxios uses the OAuth `error` string as message
    expect(err.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })
    const again = await gaxiosFailure(client.revokeToken(tokens.refresh_token ?? ''))
    expect(again.response?.data).toEqual({ error: 'invalid_token', error_description: 'Token expired or revoked' })
  })

  it('refuses consent requests without PKCE or with a non-loopback redirect (HTML 400)', async () => {
    const client = createFakeOAuthClient(fake)
    const base = { scope: CALENDAR_SCOPE, access_type: 'offline' as const }
    const noPkce = await fetch(client.generateAuthUrl({ ...base, redirect_uri: 'http://127.0.0.1:5555/cb' }), { redirect: 'manual' })
    expect(noPkce.status).toBe(400)
    expect(await noPkce.text()).toContain('Error 400: invalid_request')
    const { codeChallenge } = await client.generateCodeVerifierAsync()
    const pkce = { code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 }
    const remote = await fetch(client.generateAuthUrl({ ...base, ...pkce, redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' })
    expect(remote.status).toBe(400)
    const badClient = createFakeOAuthClient(fake, { clientId: 'nope' })
    const unknown = await fetch(badClient.generateAuthUrl({ ...base, ...pkce, redirect_uri: 'http://localhost:5555/' }), { redirect: 'manual' })
    expect(unknown.status).toBe(401)
    expect(await unknown.text()).toContain('invalid_client')
  })

  it('reports a denied consent as error=access_denied with the state echoed', async () => {
    const client = createFakeOAuthClient(fake)
    const { codeChallenge } = await client.generateCodeVerifierAsync()
    fake.denyNextConsent()
    const url = client.generateAuthUrl({
      scope: CALENDAR_SCOPE, redirect_uri: 'http://127.0.0.1:5555/cb?x=1', state: 's1',
      code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256,
    })
    const res = await fetch(url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location') ?? '')
    expect(Object.fromEntries(location.searchParams)).toEqual({ x: '1', error: 'access_denied', state: 's1' })
  })

  it('makes codes one-shot, checks the PKCE verifier and the client secret', async () => {
    const client = createFakeOAuthClient(fake)
    const listener = await listenLoopback()
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
    const url = client.generateAuthUrl({
      scope: CALENDAR_SCOPE, redirect_uri: listener.redirectUri, // no access_type=offline → no refresh token
      code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256,
    })
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? ''
    await (await fetch(location)).text()
    const code = (await listener.callback).get('code') ?? ''
    await listener.close()
    const exchange = (verifier: string, c = client) => c.getToken({ code, codeVerifier: verifier, redirect_uri: listener.redirectUri })

    const wrongVerifier = await gaxiosFailure(exchange('x'.repeat(64)))
    expect(wrongVerifier.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' })
    const wrongSecret = await gaxiosFailure(exchange(codeVerifier, createFakeOAuthClient(fake, { clientSecret: 'bad' })))
    expect(wrongSecret.status).toBe(401)
    expect(wrongSecret.message).toBe('invalid_client')

    const { tokens } = await exchange(codeVerifier)
    expect(tokens.refresh_token).toBeUndefined()
    expect(tokens.id_token).toBeUndefined() // like Google: no openid/email scope → no id_token
    const reused = await gaxiosFailure(exchange(codeVerifier))
    expect(reused.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' })
  })

  it('revokes the refresh token too when the access token is revoked (revokeCredentials)', async () => {
    const client = createFakeOAuthClient(fake)
    const { refresh_token: refresh } = await authorizeFakeClient(client)
    await client.revokeCredentials() // revokes credentials.access_token and clears client.credentials
    expect(client.credentials).toEqual({})
    expect(fake.tokens.refreshTokens.find((t) => t.value === refresh)?.revoked).toBe(true)
  })
})

describe('fake Google Calendar v3 through googleapis', () => {
  let fake: FakeGoogle
  let client: OAuth2Client
  let calendar: calendar_v3.Calendar
  const noRetry = { retry: false } as const

  beforeAll(async () => {
    fake = await startFakeGoogle()
    client = createFakeOAuthClient(fake)
    await authorizeFakeClient(client)
    calendar = google.calendar({ version: 'v3', auth: client, rootUrl: fake.apiRoot })
    fake.addCalendar({ id: 'team@group.calendar.google.com', summary: 'Team', accessRole: 'reader' })
    fake.addCalendar({ id: 'broken@group.calendar.google.com', summary: 'Broken', freeBusyError: 'backendError' })
  })
  afterEach(() => {
    fake.clearFaults()
    fake.setLatency(0)
  })
  afterAll(async () => fake.close())

  it('answers freeBusy with merged, clipped busy ranges and per-calendar errors', async () => {
    fake.addEvent('primary', { start: '2031-03-03T09:00:00-05:00', end: '2031-03-03T10:00:00-05:00' })
    fake.addEvent('primary', { start: '2031-03-03T09:30:00', end: '2031-03-03T11:00:00' }) // New York local
    fake.addEvent('primary', { start: '2031-03-03T12:00:00Z', end: '2031-03-03T23:00:00Z', transparency: 'transparent' })
    fake.addEvent('primary', { start: '2031-03-03T13:00:00Z', end: '2031-03-03T14:00:00Z', status: 'cancelled' })
    fake.addEvent('primary', { start: '2031-03-04', end: '2031-03-05', allDay: true })
    const { data } = await calendar.freebusy.query({
      requestBody: {
        timeMin: '2031-03-03T00:00:00Z', timeMax: '2031-03-04T12:00:00Z',
        items: [{ id: 'primary' }, { id: 'broken@group.calendar.google.com' }, { id: 'ghost@example.com' }],
      },
    })
    expect(data.kind).toBe('calendar#freeBusy')
    expect(data.calendars?.primary?.busy).toEqual([
      { start: '2031-03-03T14:00:00Z', end: '2031-03-03T16:00:00Z' },
      { start: '2031-03-04T05:00:00Z', end: '2031-03-04T12:00:00Z' }, // all-day from NY midnight, clipped
    ])
    expect(data.calendars?.['broken@group.calendar.google.com']).toEqual({ errors: [{ domain: 'global', reason: 'backendError' }], busy: [] })
    expect(data.calendars?.['ghost@example.com']).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] })

    const zoned = await calendar.freebusy.query({
      requestBody: { timeMin: '2031-03-03T00:00:00Z', timeMax: '2031-03-03T20:00:00Z', timeZone: 'Europe/Paris', items: [{ id: 'primary' }] },
    })
    expect(zoned.data.calendars?.primary?.busy?.[0]).toEqual({ start: '2031-03-03T15:00:00+01:00', end: '2031-03-03T17:00:00+01:00' })
  })

  it('rejects bad freeBusy queries with Google 400 reasons', async () => {
    const reasonOf = async (requestBody: calendar_v3.Schema$FreeBusyRequest): Promise<unknown> =>
      (await gaxiosFailure(calendar.freebusy.query({ requestBody }))).response?.data
    const day = { timeMin: '2031-01-01T00:00:00Z', timeMax: '2031-01-02T00:00:00Z' }
    const items51 = Array.from({ length: 51 }, (_, i) => ({ id: `c${i}@example.com` }))
    expect(await reasonOf({ ...day, items: items51 })).toMatchObject({ error: { code: 400, errors: [{ reason: 'tooManyCalendarsRequestedForFreeBusy' }] } })
    expect(await reasonOf({ timeMin: day.timeMin, timeMax: '2031-06-01T00:00:00Z', items: [] })).toMatchObject({
      error: { errors: [{ reason: 'timeRangeTooLong', message: 'The requested time range is too long.' }] },
    })
    expect(await reasonOf({ timeMin: day.timeMax, timeMax: day.timeMin, items: [] })).toMatchObject({ error: { errors: [{ reason: 'timeRangeEmpty' }] } })
  })

  it('lists calendars', async () => {
    const { data } = await calendar.calendarList.list()
    expect(data.kind).toBe('calendar#calendarList')
    expect(data.items?.[0]).toMatchObject({
      kind: 'calendar#calendarListEntry', id: 'dana@example.com', primary: true, accessRole: 'owner', timeZone: 'America/New_York',
    })
    expect(data.items?.map((c) => c.id)).toContain('team@group.calendar.google.com')
    const writable = await calendar.calendarList.list({ minAccessRole: 'writer' })
    expect(writable.data.items?.map((c) => c.id)).not.toContain('team@group.calendar.google.com')
  })

  it('inserts, conflicts, gets, patches and deletes events like Google', async () => {
    const requestBody: calendar_v3.Schema$Event = {
      id: 'slotline0booking0001',
      summary: 'Intro call',
      start: { dateTime: '2031-05-06T10:00:00', timeZone: 'America/New_York' },
      end: { dateTime: '2031-05-06T10:30:00', timeZone: 'America/New_York' },
      attendees: [{ email: 'caller@example.org', displayName: 'Caller' }],
      extendedProperties: { private: { slotlineBookingId: 'b-1' } },
      conferenceData: { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    }
    const params = { calendarId: 'primary', sendUpdates: 'all', conferenceDataVersion: 1, requestBody }
    const { data: created } = await calendar.events.insert(params)
    expect(created).toMatchObject({
      kind: 'calendar#event', id: 'slotline0booking0001', status: 'confirmed', sequence: 0,
      iCalUID: 'slotline0booking0001@google.com', organizer: { email: 'dana@example.com', self: true },
      start: { dateTime: '2031-05-06T10:00:00-04:00', timeZone: 'America/New_York' },
      attendees: [{ email: 'caller@example.org', responseStatus: 'needsAction' }],
    })
    expect(created.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/)
    expect(created.conferenceData?.entryPoints?.[0]).toMatchObject({ entryPointType: 'video', uri: created.hangoutLink })
    expect(fake.events('primary').find((e) => e.id === created.id)?._sendUpdates).toBe('all')

    // insert is a POST, which googleapis never retries: the 409 surfaces at once.
    const dup = await gaxiosFailure(calendar.events.insert(params))
    expect(dup.status).toBe(409)
    expect(dup.message).toBe('The requested identifier already exists.')
    expect(dup.response?.data).toMatchObject({ error: { errors: [{ reason: 'duplicate' }] } })
    const badId = await gaxiosFailure(calendar.events.insert({ ...params, requestBody: { ...requestBody, id: 'Has-Dash_x' } }))
    expect(badId.response?.data).toMatchObject({ error: { code: 400, message: 'Invalid resource id value.' } })
    const readOnly = await gaxiosFailure(calendar.events.insert({ ...params, calendarId: 'team@group.calendar.google.com' }))
    expect(readOnly.response?.data).toMatchObject({ error: { code: 403, errors: [{ reason: 'requiredAccessLevel' }] } })

    const { data: patched } = await calendar.events.patch({
      calendarId: 'primary', eventId: 'slotline0booking0001', sendUpdates: 'none',
      requestBody: { start: { dateTime: '2031-05-06T11:00:00-04:00' }, end: { dateTime: '2031-05-06T11:30:00-04:00' } },
    })
    expect(patched).toMatchObject({ sequence: 1, summary: 'Intro call', start: { dateTime: '2031-05-06T11:00:00-04:00', timeZone: 'America/New_York' } })
    expect(patched.hangoutLink).toBe(created.hangoutLink)
    const got = await calendar.events.get({ calendarId: 'dana@example.com', eventId: 'slotline0booking0001' })
    expect(got.data.end?.dateTime).toBe('2031-05-06T11:30:00-04:00')

    const deleted = await calendar.events.delete({ calendarId: 'primary', eventId: 'slotline0booking0001', sendUpdates: 'all' })
    expect(deleted.status).toBe(204)
    const gone = await gaxiosFailure(calendar.events.delete({ calendarId: 'primary', eventId: 'slotline0booking0001' }, noRetry))
    expect(gone.status).toBe(410)
    expect((await calendar.events.get({ calendarId: 'primary', eventId: 'slotline0booking0001' })).data.status).toBe('cancelled')
    const missing = await gaxiosFailure(calendar.events.get({ calendarId: 'primary', eventId: 'nosuchevent' }, noRetry))
    expect(missing.status).toBe(404)
    expect(fake.events('primary').find((e) => e.id === 'slotline0booking0001')?._writes.map((w) => [w.method, w.sendUpdates])).toEqual([
      ['POST', 'all'], ['PATCH', 'none'], ['DELETE', 'all'],
    ])
  })

  it('replaces events with PUT and renders times in the calendar zone', async () => {
    const seeded = fake.addEvent('primary', { start: '2031-09-01T15:00:00Z', end: '2031-09-01T16:00:00Z', summary: 'Old', location: 'Room 1' })
    expect(seeded.start?.dateTime).toBe('2031-09-01T11:00:00-04:00') // rendered in the calendar's zone
    const { data } = await calendar.events.update({
      calendarId: 'primary', eventId: seeded.id ?? '',
      requestBody: { summary: 'New', start: { date: '2031-09-02' }, end: { date: '2031-09-03' } },
    })
    expect(data).toMatchObject({ summary: 'New', sequence: 1, start: { date: '2031-09-02' }, id: seeded.id, created: seeded.created })
    expect(data.location).toBeUndefined()
    const missingZone = await gaxiosFailure(calendar.events.insert({
      calendarId: 'primary', requestBody: { start: { dateTime: '2031-09-01T10:00:00' }, end: { dateTime: '2031-09-01T11:00:00' } },
    }))
    expect(missingZone.message).toBe('Missing time zone definition for start time.')
  })

  it('lists events by privateExtendedProperty, time window and pages', async () => {
    fake.addCalendar({ id: 'work@group.calendar.google.com', summary: 'Work', timeZone: 'UTC' })
    const cal = 'work@group.calendar.google.com'
    for (const [i, booking] of ['b-1', 'b-2', 'b-1'].entries()) {
      fake.addEvent(cal, {
        start: `2031-07-0${3 - i}T09:00:00Z`, end: `2031-07-0${3 - i}T10:00:00Z`, summary: `Call ${i}`,
        extendedProperties: { private: { slotlineBookingId: booking, source: 'slotline' } },
      })
    }
    const { data } = await calendar.events.list({
      calendarId: cal, singleEvents: true, orderBy: 'startTime',
      timeMin: '2031-07-01T00:00:00Z', timeMax: '2031-08-01T00:00:00Z',
      privateExtendedProperty: ['slotlineBookingId=b-1', 'source=slotline'],
    })
    expect(data.items?.map((e) => e.summary)).toEqual(['Call 2', 'Call 0'])
    const page1 = await calendar.events.list({ calendarId: cal, maxResults: 2, q: 'call' })
    expect(page1.data.items).toHaveLength(2)
    const page2 = await calendar.events.list({ calendarId: cal, maxResults: 2, q: 'call', pageToken: page1.data.nextPageToken ?? '' })
    expect(page2.data.items).toHaveLength(1)
    expect(page2.data.nextPageToken).toBeUndefined()
    const unknown = await gaxiosFailure(calendar.events.list({ calendarId: 'nobody@example.com' }, noRetry))
    expect(unknown.response?.data).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } })
  })

  it('injects Google-shaped faults; googleapis retries 5xx on GET but never 403s or POSTs', async () => {
    fake.fail({ path: '/calendar/v3/freeBusy', status: 403, reason: 'rateLimitExceeded' })
    const err = await gaxiosFailure(calendar.freebusy.query({ requestBody: { timeMin: '2031-01-01T00:00:00Z', timeMax: '2031-01-02T00:00:00Z', items: [] } }))
    expect(err.status).toBe(403)
    expect(err.message).toBe('Rate Limit Exceeded')
    expect(err.response?.data).toEqual({
      error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }], status: 'PERMISSION_DENIED' },
    })

    // Default googleapis behaviour: GET/PUT/DELETE on 429/5xx are retried up to 3 times (100 ms, 500 ms, …).
    fake.resetRequests()
    fake.fail({ method: 'GET', path: /calendarList$/, status: 503, times: 2 })
    expect((await calendar.calendarList.list()).status).toBe(200)
    expect(fake.count('GET', /calendarList$/)).toBe(3)
    fake.fail({ method: 'GET', path: /calendarList$/, status: 503 })
    const noRetryErr = await gaxiosFailure(calendar.calendarList.list({}, noRetry))
    expect(noRetryErr.response?.data).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE', errors: [{ reason: 'backendError' }] } })
    fake.fail({ method: 'POST', path: '/calendar/v3/calendars/primary/events', status: 503, times: Infinity })
    const post = await gaxiosFailure(calendar.events.insert({ calendarId: 'primary', requestBody: {} }))
    expect(post.status).toBe(503)
    expect(fake.count('POST', /\/events$/)).toBe(1)
  })

  it('can hang a request (client timeout) and add latency', async () => {
    fake.fail({ path: /calendarList$/, status: 500, hang: true })
    const hung = await gaxiosFailure(calendar.calendarList.list({}, { timeout: 200, retry: false }))
    expect(hung.response).toBeUndefined()
    expect(hung.code).toBe('TimeoutError')
    fake.setLatency(150)
    const started = Date.now()
    await calendar.calendarList.list()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('401s expired access tokens; the client only refreshes on 401 without expiry_date or with forceRefreshOnFailure', async () => {
    fake.expireAccessTokens()
    // Credentials from getToken() carry expiry_date, so OAuth2Client trusts its token and the 401 surfaces.
    const expired = await gaxiosFailure(calendar.calendarList.list({}, noRetry))
    expect(expired.status).toBe(401)
    // gaxios takes `error.message` (the long top-level text), not errors[0].message ('Invalid Credentials').
    expect(expired.message).toMatch(/^Request had invalid authentication credentials/)
    expect(expired.response?.data).toMatchObject({ error: { status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] } })

    // forceRefreshOnFailure: the client refreshes once on 401/403 and replays the request transparently.
    const forcing = createFakeOAuthClient(fake, { forceRefreshOnFailure: true })
    forcing.setCredentials(client.credentials)
    const forcingCalendar = google.calendar({ version: 'v3', auth: forcing, rootUrl: fake.apiRoot })
    const tokenCalls = fake.count('POST', '/token')
    expect((await forcingCalendar.calendarList.list()).status).toBe(200)
    expect(fake.count('POST', '/token')).toBe(tokenCalls + 1)
    // Caveat: a 403 counts as an auth error too, so a 403 rateLimitExceeded is hidden behind a refresh + replay.
    fake.fail({ path: /calendarList$/, status: 403, reason: 'rateLimitExceeded' })
    expect((await forcingCalendar.calendarList.list()).status).toBe(200)
    expect(fake.count('POST', '/token')).toBe(tokenCalls + 2)

    // Credentials without expiry_date (e.g. only access + refresh token persisted) also refresh on 401.
    fake.expireAccessTokens()
    const restored = createFakeOAuthClient(fake)
    restored.setCredentials({ access_token: client.credentials.access_token, refresh_token: client.credentials.refresh_token })
    expect((await google.calendar({ version: 'v3', auth: restored, rootUrl: fake.apiRoot }).calendarList.list()).status).toBe(200)
    expect(fake.count('POST', '/token')).toBe(tokenCalls + 3)

    // After revocation the refresh itself fails and the API call rejects with the OAuth error.
    fake.expireAccessTokens()
    fake.revokeRefreshTokens()
    const revoked = await gaxiosFailure(forcingCalendar.calendarList.list())
    expect(revoked.status).toBe(400)
    expect(revoked.message).toBe('invalid_grant')

    const anonymous = await fetch(`${fake.apiRoot}calendar/v3/users/me/calendarList`)
    expect(anonymous.status).toBe(401)
    expect(fake.tokens.accessTokens.every((t) => t.expiresAt !== undefined && t.expiresAt <= Date.now())).toBe(true)
  })
})
