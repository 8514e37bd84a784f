// Write-side Calendar v3 endpoints: events.insert/get/update/patch/delete, and test seeding.
import type { calendar_v3 } from 'googleapis'
import { apiError } from './errors.ts'
import { jsonBody, type FakeRequest, type Reply } from './http-kit.ts'
import { checkEventId, createEvent, newEventId, patchEvent, replaceEvent } from './event-resource.ts'
import { seedTime } from './event-time.ts'
import type { CalendarRecord, CalendarStore, EventRecord } from './calendar-store.ts'
import type { EventWrite, SeedEvent, StoredEvent } from './types.ts'

function writeOf(method: EventWrite['method'], req: FakeRequest): EventWrite {
  const write: EventWrite = { method, at: Date.now() }
  const sendUpdates = req.query.get('sendUpdates')
  const conferenceDataVersion = req.query.get('conferenceDataVersion')
  if (sendUpdates !== null) write.sendUpdates = sendUpdates
  if (conferenceDataVersion !== null) write.conferenceDataVersion = conferenceDataVersion
  return write
}

function requireEvent(cal: CalendarRecord, eventId: string): EventRecord {
  const record = cal.events.get(eventId)
  if (!record) throw apiError(404, 'notFound')
  return record
}

/** POST .../calendars/{calendarId}/events */
export function insertEvent(store: CalendarStore, calendarId: string, req: FakeRequest): Reply {
  const cal = store.require(calendarId)
  store.requireWriter(cal)
  const body = jsonBody(req) as calendar_v3.Schema$Event
  const id = body.id === undefined || body.id === null ? newEventId() : checkEventId(body.id)
  // Ids stay taken after deletion: re-inserting a cancelled event's id is still a 409.
  if (cal.events.has(id)) throw apiError(409, 'duplicate')
  const event = createEvent(id, body, store.context(cal, req.query.get('conferenceDataVersion') ?? undefined))
  const record: EventRecord = { event, writes: [writeOf('POST', req)] }
  cal.events.set(id, record)
  return { status: 200, json: store.render(cal, record, req.query.get('timeZone') ?? undefined) }
}

/** GET .../events/{eventId} — cancelled events are still returned, with status 'cancelled'. */
export function getEvent(store: CalendarStore, calendarId: string, eventId: string, req: FakeRequest): Reply {
  const cal = store.require(calendarId)
  const record = requireEvent(cal, eventId)
  return { status: 200, json: store.render(cal, record, req.query.get('timeZone') ?? undefined) }
}

/** PATCH (merge) or PUT (replace) .../events/{eventId}; bumps sequence, records sendUpdates. */
export function updateEvent(store: CalendarStore, calendarId: string, eventId: string, req: FakeRequest): Reply {
  const cal = store.require(calendarId)
  const record = requireEvent(cal, eventId)
  store.requireWriter(cal)
  const body = jsonBody(req) as calendar_v3.Schema$Event
  if (body.id !== undefined && body.id !== null && body.id !== eventId) {
    throw apiError(400, 'invalid', { message: 'Invalid resource id value.' })
  }
  const ctx = store.context(cal, req.query.get('conferenceDataVersion') ?? undefined)
  const isPatch = req.method === 'PATCH'
  record.event = isPatch ? patchEvent(record.event, body, ctx) : replaceEvent(record.event, body, ctx)
  record.writes.push(writeOf(isPatch ? 'PATCH' : 'PUT', req))
  return { status: 200, json: store.render(cal, record, req.query.get('timeZone') ?? undefined) }
}

/** DELETE .../events/{eventId} → 204; a second delete is 410 deleted, an unknown id 404. */
export function deleteEvent(store: CalendarStore, calendarId: string, eventId: string, req: FakeRequest): Reply {
  const cal = store.require(calendarId)
  const record = requireEvent(cal, eventId)
  store.requireWriter(cal)
  if (record.event.status === 'cancelled') throw apiError(410, 'deleted')
  record.event = { ...record.event, status: 'cancelled', updated: new Date().toISOString() }
  record.writes.push(writeOf('DELETE', req))
  return { status: 204 }
}

/** Seeds an event without going through HTTP (no access checks); returns it as stored. */
export function seedEvent(store: CalendarStore, calendarId: string, seed: SeedEvent): StoredEvent {
  const cal = store.find(calendarId)
  if (!cal) throw new Error(`fake google: unknown calendar ${calendarId}`)
  const id = seed.id === undefined ? newEventId() : checkEventId(seed.id)
  if (cal.events.has(id)) throw new Error(`fake google: event ${id} already exists in ${cal.id}`)
  const allDay = seed.allDay ?? false
  const input: calendar_v3.Schema$Event = {
    summary: seed.summary,
    description: seed.description,
    location: seed.location,
    transparency: seed.transparency,
    status: seed.status,
    attendees: seed.attendees,
    extendedProperties: seed.extendedProperties,
    start: seedTime(seed.start, allDay, cal.timeZone),
    end: seedTime(seed.end, allDay, cal.timeZone),
  }
  const record: EventRecord = { event: createEvent(id, input, store.context(cal)), writes: [{ method: 'SEED', at: Date.now() }] }
  cal.events.set(id, record)
  return store.stored(cal, record)
}

/** All events of a calendar (cancelled included) as stored, oldest first. */
export function storedEvents(store: CalendarStore, calendarId: string): StoredEvent[] {
  const cal = store.find(calendarId)
  if (!cal) throw new Error(`fake google: unknown calendar ${calendarId}`)
  return [...cal.events.values()].map((r) => store.stored(cal, r))
}
