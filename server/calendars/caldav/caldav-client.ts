import { calendarQuery, createAccount, createCalendarObject, deleteCalendarObject, fetchCalendars, fetchCalendarUserAddresses, freeBusyQuery, propfind, updateCalendarObject, type DAVResponse } from 'tsdav'
import { backoff, sleep } from '../backoff.ts'
import { CalendarError } from '../provider.ts'

export interface CaldavLogin {
  serverUrl: string
  username: string
  password: string
}

/** A calendar collection found on the server. */
export interface CaldavCalendar {
  url: string
  name: string
  color: string | null
  timeZone: string | null
  /** False when the server says this user may not write events there (a calendar shared read-only). */
  writable: boolean
}

/** What discovery learned about an account. */
export interface DiscoveredAccount {
  principalUrl: string
  homeUrl: string
  /** The owner's calendar-user addresses (lowercase, no `mailto:`), to recognise their own RSVPs. */
  selfAddresses: string[]
  calendars: CaldavCalendar[]
}

export interface CalendarObject {
  url: string
  etag: string | null
  data: string
}

/** An HTTP status of 400 or more from the CalDAV server. */
export class DavHttpError extends Error {
  readonly status: number
  constructor(status: number, method: string, url: string) {
    super(`${method} ${new URL(url).pathname} answered ${status}`)
    this.name = 'DavHttpError'
    this.status = status
  }
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504])
const MAX_ATTEMPTS = 4

/**
 * The one client of a CalDAV server (through tsdav): Basic auth, every request inside the caller's
 * AbortSignal, jittered retries for 429/5xx/network failures, and the server's answers mapped to
 * CalendarError codes. A multistatus entry that is not 2xx fails the request: an unreadable
 * calendar is never read as an empty one.
 */
export class CaldavClient {
  readonly #login: CaldavLogin
  readonly #headers: Record<string, string>
  readonly #attemptTimeoutMs: number
  readonly #random: () => number

  constructor(login: CaldavLogin, options: { attemptTimeoutMs?: number; random?: () => number } = {}) {
    this.#login = login
    this.#headers = { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` }
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 8_000
    this.#random = options.random ?? Math.random
  }

