// The availability rules as the form edits them (numbers kept as typed text), and the step
// back to a settings patch with every field checked. Pure: unit-tested in test/renderer/.
import type { Settings } from '../api/types.ts'
import { checkDate, checkRanges, checkTimeZone, checkTypeId, checkWhole, duplicateDates, LIMITS, type Range } from './validation.ts'

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export const NUMBER_KEYS = ['buffer_before', 'buffer_after', 'min_notice', 'slot_step', 'horizon_days', 'max_per_day'] as const
export type NumberKey = (typeof NUMBER_KEYS)[number]

type MeetingType = Settings['meeting_types'][number]

export interface TypeDraft {
  /** Everything the form does not edit is kept as it was. */
  base: Partial<MeetingType>
  id: string
  name: string
  duration: string
}

export interface RulesDraft {
  time_zone: string
  business_hours: Record<Weekday, Range[]>
  exclude_weekends: boolean
  date_overrides: { date: string; ranges: Range[] }[]
  numbers: Record<NumberKey, string>
  ignore_all_day: boolean
  daily_limit_counts_all_events: boolean
  add_meet_link: boolean
  send_invitations: boolean
  consultant_name: string
  meeting_types: TypeDraft[]
  default_meeting_type: string
}

const numberLimits: Record<NumberKey, { min: number; max: number }> = {
  buffer_before: LIMITS.buffer,
  buffer_after: LIMITS.buffer,
  min_notice: LIMITS.min_notice,
  slot_step: LIMITS.slot_step,
  horizon_days: LIMITS.horizon_days,
  max_per_day: LIMITS.max_per_day,
}

/** The form's starting point from the saved settings. */
export function draftFromSettings(settings: Settings): RulesDraft {
  const numbers = Object.fromEntries(NUMBER_KEYS.map((key) => [key, settings[key] === null ? '' : String(settings[key])])) as Record<NumberKey, string>
  return {
    time_zone: settings.time_zone,
    business_hours: Object.fromEntries(WEEKDAYS.map((day) => [day, settings.business_hours[day].map((r) => ({ ...r }))])) as Record<Weekday, Range[]>,
    exclude_weekends: settings.exclude_weekends,
    date_overrides: settings.date_overrides.map((o) => ({ date: o.date, ranges: o.ranges.map((r) => ({ ...r })) })),
    numbers,
    ignore_all_day: settings.ignore_all_day,
    daily_limit_counts_all_events: settings.daily_limit_counts_all_events,
    add_meet_link: settings.add_meet_link,
    send_invitations: settings.send_invitations,
    consultant_name: settings.consultant_name ?? '',
    meeting_types: settings.meeting_types.map((type) => ({ base: type, id: type.id, name: type.name, duration: String(type.duration) })),
    default_meeting_type: settings.default_meeting_type,
  }
}

export interface DraftCheck {
  /** Messages keyed like the server's 400 keys (`slot_step`, `business_hours.monday`, `meeting_types[0].duration`). */
  errors: Record<string, string>
  /** The settings patch, when there is no error. */
  patch: Partial<Settings> | null
}

/** Checks every field of the draft and builds the PUT /api/settings patch. */
export function checkDraft(draft: RulesDraft): DraftCheck {
  const errors: Record<string, string> = {}
  const zone = checkTimeZone(draft.time_zone)
  if (zone) errors.time_zone = zone
  for (const day of WEEKDAYS) {
    const bad = checkRanges(draft.business_hours[day])
    if (bad) errors[`business_hours.${day}`] = bad
  }
  draft.date_overrides.forEach((override, i) => {
    const bad = checkDate(override.date) ?? checkRanges(override.ranges)
    if (bad) errors[`date_overrides[${i}]`] = bad
  })
  for (const date of duplicateDates(draft.date_overrides.map((o) => o.date))) {
    const i = draft.date_overrides.map((o) => o.date).lastIndexOf(date)
    errors[`date_overrides[${i}]`] = `${date} is already listed.`
  }
  const numbers: Partial<Record<NumberKey, number | null>> = {}
  for (const key of NUMBER_KEYS) {
    if (key === 'max_per_day' && draft.numbers[key].trim() === '') {
      numbers[key] = null
      continue
    }
    const checked = checkWhole(draft.numbers[key], numberLimits[key])
    if ('error' in checked) errors[key] = checked.error
    else numbers[key] = checked.value
  }
  if (draft.consultant_name.length > 120) errors.consultant_name = 'At most 120 characters.'
  const types = checkTypes(draft, errors)
  if (Object.keys(errors).length > 0) return { errors, patch: null }
  return {
    errors,
    patch: {
      time_zone: draft.time_zone.trim(),
      business_hours: draft.business_hours,
      exclude_weekends: draft.exclude_weekends,
      date_overrides: [...draft.date_overrides].sort((a, b) => a.date.localeCompare(b.date)),
      ...(numbers as Pick<Settings, NumberKey>),
      ignore_all_day: draft.ignore_all_day,
      daily_limit_counts_all_events: draft.daily_limit_counts_all_events,
      add_meet_link: draft.add_meet_link,
      send_invitations: draft.send_invitations,
      consultant_name: draft.consultant_name.trim() === '' ? null : draft.consultant_name.trim(),
      meeting_types: types,
      default_meeting_type: draft.default_meeting_type,
    },
  }
}

function checkTypes(draft: RulesDraft, errors: Record<string, string>): MeetingType[] {
  if (draft.meeting_types.length === 0) errors.meeting_types = 'Keep at least one meeting type.'
  const seen = new Set<string>()
  const types = draft.meeting_types.map((type, i) => {
    const idError = checkTypeId(type.id) ?? (seen.has(type.id) ? 'Each id must be unique.' : null)
    seen.add(type.id)
    if (idError) errors[`meeting_types[${i}].id`] = idError
    if (!type.name.trim() || type.name.trim().length > 80) errors[`meeting_types[${i}].name`] = 'A name of 1 to 80 characters.'
    const duration = checkWhole(type.duration, LIMITS.duration)
    if ('error' in duration) errors[`meeting_types[${i}].duration`] = duration.error
    return { ...type.base, id: type.id, name: type.name.trim(), duration: 'value' in duration ? duration.value : 0 } as MeetingType
  })
  if (!draft.meeting_types.some((type) => type.id === draft.default_meeting_type)) errors.default_meeting_type = 'Pick the default meeting type.'
  return types
}
