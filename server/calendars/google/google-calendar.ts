// googleapis' calendar entry alone: loading the whole package costs ~400 ms and ~90 MB at start-up.
import { calendar as calendarApi, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js'
import type { OAuth2Client } from 'google-auth-library'
import type { GoogleAuth } from '../../auth/google-oauth.ts'
import { CalendarError, type CalendarBusy, type CalendarEvent, type CalendarInfo, type CalendarProvider, type FreeBusyResult, type NewEvent } from '../provider.ts'
import { classify, googleReason, unavailable, withGoogleRetry } from './google-retry.ts'

/** Google allows at most 50 calendars and about 90 days per freeBusy query. */
const MAX_CALENDARS_PER_QUERY = 50
const MAX_RANGE_MS = 89 * 24 * 3_600_000

/** The Google Calendar v3 provider, through googleapis, at `apiRoot` (the contract's override). */
export function googleCalendarProvider(auth: GoogleAuth, apiRoot: string): CalendarProvider {
  // One Calendar client per OAuth client: building one per call costs time and memory.
  let cached: { client: OAuth2Client; calendar: calendar_v3.Calendar } | null = null
  const api = async (signal: AbortSignal) => {
    const client = await auth.client()
    if (!client) throw new CalendarError('not_connected', 'Google Calendar is not connected.')
    if (cached?.client !== client) cached = { client, calendar: calendarApi({ version: 'v3', auth: client, rootUrl: apiRoot }) }
    return { calendar: cached.calendar, client, signal }
  }
  const call = <T>(signal: AbortSignal, run: (calendar: calendar_v3.Calendar, attemptSignal: AbortSignal) => Promise<T>): Promise<T> =>
    api(signal).then(({ calendar, client }) =>
      withGoogleRetry((attemptSignal) => run(calendar, attemptSignal), {
        signal,
        refresh: () => auth.refreshNow(client),
        revoked: () => auth.markRevoked(),
      }).catch((error: unknown) => {
        throw toCalendarError(error)
      }),
    )
  const opts = (attemptSignal: AbortSignal) => ({ signal: attemptSignal, retry: false })

  /** Busy time from the events themselves (timed, opaque, not cancelled, not declined): one list per calendar. */
  const timedBusy = async (calendarIds: readonly string[], from: number, to: number, signal: AbortSignal): Promise<FreeBusyResult> => {
    const perCalendar = await Promise.all(
      calendarIds.map(async (calendarId): Promise<FreeBusyResult> => {
        try {
          const busy: CalendarBusy[] = []
          let pageToken: string | undefined
          do {
            const { data } = await call(signal, (calendar, s) =>
              calendar.events.list(
                { calendarId, timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), singleEvents: true, maxResults: 2500, pageToken },
                opts(s),
              ),
            )
            for (const event of data.items ?? []) {
              const interval = blockingInterval(event)
              if (interval) busy.push({ calendarId, ...interval })
            }
            pageToken = data.nextPageToken ?? undefined
          } while (pageToken)
          return { busy, unavailable: [] }
        } catch (error) {
          if (error instanceof CalendarError && error.code !== 'not_connected') return { busy: [], unavailable: [{ calendarId, reason: error.code }] }
          throw error
        }
      }),
    )
    return { busy: perCalendar.flatMap((r) => r.busy), unavailable: perCalendar.flatMap((r) => r.unavailable) }
  }

  return {
    async freeBusy(calendarIds, from, to, signal, options) {
      if (options?.ignoreAllDay) return timedBusy(calendarIds, from, to, signal)
      const chunks = chunkQueries(calendarIds, from, to)
      const answers = await Promise.all(
        chunks.map((chunk) =>
          call(signal, (calendar, s) =>
            calendar.freebusy.query(
              { requestBody: { timeMin: new Date(chunk.from).toISOString(), timeMax: new Date(chunk.to).toISOString(), items: chunk.ids.map((id) => ({ id })) } },
              opts(s),
            ),
          ),
        ),
      )
      return mergeFreeBusy(answers.map((answer) => answer.data))
    },

    async createEvent(calendarId, event, signal) {
      try {
        const { data } = await call(signal, (calendar, s) =>
          calendar.events.insert(
            { calendarId, sendUpdates: event.sendInvitations ? 'all' : 'none', conferenceDataVersion: event.addMeetLink ? 1 : 0, requestBody: toGoogleEvent(event) },
            opts(s),
          ),
        )
        return fromGoogleEvent(data)
      } catch (error) {
        if (!(error instanceof CalendarError) || error.code !== 'conflict') throw error
        // 409 duplicate: an earlier attempt of this very booking got through. Confirm it is ours.
        const existing = await this.getEvent(calendarId, event.id, signal)
        if (existing && existing.marker.slotlineBooking === event.marker.slotlineBooking && existing.status !== 'cancelled') return existing
        throw new CalendarError('conflict', 'An event with this id exists and is not this booking.')
      }
    },

    async getEvent(calendarId, eventId, signal) {
      try {
        const { data } = await call(signal, (calendar, s) => calendar.events.get({ calendarId, eventId }, opts(s)))
        return fromGoogleEvent(data)
      } catch (error) {
        if (error instanceof CalendarError && error.code === 'not_found') return null
        throw error
      }
    },

    async moveEvent(calendarId, eventId, move, signal) {
      const { data } = await call(signal, (calendar, s) =>
        calendar.events.patch(
          {
            calendarId,
            eventId,
            sendUpdates: move.sendUpdates ? 'all' : 'none',
            requestBody: { start: { dateTime: new Date(move.start).toISOString(), timeZone: move.timeZone }, end: { dateTime: new Date(move.end).toISOString(), timeZone: move.timeZone } },
          },
          opts(s),
        ),
      )
      return fromGoogleEvent(data)
    },

    async deleteEvent(calendarId, eventId, sendUpdates, signal) {
      try {
        await call(signal, (calendar, s) => calendar.events.delete({ calendarId, eventId, sendUpdates: sendUpdates ? 'all' : 'none' }, opts(s)))
      } catch (error) {
        if (error instanceof CalendarError && error.code === 'not_found') return
        throw error
      }
    },

    async listCalendars(signal) {
      const items: CalendarInfo[] = []
      let pageToken: string | undefined
      do {
        const { data } = await call(signal, (calendar, s) => calendar.calendarList.list({ maxResults: 250, pageToken }, opts(s)))
        for (const item of data.items ?? []) {
          if (!item.id) continue
          items.push({ id: item.id, summary: item.summaryOverride ?? item.summary ?? item.id, primary: item.primary === true, accessRole: item.accessRole ?? 'reader', timeZone: item.timeZone ?? null, source: 'google', account: null })
        }
        pageToken = data.nextPageToken ?? undefined
      } while (pageToken)
      return items
    },
  }
}

