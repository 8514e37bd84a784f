// Writing CalDAV calendar object resources: a new booking event, the same object moved to a new time,
// and a VTIMEZONE for an IANA zone. Output uses CRLF, folds lines at 75 octets without splitting a UTF-8
// character, and escapes TEXT values. Pure: no I/O, no clock (`now` comes in), no process time zone.

import type ICAL from 'ical.js'
import { guarded, ICalError, masterEvent, parseCalendars } from './ical-read.ts'
import { formatUtc, formatWall } from './ical-wall.ts'
import { ianaOffsetAt, isUtcZone, localCandidates, localToInstant, vtimezoneLines, vtimezoneOffsetAt } from './vtimezone.ts'

export interface BookingEvent {
  uid: string
  title: string
  description: string | null
  /** Epoch ms (whole seconds are written). */
  start: number
  end: number
  /** IANA zone: DTSTART/DTEND written with TZID=<zone> plus a VTIMEZONE for it (UTC: written with Z, no VTIMEZONE). */
  timeZone: string
  organizer: { email: string; name: string | null } | null
  attendee: { email: string; name: string | null }
  /** false: ATTENDEE;SCHEDULE-AGENT=CLIENT (the server sends nothing); true: ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION for RFC 6638 scheduling. */
  sendInvitations: boolean
  /** camelCase keys starting with "slotline" → X-SLOTLINE… properties (inverse of parseEvent's mapping). */
  marker: Record<string, string>
  /** DTSTAMP / CREATED / LAST-MODIFIED. */
  now: number
}

/** One content line of existing text: its physical lines as read, and the unfolded text (null raw: newly written). */
interface Line { raw: string[] | null; text: string }
interface Block { begin: number; end: number }

const CRLF = '\r\n'
const FOLD_OCTETS = 75
const REPLACED_ON_MOVE = new Set(['DTSTART', 'DTEND', 'DURATION', 'SEQUENCE', 'DTSTAMP', 'LAST-MODIFIED'])

/**
 * A VTIMEZONE for an IANA zone from luxon's data, covering [span.from − 1 year, span.to + 1 year] with an
 * explicit observance per transition plus one for the offset in force at the start. Lines are CRLF-separated
 * and folded; there is NO trailing CRLF (the caller joins it into a VCALENDAR). Throws RangeError for an
 * unknown zone.
 */
export function vtimezone(zone: string, span: { from: number; to: number }): string {
  return vtimezoneLines(zone, span).map(foldLine).join(CRLF)
}

/**
 * A complete VCALENDAR (CRLF, trailing CRLF) holding one confirmed, opaque VEVENT for the booking, plus the
 * VTIMEZONE its DTSTART/DTEND refer to. Times are truncated to whole seconds; an instant whose local time in
 * `timeZone` is ambiguous (the repeated hour) is written in UTC instead. Throws RangeError for an unknown
 * zone, end ≤ start, or a marker key that is not `slotline…` camelCase.
 */
export function buildEvent(event: BookingEvent): string {
  const start = wholeSeconds(event.start)
  const end = wholeSeconds(event.end)
  if (!(end > start)) throw new RangeError('buildEvent: end must be after start')
  const dtstart = dateTimeLine('DTSTART', start, event.timeZone)
  const dtend = dateTimeLine('DTEND', end, event.timeZone)
  const stamp = formatUtc(wholeSeconds(event.now))
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Slotline//Slotline//EN', 'CALSCALE:GREGORIAN',
    ...(dtstart.local || dtend.local ? vtimezoneLines(event.timeZone, { from: start, to: end }) : []),
    'BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`, `CREATED:${stamp}`, `LAST-MODIFIED:${stamp}`,
    dtstart.line, dtend.line, `SUMMARY:${escapeText(event.title)}`,
    ...(event.description !== null ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    'STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'SEQUENCE:0',
    ...(event.organizer ? [`ORGANIZER${nameParam(event.organizer.name)}:${mailto(event.organizer.email)}`] : []),
    attendeeLine(event.attendee, event.sendInvitations),
    ...Object.entries(event.marker).map(([key, value]) => `${markerProperty(key)}:${escapeText(value)}`),
    'END:VEVENT', 'END:VCALENDAR',
  ]
  return lines.map(foldLine).join(CRLF) + CRLF
}

