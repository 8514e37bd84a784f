import type { MeetingType, Settings } from '../settings/settings-schema.ts'
import { voiceFor, type Voice } from './speak.ts'
import type { ToolContext } from './tool-context.ts'
import { ToolFailure } from './tool-result.ts'

/** The meeting type asked for, by id or name (any case), or the default one when none is asked for. */
export function findMeetingType(settings: Settings, requested: string | undefined): MeetingType | undefined {
  const wanted = (requested ?? settings.default_meeting_type).toLowerCase()
  return settings.meeting_types.find((type) => type.id === wanted || type.name.toLowerCase() === wanted)
}

/** The meeting type asked for (by id or name), or the default one; unknown → invalid_argument. */
export function resolveMeetingType(ctx: ToolContext, requested: string | undefined): MeetingType {
  const settings = ctx.settings.get()
  const found = findMeetingType(settings, requested)
  if (found) return found
  const names = settings.meeting_types.map((type) => type.name).join(', ')
  throw new ToolFailure('invalid_argument', `I don't have a meeting type called ${requested}. I can book: ${names}.`)
}

/** What every booking-related function starts from: the settings, the meeting type, now, and who hears the times. */
export interface ToolScene {
  settings: Settings
  type: MeetingType
  now: number
  voice: Voice
}

/** The scene for a call's arguments (`meeting_type` and `time_zone` are optional in every function). */
export function sceneFor(ctx: ToolContext, args: { meeting_type?: string; time_zone?: string }): ToolScene {
  const settings = ctx.settings.get()
  const now = ctx.clock()
  return { settings, type: resolveMeetingType(ctx, args.meeting_type), now, voice: voiceFor(settings, args.time_zone, now) }
}
