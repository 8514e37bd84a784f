import type { MeetingType } from '../settings/settings-schema.ts'
import type { ToolContext } from './tool-context.ts'
import { ToolFailure } from './tool-result.ts'

/** The meeting type asked for (by id or name), or the default one; unknown → invalid_argument. */
export function resolveMeetingType(ctx: ToolContext, requested: string | undefined): MeetingType {
  const settings = ctx.settings.get()
  if (requested === undefined) return ctx.settings.meetingType(undefined)!
  const wanted = requested.toLowerCase()
  const found = settings.meeting_types.find((type) => type.id === wanted || type.name.toLowerCase() === wanted)
  if (found) return found
  const names = settings.meeting_types.map((type) => type.name).join(', ')
  throw new ToolFailure('invalid_argument', `I don't have a meeting type called ${requested}. I can book: ${names}.`)
}