/**
 * The same calendar object with its master VEVENT moved: DTSTART/DTEND rewritten in `timeZone` (its VTIMEZONE
 * added, or replaced when the text's one disagrees with luxon at the new times), DURATION dropped, SEQUENCE + 1,
 * DTSTAMP and LAST-MODIFIED = now. Every other line is kept as it was (only re-folded when longer than 75
 * octets); output is CRLF with a trailing CRLF. Throws ICalError for bad text or no VEVENT, RangeError as buildEvent.
 */
export function moveEventICalendar(ics: string, move: { start: number; end: number; timeZone: string; now: number }): string {
  const start = wholeSeconds(move.start)
  const end = wholeSeconds(move.end)
  if (!(end > start)) throw new RangeError('moveEventICalendar: end must be after start')
  const dtstart = dateTimeLine('DTSTART', start, move.timeZone)
  const dtend = dateTimeLine('DTEND', end, move.timeZone)
  return guarded(() => {
    const calendars = parseCalendars(ics)
    const master = masterEvent(calendars)
    const lines = contentLines(ics)
    const block = masterBlock(lines)
    if (!master || !block) throw new ICalError('no VEVENT to move')
    const sequence = Number(master.getFirstPropertyValue('sequence') ?? 0)
    const stamp = formatUtc(wholeSeconds(move.now))
    const fresh = [`DTSTAMP:${stamp}`, `LAST-MODIFIED:${stamp}`, `SEQUENCE:${(Number.isInteger(sequence) ? sequence : 0) + 1}`, dtstart.line, dtend.line]
    let edited = [
      ...lines.slice(0, block.begin + 1),
      ...fresh.map((text): Line => ({ raw: null, text })),
      ...topLevel(lines, block).filter((l) => !l.top || !REPLACED_ON_MOVE.has(nameOf(l.line.text))).map((l) => l.line),
      ...lines.slice(block.end),
    ]
    if (dtstart.local || dtend.local) edited = withTimezone(edited, calendars, move.timeZone, { from: start, to: end })
    return edited.flatMap(physicalLines).join(CRLF) + CRLF
  })
}

// ---------------------------------------------------------------------------------------------
// Writing values

/** Folds one content line: at most 75 octets per physical line (continuations start with a space), never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = FOLD_OCTETS
  for (const char of line) {
    const size = utf8Length(char)
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = FOLD_OCTETS - 1
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

/** A TEXT value: backslash, semicolon, comma escaped, newlines as \n, other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
}

/** A quoted parameter value (RFC 6868: ^ → ^^, newline → ^n, " → ^'). */
function paramValue(value: string): string {
  const cleaned = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '')
  return `"${cleaned.replace(/\^/g, '^^').replace(/\n/g, '^n').replace(/"/g, "^'")}"`
}

function nameParam(name: string | null): string {
  return name !== null && name.trim() !== '' ? `;CN=${paramValue(name.trim())}` : ''
}

function mailto(email: string): string {
  return `mailto:${email.replace(/[\s\u0000-\u001F\u007F]/g, '')}`
}

function attendeeLine(attendee: BookingEvent['attendee'], sendInvitations: boolean): string {
  // CUTYPE=INDIVIDUAL and ROLE=REQ-PARTICIPANT are the defaults, so they are left out to keep the line short.
  const scheduling = sendInvitations ? ';RSVP=TRUE;PARTSTAT=NEEDS-ACTION' : ';SCHEDULE-AGENT=CLIENT'
  return `ATTENDEE${scheduling}${nameParam(attendee.name)}:${mailto(attendee.email)}`
}

/** Marker key → property: slotline → X-SLOTLINE, slotlineBooking → X-SLOTLINE-BOOKING (inverse of markerKey). */
function markerProperty(key: string): string {
  if (!/^slotline[A-Za-z0-9]*$/.test(key)) throw new RangeError(`marker key must be camelCase starting with "slotline": ${key}`)
  return `X-${key.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase()}`
}

/** DTSTART/DTEND in the zone (TZID + local time), or in UTC for a UTC zone or an ambiguous local time. */
function dateTimeLine(name: string, instant: number, zone: string): { line: string; local: boolean } {
  if (isUtcZone(zone)) return { line: `${name}:${formatUtc(instant)}`, local: false }
  const offsetAt = ianaOffsetAt(zone)
  if (!offsetAt) throw new RangeError(`unknown time zone: ${zone}`)
  const wall = instant + offsetAt(instant)
  const candidates = localCandidates(wall, offsetAt)
  if (candidates.length === 1 && candidates[0] === instant) return { line: `${name};TZID=${zone}:${formatWall(wall)}`, local: true }
  return { line: `${name}:${formatUtc(instant)}`, local: false }
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
}

