import { computeAvailability } from './availability.ts'
import { sceneFor } from './meeting-type.ts'
import { rulesFor, typePadding } from './rules-for.ts'
import { offer } from './speak.ts'
import { nextArgs, parseArguments, parseWhen } from './tool-arguments.ts'
import type { ToolContext } from './tool-context.ts'
import type { ToolResult } from './tool-result.ts'

const DAY_MS = 86_400_000
/** The first read covers two weeks; later windows are read only when it is empty. */
const WINDOW_DAYS = 14
const CHOICES = 3

/** `get_next_available(duration, after?, time_zone?, meeting_type?)`: the earliest free times. */
export async function getNextAvailable(ctx: ToolContext, rawArgs: unknown, signal: AbortSignal): Promise<ToolResult> {
  const args = parseArguments(nextArgs, rawArgs)
  const { settings, type, now, voice } = sceneFor(ctx, args)
  const after = args.after ? parseWhen(args.after, voice.callerZone, 'after') : null
  const horizonEnd = now + settings.horizon_days * DAY_MS
  let from = Math.max(now, after ? (after.dateOnly ? after.at.startOf('day') : after.at).toMillis() : now)
  const rules = rulesFor(settings, type)
  while (from < horizonEnd) {
    const to = Math.min(horizonEnd, from + WINDOW_DAYS * DAY_MS)
    const { slots } = await computeAvailability(ctx.db, ctx.provider, { rules, calendarIds: settings.calendar_ids, duration: args.duration ?? type.duration, from, to, now, padding: typePadding(settings) }, signal)
    if (slots.length > 0) {
      const { picked, sentence } = offer(slots, CHOICES, voice)
      return { ok: true, message: `The next openings are ${sentence}.`, slots: picked }
    }
    from = to
  }
  return { ok: true, message: `There are no openings in the next ${settings.horizon_days} days. Someone will get back to you to find a time.`, slots: [] }
}
