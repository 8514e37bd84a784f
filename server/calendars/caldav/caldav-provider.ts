import { CalendarError, type CalendarBusy, type CalendarEvent, type CalendarInfo, type CalendarProvider, type FreeBusyResult, type NewEvent } from '../provider.ts'
import type { CaldavAccountRow } from '../../store/caldav-accounts-repo.ts'
import { caldavCalendarId, parseCaldavCalendarId, type CaldavAccounts } from './caldav-accounts.ts'
import type { CaldavClient } from './caldav-client.ts'
import { buildEvent, busyFromFreeBusy, busyFromICalendar, ICalError, moveEventICalendar, parseEvent, type ParsedEvent } from './ical.ts'

export interface CaldavProviderOptions {
  /** The zone floating times and all-day dates are read in: the consultant's. */
  floatingZone: () => string
  clock: () => number
}

/**
 * CalendarProvider for CalDAV calendars (`caldav:<account>:<url>` ids). Busy time comes from a
 * time-range calendar-query read event by event (opaque, not cancelled, not declined, recurrences
 * expanded); a server that answers free-busy-query is asked that instead, as it sends periods, not
 * whole events. Bookings are PUT as `<event id>.ics` with If-None-Match, so a retry finds its own.
 */
export function caldavProvider(accounts: CaldavAccounts, options: CaldavProviderOptions): CalendarProvider {
  const open = async (calendarId: string) => {
    const parsed = parseCaldavCalendarId(calendarId)
    if (!parsed) throw new CalendarError('not_found', `${calendarId} is not a CalDAV calendar.`)
    return { ...parsed, ...(await accounts.client(parsed.accountId)) }
  }
  /** Runs one request against an account's server and keeps its connected/refused state current. */
  const tracked = async <T>(account: CaldavAccountRow, run: () => Promise<T>): Promise<T> => {
    try {
      const value = await run()
      accounts.noteOutcome(account, null)
      return value
    } catch (error) {
      if (error instanceof CalendarError) accounts.noteOutcome(account, error)
      throw error
    }
  }
  const objectUrl = (calendarUrl: string, eventId: string) => new URL(`${encodeURIComponent(eventId)}.ics`, calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`).href

  const calendarBusy = async (calendarId: string, from: number, to: number, signal: AbortSignal, ignoreAllDay: boolean): Promise<FreeBusyResult> => {
    const { calendarUrl, account, client } = await open(calendarId)
    return tracked(account, async () => {
      if (!ignoreAllDay && accounts.freeBusySupport.get(account.id) !== false) {
        const answer = await client.freeBusy(calendarUrl, from, to, signal)
        accounts.freeBusySupport.set(account.id, answer !== null)
        if (answer !== null) return { busy: busyFromFreeBusy(answer).map((interval) => ({ calendarId, ...interval })), unavailable: [] }
      }
      const objects = await client.queryEvents(calendarUrl, from, to, signal)
      const busy: CalendarBusy[] = []
      for (const object of objects) {
        try {
          for (const interval of busyFromICalendar(object.data, { from, to, selfAddresses: account.selfAddresses, floatingZone: options.floatingZone(), ignoreAllDay })) busy.push({ calendarId, ...interval })
        } catch (error) {
          if (!(error instanceof ICalError)) throw error
          // An event we cannot read could be hiding busy time: the calendar is unreadable, never free.
          return { busy: [], unavailable: [{ calendarId, reason: `unreadable event ${new URL(object.url).pathname}` }] }
        }
      }
      return { busy, unavailable: [] }
    })
  }

  const readEvent = async (client: CaldavClient, url: string, eventId: string, signal: AbortSignal): Promise<{ event: CalendarEvent; etag: string | null; data: string } | null> => {
    const object = await client.getObject(url, signal)
    if (!object) return null
    const parsed = parseOrNull(object.data, options.floatingZone())
    return parsed ? { event: toCalendarEvent(eventId, parsed), etag: object.etag, data: object.data } : null
  }

  return {
    async freeBusy(calendarIds, from, to, signal, freeBusyOptions) {
      const answers = await Promise.all(
        calendarIds.map((calendarId) =>
          calendarBusy(calendarId, from, to, signal, freeBusyOptions?.ignoreAllDay === true).catch((error: unknown) => {
            if (error instanceof CalendarError && error.code !== 'not_connected') return { busy: [], unavailable: [{ calendarId, reason: error.code }] }
            throw error
          }),
        ),
      )
      return { busy: answers.flatMap((answer) => answer.busy), unavailable: answers.flatMap((answer) => answer.unavailable) }
    },

    async createEvent(calendarId, event, signal) {
      const { calendarUrl, account, client } = await open(calendarId)
      return tracked(account, async () => {
        const organizer = account.selfAddresses[0] ? { email: account.selfAddresses[0], name: null } : null
        const ics = buildEvent({ uid: event.id, title: event.title, description: event.description, start: event.start, end: event.end, timeZone: event.timeZone, organizer, attendee: event.attendee, sendInvitations: event.sendInvitations, marker: event.marker, now: options.clock() })
        const outcome = await client.createObject(calendarUrl, `${event.id}.ics`, ics, signal)
        if (outcome === 'created') return createdEvent(event)
        // The name is taken: an earlier attempt of this very booking got through, or it is not ours.
        const existing = await readEvent(client, objectUrl(calendarUrl, event.id), event.id, signal)
        if (existing && existing.event.marker.slotlineBooking === event.marker.slotlineBooking && existing.event.status !== 'cancelled') return existing.event
        throw new CalendarError('conflict', 'An event with this id exists and is not this booking.')
      })
    },

    async getEvent(calendarId, eventId, signal) {
      const { calendarUrl, account, client } = await open(calendarId)
      return tracked(account, async () => (await readEvent(client, objectUrl(calendarUrl, eventId), eventId, signal))?.event ?? null)
    },

    async moveEvent(calendarId, eventId, move, signal) {
      const { calendarUrl, account, client } = await open(calendarId)
      const url = objectUrl(calendarUrl, eventId)
      return tracked(account, async () => {
        // If-Match on the ETag we read: a change made meanwhile (the consultant's phone) is re-read, never overwritten.
        for (let attempt = 0; attempt < 3; attempt++) {
          const current = await readEvent(client, url, eventId, signal)
          if (!current) throw new CalendarError('not_found', 'The event was not found.')
          const moved = moveEventICalendar(current.data, { start: move.start, end: move.end, timeZone: move.timeZone, now: options.clock() })
          if ((await client.updateObject({ url, etag: current.etag, data: current.data }, moved, signal)) === 'updated') {
            const parsed = parseOrNull(moved, options.floatingZone())
            if (parsed) return toCalendarEvent(eventId, parsed)
          }
        }
        throw new CalendarError('calendar_unavailable', 'The event kept changing while it was being moved.')
      })
    },

    async deleteEvent(calendarId, eventId, _sendUpdates, signal) {
      const { calendarUrl, account, client } = await open(calendarId)
      await tracked(account, () => client.deleteObject(objectUrl(calendarUrl, eventId), signal))
    },

    async listCalendars() {
      return accounts.list().flatMap((account) =>
        account.calendars.map((calendar): CalendarInfo => ({
          id: caldavCalendarId(account.id, calendar.url),
          summary: calendar.name,
          primary: false,
          accessRole: calendar.writable === false ? 'reader' : 'owner',
          timeZone: calendar.timeZone,
          source: 'caldav',
          account: account.label,
        })),
      )
    },
  }
}

function parseOrNull(ics: string, floatingZone: string): ParsedEvent | null {
  try {
    return parseEvent(ics, floatingZone)
  } catch (error) {
    if (error instanceof ICalError) return null
    throw error
  }
}

function toCalendarEvent(eventId: string, parsed: ParsedEvent): CalendarEvent {
  return { id: eventId, status: parsed.status, start: parsed.start, end: parsed.end, title: parsed.title, htmlLink: null, meetLink: parsed.meetLink, marker: parsed.marker, attendees: parsed.attendees }
}

function createdEvent(event: NewEvent): CalendarEvent {
  return { id: event.id, status: 'confirmed', start: event.start, end: event.end, title: event.title, htmlLink: null, meetLink: null, marker: { ...event.marker }, attendees: [event.attendee.email.toLowerCase()] }
}
