// iCalendar for the CalDAV provider: reading busy time, free/busy replies and events out of calendar
// object resources, and writing the events Slotline PUTs. Pure functions; see each file for contracts:
//   ical-read.ts       — ICalError, busyFromICalendar, busyFromFreeBusy, parseEvent (parsing, property readers)
//   ical-write.ts      — buildEvent, moveEventICalendar, vtimezone
//   ical-recurrence.ts — busy time of one UID: master series, RDATE/EXDATE, overridden instances
//   ical-values.ts     — DATE/DATE-TIME values on the time line, DTEND/DURATION lengths
//   ical-rrule.ts      — stepping RRULEs on the wall clock (VEVENT series and VTIMEZONE observances)
//   ical-wall.ts       — wall-clock encoding, time constants, DATE-TIME formatting
//   vtimezone.ts       — RFC 5545 local-time rules, TZID lookup, VTIMEZONE reading and generation from luxon

export { ICalError, busyFromFreeBusy, busyFromICalendar, parseEvent } from './ical-read.ts'
export type { BusyReadOptions, ParsedEvent } from './ical-read.ts'
export { buildEvent, moveEventICalendar, vtimezone } from './ical-write.ts'
export type { BookingEvent } from './ical-write.ts'