  /** Finds the principal, the calendar home, the owner's addresses and the event calendars. */
  discover(signal: AbortSignal): Promise<DiscoveredAccount> {
    return this.#run(signal, async (fetchOptions) => {
      const account = await createAccount({
        account: { accountType: 'caldav', serverUrl: this.#login.serverUrl },
        headers: this.#headers,
        fetchOptions,
        fetch: checkedFetch,
      }).catch((error: unknown) => {
        if (error instanceof DavHttpError || isNetworkError(error)) throw error
        throw new CalendarError('invalid', `No CalDAV service was found at ${this.#login.serverUrl}. Check the server address.`, { cause: error })
      })
      const [calendars, addresses, readOnly] = await Promise.all([
        fetchCalendars({ account, headers: this.#headers, fetchOptions, fetch: checkedFetch }),
        fetchCalendarUserAddresses({ account, headers: this.#headers, fetchOptions, fetch: checkedFetch }).catch(() => [] as string[]),
        this.#readOnlyCollections(account.homeUrl, fetchOptions),
      ])
      return {
        principalUrl: account.principalUrl ?? '',
        homeUrl: account.homeUrl ?? '',
        selfAddresses: selfAddresses(addresses, this.#login.username),
        calendars: calendars
          .filter((calendar) => !calendar.components || calendar.components.includes('VEVENT'))
          .map((calendar) => ({
            url: calendar.url,
            name: displayName(calendar.displayName, calendar.url),
            color: typeof calendar.calendarColor === 'string' ? calendar.calendarColor : null,
            timeZone: zoneOf(calendar.timezone),
            writable: !readOnly.has(new URL(calendar.url).pathname),
          })),
      }
    }, 2)
  }

  /**
   * Paths of the collections in the calendar home that this user may read but not write
   * (`current-user-privilege-set` without write, write-content or all). A server that does not
   * say is taken at its word later: a refused write is an error then, never a silent loss.
   */
  async #readOnlyCollections(homeUrl: string | undefined, fetchOptions: RequestInit): Promise<Set<string>> {
    if (!homeUrl) return new Set()
    const responses = await propfind({ url: homeUrl, props: { 'd:current-user-privilege-set': {} }, depth: '1', headers: this.#headers, fetchOptions, fetch: checkedFetch }).catch(() => [] as DAVResponse[])
    const readOnly = new Set<string>()
    for (const response of responses) {
      const privileges = response.props?.currentUserPrivilegeSet?.privilege as unknown
      if (!response.ok || !response.href || privileges === undefined) continue
      const names = (Array.isArray(privileges) ? privileges : [privileges]).flatMap((privilege) => (privilege && typeof privilege === 'object' ? Object.keys(privilege) : []))
      if (!names.some((name) => name === 'write' || name === 'writeContent' || name === 'all')) readOnly.add(new URL(response.href, homeUrl).pathname)
    }
    return readOnly
  }

  /** The calendar's objects with an event overlapping [from, to), recurrences expanded where the server can. */
  queryEvents(calendarUrl: string, from: number, to: number, signal: AbortSignal): Promise<CalendarObject[]> {
    const range = { start: davTime(from), end: davTime(to) }
    return this.#run(signal, async (fetchOptions) => {
      const responses = await calendarQuery({
        url: calendarUrl,
        props: { 'd:getetag': {}, 'c:calendar-data': { 'c:expand': { _attributes: range } } },
        filters: { 'comp-filter': { _attributes: { name: 'VCALENDAR' }, 'comp-filter': { _attributes: { name: 'VEVENT' }, 'time-range': { _attributes: range } } } },
        depth: '1',
        headers: this.#headers,
        fetchOptions,
        fetch: checkedFetch,
      })
      return objectsOf(responses, calendarUrl, 'REPORT')
    })
  }

  /** The VFREEBUSY answer of a free-busy-query, or null when the server does not implement it. */
  freeBusy(calendarUrl: string, from: number, to: number, signal: AbortSignal): Promise<string | null> {
    return this.#run(signal, async (fetchOptions) => {
      const timeRange = { start: new Date(from).toISOString(), end: new Date(to).toISOString() }
      const response = await freeBusyQuery({ url: calendarUrl, timeRange, depth: '1', headers: this.#headers, fetchOptions, fetch: checkedFetch }).catch((error: unknown) => {
        // tsdav throws a plain Error for a multistatus with no VFREEBUSY (Radicale's answer): not supported.
        if (error instanceof DavHttpError || isNetworkError(error)) throw error
        return null
      })
      return typeof response?.raw === 'string' && response.raw.includes('BEGIN:VFREEBUSY') ? response.raw : null
    }).catch((error: unknown) => {
      // Servers without the report answer 403, 404, 405, 415 or 501 (or a multistatus without VFREEBUSY).
      if (error instanceof CalendarError && error.code !== 'not_connected' && error.code !== 'calendar_unavailable') return null
      throw error
    })
  }

  /** One object, or null when it does not exist. */
  getObject(url: string, signal: AbortSignal): Promise<CalendarObject | null> {
    return this.#run(signal, async (fetchOptions) => {
      const response = await checkedFetch(url, { ...fetchOptions, method: 'GET', headers: this.#headers })
      return { url, etag: response.headers.get('etag'), data: await response.text() }
    }).catch((error: unknown) => {
      if (error instanceof CalendarError && error.code === 'not_found') return null
      throw error
    })
  }

  /** Creates `<filename>` only if it does not exist yet; 'exists' when an object already has that name. */
  createObject(calendarUrl: string, filename: string, ics: string, signal: AbortSignal): Promise<'created' | 'exists'> {
    return this.#run(signal, async (fetchOptions) => {
      await createCalendarObject({ calendar: { url: calendarUrl }, filename, iCalString: ics, headers: this.#headers, fetchOptions, fetch: checkedFetch })
      return 'created' as const
    }).catch((error: unknown) => {
      if (error instanceof CalendarError && error.cause instanceof DavHttpError && error.cause.status === 412) return 'exists' as const
      throw error
    })
  }

  /** Replaces the object if it still has `etag`; 'changed' when someone changed it in between. */
  updateObject(object: CalendarObject, ics: string, signal: AbortSignal): Promise<'updated' | 'changed'> {
    return this.#run(signal, async (fetchOptions) => {
      await updateCalendarObject({ calendarObject: { url: object.url, etag: object.etag ?? undefined, data: ics }, headers: this.#headers, fetchOptions, fetch: checkedFetch })
      return 'updated' as const
    }).catch((error: unknown) => {
      if (error instanceof CalendarError && error.cause instanceof DavHttpError && error.cause.status === 412) return 'changed' as const
      throw error
    })
  }

  /** Deletes the object; one already gone counts as deleted. */
  deleteObject(url: string, signal: AbortSignal): Promise<void> {
    return this.#run(signal, async (fetchOptions) => {
      await deleteCalendarObject({ calendarObject: { url }, headers: this.#headers, fetchOptions, fetch: checkedFetch })
    }).catch((error: unknown) => {
      if (error instanceof CalendarError && error.code === 'not_found') return
      throw error
    })
  }

  /**
   * Runs one request inside the signal's budget and maps its failure to a CalendarError. 429, 5xx
   * and network failures are retried with jittered backoff, at most `attempts` times: a server that
   * refuses connections is down, and a caller on the phone should hear so in a second or two.
   */
  async #run<T>(signal: AbortSignal, request: (fetchOptions: RequestInit) => Promise<T>, attempts = MAX_ATTEMPTS): Promise<T> {
    let last: unknown = null
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (signal.aborted) break
      const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(this.#attemptTimeoutMs)])
      try {
        return await request({ signal: attemptSignal })
      } catch (error) {
        if (error instanceof CalendarError) throw error
        last = error
        const retry = !signal.aborted && (isNetworkError(error) || (error instanceof DavHttpError && RETRY_STATUSES.has(error.status)) || attemptSignal.aborted)
        if (!retry) break
        if (attempt + 1 < attempts) await sleep(backoff(attempt, this.#random), signal).catch(() => undefined)
      }
    }
    throw last === null || signal.aborted ? new CalendarError('calendar_unavailable', `${this.#host()} did not answer in time.`, { cause: last }) : this.#toCalendarError(last)
  }

  #toCalendarError(error: unknown): CalendarError {
    const host = this.#host()
    if (!(error instanceof DavHttpError)) return new CalendarError('calendar_unavailable', `${host} could not be reached.`, { cause: error })
    if (error.status === 401) return new CalendarError('not_connected', `${host} refused the username or app password.`, { cause: error })
    if (error.status === 403) return new CalendarError('calendar_unavailable', `${host} refused access to the calendar.`, { cause: error })
    if (error.status === 404 || error.status === 410) return new CalendarError('not_found', 'The calendar or event was not found.', { cause: error })
    if (error.status === 412) return new CalendarError('conflict', 'The event changed or already exists.', { cause: error })
    if (RETRY_STATUSES.has(error.status) || error.status >= 500) return new CalendarError('calendar_unavailable', `${host} is not answering right now.`, { cause: error })
    return new CalendarError('invalid', `${host} refused the request (${error.status}).`, { cause: error })
  }

  #host(): string {
    try {
      return new URL(this.#login.serverUrl).host
    } catch {
      return 'The CalDAV server'
    }
  }
}

/** fetch that throws DavHttpError for any status of 400 or more (tsdav would otherwise hand back an empty result). */
async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init)
  if (response.status >= 400) {
    await response.body?.cancel().catch(() => undefined)
    throw new DavHttpError(response.status, init?.method ?? 'GET', typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  }
  return response
}

