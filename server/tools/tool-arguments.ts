import { DateTime, IANAZone } from 'luxon'
import { z } from 'zod'
import { ToolFailure } from './tool-result.ts'

/** Minutes as a number or a numeric string ("30"), 5 to 720. */
const duration = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value),
  z.number({ error: 'The meeting length must be a number of minutes.' }).int('The meeting length must be whole minutes.').min(5, 'A meeting must be at least 5 minutes long.').max(720, 'A meeting can be at most 12 hours long.'),
)

const text = (max: number) => z.string().trim().max(max)
const email = z.string().trim().toLowerCase().pipe(z.email({ error: "That email address doesn't look right. Could you spell it out again?" }))
const zone = z.string().trim().refine((value) => IANAZone.isValidZone(value), { error: "I don't recognise that time zone." })
const when = z.string({ error: 'I need a date.' }).trim().min(1, 'I need a date.').max(64)
const meetingType = z.string().trim().min(1).max(40)
const count = z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), z.number().int().min(1).max(20))

export const findArgs = z.object({
  start_date: when,
  end_date: when.optional(),
  duration: duration.optional(),
  time_zone: zone.optional(),
  max_results: count.optional(),
  meeting_type: meetingType.optional(),
})

export const scheduleArgs = z.object({
  title: text(200).optional(),
  start_time: when,
  duration: duration.optional(),
  attendee_email: email,
  attendee_name: text(120).optional(),
  description: text(4000).optional(),
  time_zone: zone.optional(),
  meeting_type: meetingType.optional(),
})

export const nextArgs = z.object({
  duration: duration.optional(),
  after: when.optional(),
  time_zone: zone.optional(),
  meeting_type: meetingType.optional(),
})

const bookingRef = z.string().trim().min(1).max(64)

export const myMeetingsArgs = z.object({ attendee_email: email, time_zone: zone.optional(), meeting_type: meetingType.optional() })

export const cancelArgs = z.object({
  attendee_email: email,
  booking_id: bookingRef.optional(),
  start_time: when.optional(),
  time_zone: zone.optional(),
  meeting_type: meetingType.optional(),
})

export const rescheduleArgs = cancelArgs.extend({ new_start_time: when, duration: duration.optional() })

/**
 * Validates a function's arguments; any problem becomes `invalid_argument` with a sentence the
 * assistant can say. Unknown extra keys are ignored (Vapi may add static parameters).
 */
export function parseArguments<T extends z.ZodType>(schema: T, args: unknown): z.output<T> {
  const parsed = schema.safeParse(args ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = String(issue?.path[0] ?? 'arguments')
  const given = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[field] : undefined
  const message = given === undefined || given === null ? `I still need the ${spokenField(field)}.` : (issue?.message ?? 'Something in the request was not right.')
  throw new ToolFailure('invalid_argument', message)
}

function spokenField(field: string): string {
  return field.replace(/_/g, ' ').replace('attendee ', "caller's ")
}

export interface ParsedWhen {
  at: DateTime
  /** True when the value was a date alone ("2026-03-04"). */
  dateOnly: boolean
}

/**
 * Reads an ISO 8601 date or date-time. A value without an offset is read in `zone`. An
 * unparseable value is `invalid_argument`.
 */
export function parseWhen(value: string, zone: string, field: string): ParsedWhen {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
  let at = DateTime.fromISO(value, { zone, setZone: true })
  if (!at.isValid) at = DateTime.fromSQL(value, { zone, setZone: true })
  if (!at.isValid) throw new ToolFailure('invalid_argument', `I couldn't understand the ${field.replace(/_/g, ' ')}. Could you say the day and time again?`)
  return { at, dateOnly }
}
