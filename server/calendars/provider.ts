/** A busy interval reported by a calendar (epoch ms). */
export interface CalendarBusy {
  start: number
  end: number
  calendarId: string
}

/** Free/busy for several calendars; an unreadable calendar is listed, never treated as free. */
export interface FreeBusyResult {
  busy: CalendarBusy[]
  unavailable: { calendarId: string; reason: string }[]
}

export interface NewEvent {
  /** Client-chosen id derived from the booking, so a retried insert is recognised. */
  id: string
  title: string
  description: string | null
  start: number
  end: number
  timeZone: string
  attendee: { email: string; name: string | null }
  sendInvitations: boolean
  addMeetLink: boolean
  /** Marks the event as Slotline's (`extendedProperties.private`). */
  marker: Record<string, string>
}

export interface CalendarEvent {
  id: string
  status: 'confirmed' | 'tentative' | 'cancelled'
  start: number
  end: number
  title: string
  htmlLink: string | null
  meetLink: string | null
  marker: Record<string, string>
  attendees: string[]
}

export interface CalendarInfo {
  id: string
  summary: string
  primary: boolean
  accessRole: string
  timeZone: string | null
  /** Which kind of account the calendar belongs to. */
  source: 'google' | 'caldav'
  /** The account's label (a CalDAV account's), or null for Google's. */
  account: string | null
}

export type CalendarErrorCode = 'not_connected' | 'calendar_unavailable' | 'not_found' | 'conflict' | 'invalid'

/** A calendar failure mapped to the code the assistant's result carries. */
export class CalendarError extends Error {
  readonly code: CalendarErrorCode
  constructor(code: CalendarErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CalendarError'
    this.code = code
  }
}

/**
 * The one narrow interface every calendar source implements. Every method takes an AbortSignal
 * that carries the tool call's time budget.
 */
export interface CalendarProvider {
  /**
   * Busy time of the calendars in [from, to). With `ignoreAllDay`, all-day events do not count
   * (a provider whose free/busy cannot tell them apart reads the events instead).
   */
  freeBusy(calendarIds: readonly string[], from: number, to: number, signal: AbortSignal, options?: { ignoreAllDay?: boolean }): Promise<FreeBusyResult>
  /** Inserts the event; an insert whose id already exists and is ours returns the existing event. */
  createEvent(calendarId: string, event: NewEvent, signal: AbortSignal): Promise<CalendarEvent>
  getEvent(calendarId: string, eventId: string, signal: AbortSignal): Promise<CalendarEvent | null>
  moveEvent(calendarId: string, eventId: string, move: { start: number; end: number; timeZone: string; sendUpdates: boolean }, signal: AbortSignal): Promise<CalendarEvent>
  /** Deletes the event; an event already gone counts as deleted. */
  deleteEvent(calendarId: string, eventId: string, sendUpdates: boolean, signal: AbortSignal): Promise<void>
  listCalendars(signal: AbortSignal): Promise<CalendarInfo[]>
}