function objectsOf(responses: DAVResponse[], calendarUrl: string, method: string): CalendarObject[] {
  const objects: CalendarObject[] = []
  for (const response of responses) {
    if (!response.ok) throw new DavHttpError(response.status ?? 500, method, new URL(response.href ?? '', calendarUrl).href)
    const data = calendarData(response.props?.calendarData)
    if (!data || !response.href) continue
    objects.push({ url: new URL(response.href, calendarUrl).href, etag: response.props?.getetag == null ? null : String(response.props.getetag), data })
  }
  return objects
}

function calendarData(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && '_cdata' in value && typeof value._cdata === 'string') return value._cdata
  return null
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true
  return error.name === 'TypeError' && /fetch failed|network/i.test(error.message)
}

function davTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`
}

function selfAddresses(hrefs: readonly string[], username: string): string[] {
  const addresses = hrefs.filter((href) => /^mailto:/i.test(href)).map((href) => href.replace(/^mailto:/i, '').toLowerCase())
  if (username.includes('@')) addresses.push(username.toLowerCase())
  return [...new Set(addresses)]
}

function displayName(name: string | Record<string, unknown> | undefined, url: string): string {
  if (typeof name === 'string' && name.trim()) return name.trim()
  return decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url)
}

function zoneOf(vtimezone: string | undefined): string | null {
  const match = typeof vtimezone === 'string' ? /TZID:([^\r\n]+)/.exec(vtimezone) : null
  return match?.[1]?.trim() ?? null
}
