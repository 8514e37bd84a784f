// Building and updating Calendar v3 event resources the way Google fills them in
// (ids, etags, links, organizer, attendees, Meet conference data, sequence).
import { randomBytes } from 'node:crypto'
import type { calendar_v3 } from 'googleapis'
import { apiError } from './errors.ts'
import { checkRange, normalizeEventTime } from './event-time.ts'

type Event = calendar_v3.Schema$Event

/** Client-supplied ids must be base32hex (RFC 2938 §3.1.2), 5–1024 characters. */
export const EVENT_ID = /^[a-v0-9]{5,1024}$/

/** Fields a client may set and Google stores as given. */
const PASSTHROUGH = [
  'summary', 'description', 'location', 'colorId', 'visibility', 'extendedProperties', 'reminders',
  'source', 'guestsCanInviteOthers', 'guestsCanModify', 'guestsCanSeeOtherGuests', 'anyoneCanAddSelf',
  'recurrence', 'attachments', 'status',
] as const

/** Fields no write can change. */
const IMMUTABLE = ['kind', 'id', 'etag', 'htmlLink', 'created', 'updated', 'iCalUID', 'creator', 'organizer', 'sequence']

export interface EventContext {
  calendarId: string
  calendarSummary: string
  calendarZone: string
  isPrimary: boolean
  accountEmail: string
  /** The `conferenceDataVersion` query param; conference data is ignored unless '1'. */
  conferenceDataVersion?: string
}

let etagCounter = 3_400_000_000_000_000
const nextEtag = (): string => `"${(etagCounter += 1000)}"`
const nowIso = (): string => new Date().toISOString()

/** A fresh random base32hex id like Google's 26-character event ids. */
export function newEventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv'
  return [...randomBytes(26)].map((b) => alphabet[b % 32]).join('')
}

const randomLetters = (n: number): string => [...randomBytes(n)].map((b) => String.fromCharCode(97 + (b % 26))).join('')

/** Google Meet conference data as returned for a successful createRequest. */
function meetConference(createRequest: calendar_v3.Schema$CreateConferenceRequest): calendar_v3.Schema$ConferenceData {
  const meetId = `${randomLetters(3)}-${randomLetters(4)}-${randomLetters(3)}`
  return {
    createRequest: { ...createRequest, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode: 'success' } },
    entryPoints: [{ entryPointType: 'video', uri: `https://meet.google.com/${meetId}`, label: `meet.google.com/${meetId}` }],
    conferenceSolution: {
      key: { type: 'hangoutsMeet' },
      name: 'Google Meet',
      iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
    },
    conferenceId: meetId,
  }
}

/** Applies conference data from a write: honoured only with conferenceDataVersion=1 (as Google does). */
function applyConference(target: Event, input: Event, ctx: EventContext): void {
  if (ctx.conferenceDataVersion !== '1' || input.conferenceData === undefined) return
  const createRequest = input.conferenceData?.createRequest
  if (createRequest && !target.conferenceData?.entryPoints) {
    target.conferenceData = meetConference(createRequest)
  } else if (!createRequest) {
    target.conferenceData = input.conferenceData
  }
  const video = target.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')
  if (video?.uri) target.hangoutLink = video.uri
  else delete target.hangoutLink
}

function organizerOf(ctx: EventContext): calendar_v3.Schema$Event['organizer'] {
  return ctx.isPrimary
    ? { email: ctx.accountEmail, self: true }
    : { email: ctx.calendarId, displayName: ctx.calendarSummary, self: true }
}

function normalizeAttendees(list: Event['attendees'], organizerEmail: string): Event['attendees'] {
  if (!list) return undefined
  return list.map((a) => {
    const isOrganizer = a.email?.toLowerCase() === organizerEmail.toLowerCase()
    return {
      ...a,
      ...(isOrganizer ? { organizer: true, self: true } : {}),
      responseStatus: a.responseStatus ?? (isOrganizer ? 'accepted' : 'needsAction'),
    }
  })
}

/** Copies writable fields, normalizes times and attendees; Google drops the default 'opaque'. */
function applyWritable(target: Event, input: Event, ctx: EventContext): void {
  for (const key of PASSTHROUGH) {
    if (input[key] !== undefined) Object.assign(target, { [key]: input[key] })
  }
  if (input.transparency === 'transparent') target.transparency = 'transparent'
  else if (input.transparency !== undefined) delete target.transparency
  target.start = normalizeEventTime(input.start, 'start')
  target.end = normalizeEventTime(input.end, 'end')
  checkRange(target.start, target.end, ctx.calendarZone)
  target.attendees = normalizeAttendees(input.attendees, target.organizer?.email ?? ctx.accountEmail)
  if (!target.attendees) delete target.attendees
}

/** A new event resource from an insert body (id already validated by the caller). */
export function createEvent(id: string, input: Event, ctx: EventContext): Event {
  const now = nowIso()
  const event: Event = {
    kind: 'calendar#event',
    etag: nextEtag(),
    id,
    status: 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${ctx.calendarId}`).toString('base64url')}`,
    created: now,
    updated: now,
    creator: { email: ctx.accountEmail, self: true },
    organizer: organizerOf(ctx),
    iCalUID: `${id}@google.com`,
    sequence: 0,
    reminders: { useDefault: true },
    eventType: 'default',
  }
  applyWritable(event, input, ctx)
  applyConference(event, input, ctx)
  return event
}

/** PUT semantics: the body replaces every writable field; identity fields survive. */
export function replaceEvent(existing: Event, input: Event, ctx: EventContext): Event {
  const kept: Event = {}
  for (const key of IMMUTABLE) Object.assign(kept, { [key]: existing[key as keyof Event] })
  const event: Event = { ...kept, status: 'confirmed', reminders: { useDefault: true }, eventType: 'default' }
  if (existing.conferenceData) event.conferenceData = existing.conferenceData
  if (existing.hangoutLink) event.hangoutLink = existing.hangoutLink
  applyWritable(event, input, ctx)
  applyConference(event, input, ctx)
  return bump(event)
}

/** PATCH semantics: objects merge recursively, arrays and scalars replace, null clears. */
export function patchEvent(existing: Event, patch: Event, ctx: EventContext): Event {
  const writable = Object.fromEntries(Object.entries(patch).filter(([k]) => !IMMUTABLE.includes(k) && k !== 'conferenceData'))
  const merged = deepMerge(structuredClone(existing) as Record<string, unknown>, writable) as Event
  const input: Event = { ...merged, conferenceData: patch.conferenceData }
  const event: Event = { ...merged }
  applyWritable(event, input, ctx)
  applyConference(event, input, ctx)
  return bump(event)
}

function bump(event: Event): Event {
  return { ...event, etag: nextEtag(), updated: nowIso(), sequence: (event.sequence ?? 0) + 1 }
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key]
    if (value === null) delete target[key]
    else if (isPlainObject(value) && isPlainObject(current)) target[key] = deepMerge(current, value)
    else target[key] = structuredClone(value)
  }
  return target
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/** Validates a client-supplied event id, throwing Google's 400 "Invalid resource id value.". */
export function checkEventId(id: unknown): string {
  if (typeof id !== 'string' || !EVENT_ID.test(id)) throw apiError(400, 'invalid', { message: 'Invalid resource id value.' })
  return id
}
