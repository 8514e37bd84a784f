import { DateTime } from 'luxon'
import type { CalendarProvider } from '../calendars/provider.ts'
import { RequestError } from '../errors.ts'
import { explainAvailability } from '../scheduling/index.ts'
import type { Busy, RefusalReason } from '../scheduling/types.ts'
import type { MeetingType, Settings } from '../settings/settings-schema.ts'
import type { Db } from '../store/open-database.ts'
import { computeAvailability } from '../tools/availability.ts'
import { findMeetingType } from '../tools/meeting-type.ts'
import { rulesFor, typePadding } from '../tools/rules-for.ts'
import { ToolFailure } from '../tools/tool-result.ts'

const DAYS = 7

/** The availability tester's picture of seven local days (`POST /api/calendar/explain`). */
export interface WeekExplanation {
  time_zone: string
  duration: number
  meeting_type: string
  days: { date: string; start: string; end: string }[]
  working: { start: string; end: string }[]
  busy: { start: string; end: string; calendarId: string; kind: 'event' | 'booking' }[]
  slots: { start: string; end: string }[]
  refused: { start: string; end: string; reason: RefusalReason; calendarId?: string }[]
  /** A readable name for every calendar id above that has one (CalDAV ids are long URLs). */
  calendar_names: Record<string, string>
}

export interface ExplainRequest {
  date: string
  duration?: number
  meetingType?: string
}

/**
 * Reads free/busy for the seven days starting at `date` in the consultant's zone (the same read
 * the assistant's functions make) and asks the engine why each candidate start is offered or
 * refused. Instants come back as ISO strings with the consultant's offset.
 */
export async function explainWeek(
  deps: { db: Db; provider: CalendarProvider; settings: Settings; now: number; calendarNames?: Record<string, string> },
  request: ExplainRequest,
  signal: AbortSignal,
): Promise<WeekExplanation> {
  const { settings } = deps
  const zone = settings.time_zone
  const type = pickType(settings, request.meetingType)
  const duration = request.duration ?? type.duration
  const first = DateTime.fromISO(request.date, { zone })
  if (!first.isValid) throw new RequestError(400, 'date: must be a date like "2026-12-24"', 'date')
  const from = first.startOf('day')
  const to = from.plus({ days: DAYS })
  const rules = rulesFor(settings, type)
  const query = { rules, calendarIds: settings.calendar_ids, duration, from: from.toMillis(), to: to.toMillis(), now: deps.now, padding: typePadding(settings) }
  const { busy } = await computeAvailability(deps.db, deps.provider, query, signal).catch(asRequestError)
  const explanation = explainAvailability({ rules, busy, now: deps.now, duration, from: query.from, to: query.to })
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!
  const span = (interval: { start: number; end: number }) => ({ start: iso(interval.start), end: iso(interval.end) })
  return {
    time_zone: zone,
    duration,
    meeting_type: type.id,
    days: Array.from({ length: DAYS }, (_, i) => {
      const day = from.plus({ days: i })
      return { date: day.toISODate()!, start: iso(day.toMillis()), end: iso(day.plus({ days: 1 }).toMillis()) }
    }),
    working: explanation.workingRanges.map(span),
    busy: busy
      .filter((b) => b.end > query.from && b.start < query.to && !b.transparent && !isOwnEvent(b, busy))
      .map((b) => ({ ...span(b), calendarId: b.calendarId, kind: b.kind })),
    slots: explanation.slots.map(span),
    refused: explanation.refused.map((r) => ({ ...span(r), reason: r.reason, ...(r.calendarId ? { calendarId: r.calendarId } : {}) })),
    calendar_names: deps.calendarNames ?? {},
  }
}

// A Slotline booking is also an event in its calendar's free/busy: draw it once, as the booking
// (whose interval includes its meeting type's own buffers).
function isOwnEvent(entry: Busy, all: readonly Busy[]): boolean {
  return entry.kind === 'event' && all.some((b) => b.kind === 'booking' && b.start <= entry.start && b.end >= entry.end)
}

function pickType(settings: Settings, id: string | undefined): MeetingType {
  const found = findMeetingType(settings, id)
  if (!found) throw new RequestError(400, `meeting_type: no meeting type "${id}"`, 'meeting_type')
  return found
}

function asRequestError(error: unknown): never {
  if (error instanceof ToolFailure && error.code === 'not_connected') {
    throw new RequestError(409, 'A calendar is not connected, or its server refused the password. Check it on the Calendar page.')
  }
  if (error instanceof ToolFailure) throw new RequestError(502, 'A calendar could not be read right now (its server is not answering, or it refused access). Try again in a moment.')
  throw error
}
