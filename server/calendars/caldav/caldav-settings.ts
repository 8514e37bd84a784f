import type { Settings } from '../../settings/settings-schema.ts'
import type { CaldavAccountRow } from '../../store/caldav-accounts-repo.ts'
import { caldavCalendarId, parseCaldavCalendarId } from './caldav-accounts.ts'

const MAX_CALENDARS = 50
type CalendarSettings = Pick<Settings, 'calendar_ids' | 'booking_calendar_id'>

/**
 * The calendar settings once an account is added: its calendars join the ones checked for
 * conflicts; while Google is not connected, Google's untouched default (`primary`) gives way and
 * bookings go to the account's first calendar it may write to.
 */
export function calendarsAfterAdd(settings: CalendarSettings, account: CaldavAccountRow, googleConnected: boolean): CalendarSettings {
  const added = account.calendars.map((calendar) => caldavCalendarId(account.id, calendar.url))
  const writable = account.calendars.filter((calendar) => calendar.writable !== false).map((calendar) => caldavCalendarId(account.id, calendar.url))
  const kept = googleConnected ? settings.calendar_ids : settings.calendar_ids.filter((id) => id !== 'primary')
  const calendarIds = [...new Set([...kept, ...added])].slice(0, MAX_CALENDARS)
  const bookingOnGoogle = parseCaldavCalendarId(settings.booking_calendar_id) === null
  const booking = bookingOnGoogle && !googleConnected ? (writable[0] ?? settings.booking_calendar_id) : settings.booking_calendar_id
  return { calendar_ids: calendarIds, booking_calendar_id: booking }
}

/** The calendar settings once an account is removed: none of its calendars stay checked or chosen. */
export function calendarsAfterRemove(settings: CalendarSettings, accountId: string): CalendarSettings {
  const ofAccount = (id: string) => parseCaldavCalendarId(id)?.accountId === accountId
  const remaining = settings.calendar_ids.filter((id) => !ofAccount(id))
  const calendarIds = remaining.length > 0 ? remaining : ['primary']
  const booking = ofAccount(settings.booking_calendar_id) ? (calendarIds[0] ?? 'primary') : settings.booking_calendar_id
  return { calendar_ids: calendarIds, booking_calendar_id: booking }
}
