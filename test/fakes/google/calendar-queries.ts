// Read-side Calendar v3 endpoints: freeBusy.query, calendarList.list/get, calendars.get, events.list.
import type { calendar_v3 } from 'googleapis'
import { apiError } from './errors.ts'
import { jsonBody, type FakeRequest, type Reply } from './http-kit.ts'
import { eventInterval, parseInstant, renderBusyInstant } from './event-time.ts'
import { roleAtLeast, type CalendarRecord, type CalendarStore } from './calendar-store.ts'
import type { AccessRole } from './types.ts'

const MAX_FREEBUSY_CALENDARS = 50
const MAX_FREEBUSY_RANGE_MS = 90 * 24 * 3600 * 1000
const DEFAULT_PAGE = 250
const MAX_PAGE = 2500

/** POST /calendar/v3/freeBusy — per-calendar busy ranges; unknown/broken calendars go in `errors`. */
export function freeBusy(store: CalendarStore, req: FakeRequest): Reply {
  const body = jsonBody(req) as calendar_v3.Schema$FreeBusyRequest
  if (!body.timeMin) throw apiError(400, 'required', { message: 'Missing timeMin parameter.', location: 'timeMin' })
  if (!body.timeMax) throw apiError(400, 'required', { message: 'Missing timeMax parameter.', location: 'timeMax' })
  const min = parseInstant(body.timeMin)
  const max = parseInstant(body.timeMax)
  if (min === undefined) throw apiError(400, 'badRequest', { message: 'Bad Request', location: 'timeMin' })
  if (max === undefined) throw apiError(400, 'badRequest', { message: 'Bad Request', location: 'timeMax' })
  if (max <= min) throw apiError(400, 'timeRangeEmpty', { location: 'timeMax' })
  if (max - min > MAX_FREEBUSY_RANGE_MS) throw apiError(400, 'timeRangeTooLong', { location: 'timeMax' })
  const items = body.items ?? []
  if (items.length > MAX_FREEBUSY_CALENDARS) throw apiError(400, 'tooManyCalendarsRequestedForFreeBusy')

  const zone = body.timeZone ?? undefined
  const calendars: Record<string, calendar_v3.Schema$FreeBusyCalendar> = {}
  for (const { id } of items) {
    if (!id) continue
    const cal = store.find(id)
    if (!cal || cal.freeBusyError) {
      calendars[id] = { errors: [{ domain: 'global', reason: cal?.freeBusyError ?? 'notFound' }], busy: [] }
      continue
    }
    calendars[id] = {
      busy: store.busy(cal, min, max).map((i) => ({ start: renderBusyInstant(i.start, zone), end: renderBusyInstant(i.end, zone) })),
    }
  }
  return {
    status: 200,
    json: {
      kind: 'calendar#freeBusy',
      timeMin: new Date(min).toISOString(),
      timeMax: new Date(max).toISOString(),
      calendars,
    },
  }
}

function listEntry(cal: CalendarRecord): calendar_v3.Schema$CalendarListEntry {
  return {
    kind: 'calendar#calendarListEntry',
    etag: '"1700000000000000"',
    id: cal.id,
    summary: cal.summary,
    timeZone: cal.timeZone,
    accessRole: cal.accessRole,
    defaultReminders: [],
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
    ...(cal.primary ? { primary: true } : {}),
  }
}

/** GET /calendar/v3/users/me/calendarList (honours minAccessRole). */
export function calendarList(store: CalendarStore, req: FakeRequest): Reply {
  const minRole = req.query.get('minAccessRole') as AccessRole | null
  const items = store.all().filter((c) => !minRole || roleAtLeast(c.accessRole, minRole)).map(listEntry)
  return { status: 200, json: { kind: 'calendar#calendarList', etag: '"p33g1700000000"', nextSyncToken: 'fake-sync', items } }
}

/** GET /calendar/v3/users/me/calendarList/{calendarId} */
export function calendarListEntry(store: CalendarStore, calendarId: string): Reply {
  return { status: 200, json: listEntry(store.require(calendarId)) }
}

