// In-memory calendars and their events, plus the freeBusy computation over them.
import type { calendar_v3 } from 'googleapis'
import { apiError } from './errors.ts'
import { eventInterval, mergeBusy, renderEventTime, type Interval } from './event-time.ts'
import type { EventContext } from './event-resource.ts'
import type { AccessRole, CalendarSpec, EventWrite, StoredEvent } from './types.ts'

export interface EventRecord {
  event: calendar_v3.Schema$Event
  writes: EventWrite[]
}

export interface CalendarRecord {
  id: string
  summary: string
  accessRole: AccessRole
  primary: boolean
  timeZone: string
  freeBusyError?: CalendarSpec['freeBusyError']
  events: Map<string, EventRecord>
}

const ROLE_RANK: Record<AccessRole, number> = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 }

/** Whether `role` is at least `min` (freeBusyReader < reader < writer < owner). */
export function roleAtLeast(role: AccessRole, min: AccessRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min]
}

export interface CalendarStore {
  readonly accountEmail: string
  /** Adds a calendar, or updates an existing one's settings (its events are kept). */
  upsert(spec: CalendarSpec): CalendarRecord
  /** Resolves an id or the 'primary' alias; undefined when unknown. */
  find(id: string): CalendarRecord | undefined
  /** Like find, but throws Google's 404 notFound. */
  require(id: string): CalendarRecord
  /** Throws 403 requiredAccessLevel unless the calendar is writable. */
  requireWriter(cal: CalendarRecord): void
  all(): CalendarRecord[]
  context(cal: CalendarRecord, conferenceDataVersion?: string): EventContext
  /** Busy intervals of opaque, non-cancelled events, clipped to [min, max) and merged. */
  busy(cal: CalendarRecord, min: number, max: number): Interval[]
  /** An event rendered for responses in `zone` (default: the calendar's zone). */
  render(cal: CalendarRecord, record: EventRecord, zone?: string): calendar_v3.Schema$Event
  /** Rendered event plus fake bookkeeping, for test assertions. */
  stored(cal: CalendarRecord, record: EventRecord): StoredEvent
}

/** A store holding the account's primary calendar (id = accountEmail, America/New_York). */
export function createCalendarStore(accountEmail: string): CalendarStore {
  const calendars = new Map<string, CalendarRecord>()

  const store: CalendarStore = {
    accountEmail,
    upsert(spec) {
      const existing = calendars.get(spec.id)
      if (spec.primary) for (const c of calendars.values()) c.primary = false
      const record: CalendarRecord = {
        id: spec.id,
        summary: spec.summary,
        accessRole: spec.accessRole ?? existing?.accessRole ?? 'owner',
        primary: spec.primary ?? existing?.primary ?? false,
        timeZone: spec.timeZone ?? existing?.timeZone ?? 'America/New_York',
        freeBusyError: spec.freeBusyError,
        events: existing?.events ?? new Map(),
      }
      calendars.set(spec.id, record)
      return record
    },
    find(id) {
      if (id === 'primary') return [...calendars.values()].find((c) => c.primary)
      return calendars.get(id)
    },
    require(id) {
      const cal = store.find(id)
      if (!cal) throw apiError(404, 'notFound')
      return cal
    },
    requireWriter(cal) {
      if (!roleAtLeast(cal.accessRole, 'writer')) throw apiError(403, 'requiredAccessLevel')
    },
    all: () => [...calendars.values()],
    context(cal, conferenceDataVersion) {
      return {
        calendarId: cal.id, calendarSummary: cal.summary, calendarZone: cal.timeZone,
        isPrimary: cal.primary, accountEmail, conferenceDataVersion,
      }
    },
    busy(cal, min, max) {
      const intervals: Interval[] = []
      for (const { event } of cal.events.values()) {
        if (event.status === 'cancelled' || event.transparency === 'transparent') continue
        if (!event.start || !event.end) continue
        intervals.push(eventInterval(event.start, event.end, cal.timeZone))
      }
      return mergeBusy(intervals, min, max)
    },
    render(cal, record, zone) {
      const event = structuredClone(record.event)
      const target = zone ?? cal.timeZone
      if (event.start) event.start = renderEventTime(event.start, target)
      if (event.end) event.end = renderEventTime(event.end, target)
      return event
    },
    stored(cal, record) {
      const last = record.writes.at(-1)
      return {
        ...store.render(cal, record),
        _calendarId: cal.id,
        _sendUpdates: last?.sendUpdates,
        _writes: record.writes.map((w) => ({ ...w })),
      }
    },
  }

  store.upsert({ id: accountEmail, summary: accountEmail, primary: true, accessRole: 'owner', timeZone: 'America/New_York' })
  return store
}