/** Splits a freeBusy request into queries Google accepts (≤ 50 calendars, ≤ ~90 days). */
export function chunkQueries(ids: readonly string[], from: number, to: number): { ids: string[]; from: number; to: number }[] {
  const chunks: { ids: string[]; from: number; to: number }[] = []
  for (let i = 0; i < ids.length; i += MAX_CALENDARS_PER_QUERY) {
    const group = ids.slice(i, i + MAX_CALENDARS_PER_QUERY)
    for (let start = from; start < to; start += MAX_RANGE_MS) chunks.push({ ids: group, from: start, to: Math.min(to, start + MAX_RANGE_MS) })
  }
  return chunks
}

/** Merges freeBusy answers; a calendar with `errors` is unavailable, never free. */
export function mergeFreeBusy(answers: calendar_v3.Schema$FreeBusyResponse[]): FreeBusyResult {
  const busy: CalendarBusy[] = []
  const unavailable = new Map<string, string>()
  for (const answer of answers) {
    for (const [calendarId, entry] of Object.entries(answer.calendars ?? {})) {
      if (entry.errors && entry.errors.length > 0) {
        unavailable.set(calendarId, entry.errors[0]?.reason ?? 'unknown')
        continue
      }
      for (const period of entry.busy ?? []) {
        if (period.start && period.end) busy.push({ calendarId, start: Date.parse(period.start), end: Date.parse(period.end) })
      }
    }
  }
  return { busy, unavailable: [...unavailable].map(([calendarId, reason]) => ({ calendarId, reason })) }
}

/** The interval a listed event blocks, or null: all-day, transparent, cancelled and declined events block nothing. */
export function blockingInterval(event: calendar_v3.Schema$Event): { start: number; end: number } | null {
  if (event.status === 'cancelled' || event.transparency === 'transparent') return null
  if (!event.start?.dateTime || !event.end?.dateTime) return null
  if (event.attendees?.some((attendee) => attendee.self && attendee.responseStatus === 'declined')) return null
  return { start: Date.parse(event.start.dateTime), end: Date.parse(event.end.dateTime) }
}

function toGoogleEvent(event: NewEvent): calendar_v3.Schema$Event {
  return {
    id: event.id,
    summary: event.title,
    description: event.description ?? undefined,
    start: { dateTime: new Date(event.start).toISOString(), timeZone: event.timeZone },
    end: { dateTime: new Date(event.end).toISOString(), timeZone: event.timeZone },
    attendees: [{ email: event.attendee.email, displayName: event.attendee.name ?? undefined }],
    extendedProperties: { private: event.marker },
    reminders: { useDefault: true },
    conferenceData: event.addMeetLink ? { createRequest: { requestId: event.id, conferenceSolutionKey: { type: 'hangoutsMeet' } } } : undefined,
  }
}

function fromGoogleEvent(data: calendar_v3.Schema$Event): CalendarEvent {
  const video = data.conferenceData?.entryPoints?.find((point) => point.entryPointType === 'video')?.uri
  return {
    id: data.id ?? '',
    status: data.status === 'cancelled' ? 'cancelled' : data.status === 'tentative' ? 'tentative' : 'confirmed',
    start: Date.parse(data.start?.dateTime ?? data.start?.date ?? ''),
    end: Date.parse(data.end?.dateTime ?? data.end?.date ?? ''),
    title: data.summary ?? '',
    htmlLink: data.htmlLink ?? null,
    meetLink: data.hangoutLink ?? video ?? null,
    marker: { ...(data.extendedProperties?.private ?? {}) },
    attendees: (data.attendees ?? []).flatMap((attendee) => (attendee.email ? [attendee.email] : [])),
  }
}

/** Maps whatever Google (or the network) threw to a CalendarError with our code. */
function toCalendarError(error: unknown): CalendarError {
  if (error instanceof CalendarError) return error
  const failure = classify(error)
  if (failure.kind === 'fatal') {
    if (failure.status === 404 || failure.status === 410) return new CalendarError('not_found', 'The calendar or event was not found.', { cause: error })
    if (failure.status === 409) return new CalendarError('conflict', 'The event already exists.', { cause: error })
    if (failure.status === 400) return new CalendarError('invalid', `Google refused the request (${googleReason(error) ?? 'bad request'}).`, { cause: error })
    if (failure.status === 403) return unavailable(`Google refused access to the calendar (${googleReason(error) ?? 'forbidden'}).`, error)
  }
  if (failure.kind === 'auth') return new CalendarError('not_connected', 'Google rejected the credentials.', { cause: error })
  return unavailable('Google Calendar is not answering right now.', error)
}
