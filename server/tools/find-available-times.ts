import { DateTime } from 'luxon'
import { computeAvailability } from './availability.ts'
import { sceneFor } from './meeting-type.ts'
import { rulesFor, typePadding } from './rules-for.ts'
import { offer } from './speak.ts'
import { findArgs, parseArguments, parseWhen } from './tool-arguments.ts'
import type { ToolContext } from './tool-context.ts'
import { ToolFailure, type ToolResult } from './tool-result.ts'
import { spokenDay } from '../scheduling/index.ts'

const LOOKAHEAD_DAYS = 7
const DEFAULT_RESULTS = 3

/**
 * `find_available_times(start_date, duration, end_date?, time_zone?, max_results?, meeting_type?)`:
 * a few well-spread free times in the window (the day of start_date by default). When the window
 * is full, the same single calendar read offers the next openings after it.
 */
export async function findAvailableTimes(ctx: ToolContext, rawArgs: unknown, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(findArgs, rawArgs)
  const { settings, type, now, voice } = sceneFor(ctx, args)
  const start = parseWhen(args.start_date, voice.callerZone, 'start_date')
  const from = start.dateOnly ? start.at.startOf('day') : start.at
  const end = args.end_date ? parseWhen(args.end_date, voice.callerZone, 'end_date') : null
  const to = end ? (end.dateOnly ? end.at.endOf('day') : end.at) : from.endOf('day')
  if (to <= from) throw new ToolFailure('invalid_argument', 'The end date is before the start date. Which days should I check?')
  if (to.toMillis() <= now) throw new ToolFailure('invalid_argument', 'That date has already passed. Which upcoming day would you like?')

  const searchTo = Math.max(to.toMillis(), from.plus({ days: LOOKAHEAD_DAYS }).toMillis())
  const { slots } = await computeAvailability(
    ctx.db,
    ctx.provider,
    { rules: rulesFor(settings, type), calendarIds: settings.calendar_ids, duration: args.duration ?? type.duration, from: Math.max(from.toMillis(), now), to: searchTo, now, padding: typePadding(settings) },
    signal,
  )
  const max = args.max_results ?? DEFAULT_RESULTS
  const inWindow = slots.filter((slot) => slot.start < to.toMillis())
  const asked = describeWindow(from, to, end !== null, now, voice.callerZone)
  if (inWindow.length > 0) {
    const { picked, sentence, more } = offer(inWindow, max, voice)
    const extra = more > 0 ? ` There ${more === 1 ? 'is 1 more time' : `are ${more} more times`} ${end ? 'in that range' : 'that day'}.` : ''
    return { ok: true, message: `I have ${sentence}.${extra}`, slots: picked }
  }
  const later = slots.filter((slot) => slot.start >= to.toMillis())
  if (later.length > 0) {
    const { picked, sentence } = offer(later, max, voice)
    return { ok: true, message: `Nothing is free ${asked}. The next openings are ${sentence}.`, slots: picked }
  }
  return { ok: true, message: `Nothing is free ${asked} or in the week after. Would another week work?`, slots: [] }
}

function describeWindow(from: DateTime, to: DateTime, range: boolean, now: number, zone: string): string {
  const day = spokenDay(from.toMillis(), zone, now)
  if (!range) return /^(today|tomorrow)$/.test(day) ? day : `on ${day}`
  return `between ${day} and ${spokenDay(to.toMillis() - 1, zone, now)}`
}
