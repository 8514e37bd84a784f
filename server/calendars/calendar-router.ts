import { parseCaldavCalendarId } from './caldav/caldav-accounts.ts'
import type { CalendarInfo, CalendarProvider, FreeBusyResult } from './provider.ts'

/**
 * One CalendarProvider over every connected source: a `caldav:` id goes to CalDAV, any other id to
 * Google. Busy time is asked of both at once and merged, so conflicts are checked across all of
 * them; an unreadable calendar on either side is still reported, never dropped.
 */
export function calendarRouter(sources: { google: CalendarProvider; caldav: CalendarProvider; googleConnected: () => boolean }): CalendarProvider {
  const pick = (calendarId: string): CalendarProvider => (parseCaldavCalendarId(calendarId) ? sources.caldav : sources.google)
  return {
    async freeBusy(calendarIds, from, to, signal, options) {
      const caldavIds = calendarIds.filter((id) => parseCaldavCalendarId(id))
      const googleIds = calendarIds.filter((id) => !parseCaldavCalendarId(id))
      const answers: FreeBusyResult[] = await Promise.all([
        googleIds.length > 0 ? sources.google.freeBusy(googleIds, from, to, signal, options) : { busy: [], unavailable: [] },
        caldavIds.length > 0 ? sources.caldav.freeBusy(caldavIds, from, to, signal, options) : { busy: [], unavailable: [] },
      ])
      return { busy: answers.flatMap((answer) => answer.busy), unavailable: answers.flatMap((answer) => answer.unavailable) }
    },
    createEvent: (calendarId, event, signal) => pick(calendarId).createEvent(calendarId, event, signal),
    getEvent: (calendarId, eventId, signal) => pick(calendarId).getEvent(calendarId, eventId, signal),
    moveEvent: (calendarId, eventId, move, signal) => pick(calendarId).moveEvent(calendarId, eventId, move, signal),
    deleteEvent: (calendarId, eventId, sendUpdates, signal) => pick(calendarId).deleteEvent(calendarId, eventId, sendUpdates, signal),
    async listCalendars(signal) {
      const none: CalendarInfo[] = []
      const [google, caldav] = await Promise.all([sources.googleConnected() ? sources.google.listCalendars(signal) : none, sources.caldav.listCalendars(signal)])
      return [...google, ...caldav]
    },
  }
}
