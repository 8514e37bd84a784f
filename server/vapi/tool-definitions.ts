import type { MeetingType } from '../settings/settings-schema.ts'

type JsonSchema = Record<string, unknown>

interface FunctionSpec {
  name: string
  description: string
  properties: Record<string, JsonSchema>
  required: string[]
  waitMessage: string
}

const date = (description: string): JsonSchema => ({ type: 'string', description })
const zone: JsonSchema = { type: 'string', description: "The caller's IANA time zone, e.g. America/Los_Angeles, if they are not in the consultant's zone." }
const minutes: JsonSchema = { type: 'number', description: 'Meeting length in minutes.' }
const email: JsonSchema = { type: 'string', description: "The caller's email address, spelled out and confirmed." }
const bookingRef: JsonSchema = { type: 'string', description: 'The booking id (bk_…) from schedule_meeting or find_my_meetings.' }

const specs: FunctionSpec[] = [
  {
    name: 'find_available_times',
    description: 'Find free meeting times on a day or in a date range. Offer the spoken choices to the caller.',
    properties: {
      start_date: date('First day to search, ISO 8601 (YYYY-MM-DD), or a date-time.'),
      end_date: date('Last day to search (inclusive), ISO 8601. Omit to search only start_date.'),
      duration: minutes,
      time_zone: zone,
      max_results: { type: 'number', description: 'How many choices to offer (default 3).' },
    },
    required: ['start_date', 'duration'],
    waitMessage: 'One moment while I check the calendar.',
  },
  {
    name: 'schedule_meeting',
    description: 'Book a meeting at a start time that find_available_times or get_next_available offered, and send the invitation. Confirm the time and email with the caller first.',
    properties: {
      title: { type: 'string', description: 'Short meeting title, e.g. "Intro call with Sam Ortiz".' },
      start_time: date('Start, ISO 8601 with offset, exactly as a slot returned it.'),
      duration: minutes,
      attendee_email: email,
      attendee_name: { type: 'string', description: "The caller's name." },
      description: { type: 'string', description: 'What the meeting is about, in a sentence.' },
      time_zone: zone,
    },
    required: ['title', 'start_time', 'duration', 'attendee_email', 'description'],
    waitMessage: 'One moment while I book that.',
  },
  {
    name: 'get_next_available',
    description: 'Find the earliest free meeting times, optionally after a given date or time.',
    properties: { duration: minutes, after: date('Only times after this, ISO 8601. Omit for the earliest.'), time_zone: zone },
    required: ['duration'],
    waitMessage: 'One moment while I look for the next opening.',
  },
  {
    name: 'find_my_meetings',
    description: "List the caller's upcoming meetings that were booked through this line, by their email address.",
    properties: { attendee_email: email, time_zone: zone },
    required: ['attendee_email'],
    waitMessage: 'One moment while I look up your meetings.',
  },
  {
    name: 'cancel_meeting',
    description: "Cancel one of the caller's meetings (booked through this line). Identify it by booking_id or by its start_time; confirm with the caller first.",
    properties: { attendee_email: email, booking_id: bookingRef, start_time: date('Current start of the meeting, ISO 8601, as find_my_meetings returned it.'), time_zone: zone },
    required: ['attendee_email'],
    waitMessage: 'One moment while I cancel that.',
  },
  {
    name: 'reschedule_meeting',
    description: "Move one of the caller's meetings to a new free time. Identify it by booking_id or start_time; offer times from find_available_times first.",
    properties: {
      attendee_email: email,
      new_start_time: date('New start, ISO 8601 with offset, exactly as a slot returned it.'),
      booking_id: bookingRef,
      start_time: date('Current start of the meeting, ISO 8601, as find_my_meetings returned it.'),
      time_zone: zone,
    },
    required: ['attendee_email', 'new_start_time'],
    waitMessage: 'One moment while I move that.',
  },
]

export interface ToolDefinitionOptions {
  serverUrl: string
  /** When given, sent by Vapi as `X-Vapi-Secret` on every call. */
  secret: string | null
  meetingTypes: readonly MeetingType[]
  timeoutSeconds?: number
}

/** The Vapi function tools (`POST /tool` bodies) for every Slotline function, server URL filled in. */
export function toolDefinitions(options: ToolDefinitionOptions): object[] {
  const meetingType: JsonSchema = {
    type: 'string',
    enum: options.meetingTypes.map((type) => type.id),
    description: `Kind of meeting: ${options.meetingTypes.map((type) => `${type.id} (${type.name}, ${type.duration} min)`).join(', ')}.`,
  }
  return specs.map((spec) => ({
    type: 'function',
    async: false,
    function: {
      name: spec.name,
      description: spec.description,
      parameters: { type: 'object', properties: { ...spec.properties, meeting_type: meetingType }, required: spec.required },
    },
    server: {
      url: options.serverUrl,
      timeoutSeconds: options.timeoutSeconds ?? 20,
      ...(options.secret ? { headers: { 'X-Vapi-Secret': options.secret } } : {}),
    },
    messages: [{ type: 'request-start', content: spec.waitMessage }],
  }))
}

/** The names of the functions the assistant can call. */
export const functionNames = specs.map((spec) => spec.name)
