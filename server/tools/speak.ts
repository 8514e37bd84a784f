import { DateTime } from 'luxon'
import { pickSpread, spokenDateTime, spokenSlotList } from '../scheduling/index.ts'
import type { Slot } from '../scheduling/types.ts'
import type { Settings } from '../settings/settings-schema.ts'
import type { SpokenSlot } from './tool-result.ts'

/** Who hears the times: the caller's zone, the consultant's zone, and now. */
export interface Voice {
  callerZone: string
  consultantZone: string
  now: number
}

export function voiceFor(settings: Settings, callerZone: string | undefined, now: number): Voice {
  return { callerZone: callerZone ?? settings.time_zone, consultantZone: settings.time_zone, now }
}

/** ISO 8601 with the offset of `zone`, without milliseconds. */
export function isoIn(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(at).toISOString()
}

/** A slot as the contract returns it: ISO start and end in the caller's zone, and the spoken form. */
export function spokenSlot(slot: Slot, voice: Voice): SpokenSlot {
  return { start: isoIn(slot.start, voice.callerZone), end: isoIn(slot.end, voice.callerZone), spoken: spokenDateTime(slot.start, voice) }
}

/** The spoken form of one instant. */
export function speakAt(at: number, voice: Voice): string {
  return spokenDateTime(at, voice)
}

/** Up to `max` well-spread slots, the sentence that offers them, and how many more exist those days. */
export function offer(slots: Slot[], max: number, voice: Voice): { picked: SpokenSlot[]; sentence: string; more: number } {
  const { picked, remainingByDay } = pickSpread(slots, max, voice.callerZone)
  const more = Object.values(remainingByDay).reduce((sum, n) => sum + n, 0)
  return { picked: picked.map((slot) => spokenSlot(slot, voice)), sentence: asClause(spokenSlotList(picked, voice)), more }
}

/** The engine's sentence as a clause to embed: no closing period, "today"/"tomorrow" in lower case. */
function asClause(sentence: string): string {
  return sentence.replace(/\.$/, '').replace(/^(Today|Tomorrow)\b/, (word) => word.toLowerCase())
}