/** GET /calendar/v3/calendars/{calendarId} */
export function getCalendar(store: CalendarStore, calendarId: string): Reply {
  const cal = store.require(calendarId)
  return {
    status: 200,
    json: { kind: 'calendar#calendar', etag: '"1700000000000000"', id: cal.id, summary: cal.summary, timeZone: cal.timeZone },
  }
}

function matchesText(event: calendar_v3.Schema$Event, q: string): boolean {
  const haystack = [event.summary, event.description, event.location,
    ...(event.attendees ?? []).flatMap((a) => [a.email, a.displayName])]
  return haystack.some((text) => text?.toLowerCase().includes(q.toLowerCase()))
}

function matchesProperties(props: Record<string, string> | undefined, filters: string[]): boolean {
  return filters.every((filter) => {
    const eq = filter.indexOf('=')
    if (eq < 1) throw apiError(400, 'invalid', { message: 'Invalid extended property value.' })
    return props?.[filter.slice(0, eq)] === filter.slice(eq + 1)
  })
}

/** GET /calendar/v3/calendars/{calendarId}/events — filtering, ordering and paging like Google. */
export function listEvents(store: CalendarStore, calendarId: string, req: FakeRequest): Reply {
  const cal = store.require(calendarId)
  const q = req.query
  const bound = (name: string): number | undefined => {
    const raw = q.get(name)
    if (raw === null) return undefined
    const ms = parseInstant(raw)
    if (ms === undefined) throw apiError(400, 'badRequest', { location: name })
    return ms
  }
  const timeMin = bound('timeMin')
  const timeMax = bound('timeMax')
  if (timeMin !== undefined && timeMax !== undefined && timeMax < timeMin) throw apiError(400, 'timeRangeEmpty', { location: 'timeMax' })
  const orderBy = q.get('orderBy')
  if (orderBy === 'startTime' && q.get('singleEvents') !== 'true') {
    throw apiError(400, 'badRequest', { message: 'The requested ordering is not available for the particular query.' })
  }
  const maxResults = Math.min(Number(q.get('maxResults') ?? DEFAULT_PAGE) || DEFAULT_PAGE, MAX_PAGE)
  const offset = q.get('pageToken') ? Number(Buffer.from(q.get('pageToken') ?? '', 'base64url').toString()) : 0
  if (!Number.isInteger(offset) || offset < 0) throw apiError(400, 'invalid', { message: 'Invalid page token value.' })

  const text = q.get('q')
  const privateFilters = q.getAll('privateExtendedProperty')
  const sharedFilters = q.getAll('sharedExtendedProperty')
  let records = [...cal.events.values()].filter(({ event }) => {
    if (event.status === 'cancelled' && q.get('showDeleted') !== 'true') return false
    const span = event.start && event.end ? eventInterval(event.start, event.end, cal.timeZone) : undefined
    if (span && timeMin !== undefined && span.end <= timeMin) return false
    if (span && timeMax !== undefined && span.start >= timeMax) return false
    if (text && !matchesText(event, text)) return false
    if (!matchesProperties(event.extendedProperties?.private ?? undefined, privateFilters)) return false
    return matchesProperties(event.extendedProperties?.shared ?? undefined, sharedFilters)
  })
  const startOf = (e: calendar_v3.Schema$Event): number =>
    e.start && e.end ? eventInterval(e.start, e.end, cal.timeZone).start : 0
  if (orderBy === 'startTime') records = records.sort((a, b) => startOf(a.event) - startOf(b.event))
  if (orderBy === 'updated') records = records.sort((a, b) => (a.event.updated ?? '').localeCompare(b.event.updated ?? ''))

  const page = records.slice(offset, offset + maxResults)
  const zone = q.get('timeZone') ?? cal.timeZone
  const json: Record<string, unknown> = {
    kind: 'calendar#events',
    etag: '"p3300000000000"',
    summary: cal.summary,
    updated: new Date().toISOString(),
    timeZone: cal.timeZone,
    accessRole: cal.accessRole,
    defaultReminders: [],
  }
  if (offset + maxResults < records.length) json.nextPageToken = Buffer.from(String(offset + maxResults)).toString('base64url')
  json.items = page.map((r) => store.render(cal, r, zone))
  return { status: 200, json }
}