// ---------------------------------------------------------------------------------------------
// Editing existing text line by line

/** Content lines of the text (any line endings), with their physical lines kept for verbatim output. */
function contentLines(ics: string): Line[] {
  const lines: Line[] = []
  for (const physical of ics.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const last = lines.at(-1)
    if (last?.raw && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      last.raw.push(physical)
      last.text += physical.slice(1)
    } else if (physical.trim() !== '') {
      lines.push({ raw: [physical], text: physical })
    }
  }
  return lines
}

/** A line's physical form: as read when every piece fits in 75 octets, else folded afresh. */
function physicalLines(line: Line): string[] {
  const fits = line.raw?.every((p) => [...p].reduce((n, c) => n + utf8Length(c), 0) <= FOLD_OCTETS)
  return line.raw && fits ? line.raw : foldLine(line.text).split(CRLF)
}

function nameOf(text: string): string {
  return (/^[^;:]*/.exec(text)?.[0] ?? '').trim().toUpperCase()
}

/** The value after the first colon outside a quoted parameter value. */
function valueOf(text: string): string {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted
    else if (text[i] === ':' && !quoted) return text.slice(i + 1)
  }
  return ''
}

/** The lines of a block's body, each marked whether it is a property of the block itself (not of a nested VALARM…). */
function topLevel(lines: readonly Line[], block: Block): { line: Line; top: boolean }[] {
  let depth = 0
  return lines.slice(block.begin + 1, block.end).map((line) => {
    const name = nameOf(line.text)
    if (name === 'END') depth--
    const top = depth === 0 && name !== 'BEGIN' && name !== 'END'
    if (name === 'BEGIN') depth++
    return { line, top }
  })
}

/** Components directly inside VCALENDAR (VEVENT, VTIMEZONE…): their name and line range. */
function components(lines: readonly Line[]): (Block & { name: string })[] {
  const found: (Block & { name: string })[] = []
  let depth = 0
  let begin = -1
  for (const [i, line] of lines.entries()) {
    const name = nameOf(line.text)
    if (name === 'BEGIN' && ++depth === 2) begin = i
    if (name === 'END' && depth-- === 2 && begin >= 0) {
      found.push({ begin, end: i, name: valueOf(lines[begin]?.text ?? '').trim().toUpperCase() })
      begin = -1
    }
  }
  return found
}

/** The master VEVENT's lines: the first VEVENT without RECURRENCE-ID, else the first VEVENT (as masterEvent). */
function masterBlock(lines: readonly Line[]): Block | null {
  const events = components(lines).filter((c) => c.name === 'VEVENT')
  const isOverride = (b: Block): boolean => topLevel(lines, b).some((l) => l.top && nameOf(l.line.text) === 'RECURRENCE-ID')
  return events.find((b) => !isOverride(b)) ?? events[0] ?? null
}

/** Ensures a VTIMEZONE for `zone` that agrees with luxon at the new times: kept, replaced, or inserted first. */
function withTimezone(lines: Line[], calendars: readonly ICAL.Component[], zone: string, span: { from: number; to: number }): Line[] {
  const existing = calendars.flatMap((c) => c.getAllSubcomponents('vtimezone')).find((v) => v.getFirstPropertyValue('tzid') === zone)
  const theirs = existing ? vtimezoneOffsetAt(existing) : null
  const ours = ianaOffsetAt(zone)
  if (theirs && ours && [span.from, span.to].every((t) => localToInstant(t + ours(t), theirs) === t)) return lines
  const fresh = vtimezoneLines(zone, span).map((text): Line => ({ raw: null, text }))
  const blocks = components(lines)
  const stale = blocks.find((b) => b.name === 'VTIMEZONE' && lines.slice(b.begin, b.end).some((l) => nameOf(l.text) === 'TZID' && valueOf(l.text).trim() === zone))
  if (stale) return [...lines.slice(0, stale.begin), ...fresh, ...lines.slice(stale.end + 1)]
  const at = blocks[0]?.begin ?? lines.length - 1
  return [...lines.slice(0, at), ...fresh, ...lines.slice(at)]
}
