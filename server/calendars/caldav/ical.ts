// iCalendar for the CalDAV provider: reading busy time, free/busy replies and events out of calendar
// object resources, and writing the events Slotline PUTs. Pure functions; see each file for contracts:
//   ical-read.ts  — ICalError, busyFromICalendar, busyFromFreeBusy, parseEvent
//   ical-write.ts — buildEvent, moveEventICalendar, vtimezone
//   vtimezone.ts  — RFC 5545 local-time rules, TZID lookup, VTIMEZONE generation from luxon

export { ICalError, busyFromFreeBusy, busyFromICalendar, parseEvent } from './ical-read.ts'
export type { BusyReadOptions, ParsedEvent } from './ical-read.ts'
export { buildEvent, moveEventICalendar, vtimezone } from './ical-write.ts'
export type { BookingEvent } from './ical-write.ts'
