import { DateTime, IANAZone } from 'luxon'
import { z } from 'zod'

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

const clock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time like "09:00" (24-hour, "24:00" = end of day)')

const minutes = (min: number, max: number) => z.number().int('must be whole minutes').min(min).max(max)

export const hourRangeSchema = z
  .object({ start: clock, end: clock })
  .strict()
  .refine((range) => range.start < range.end, 'start must be before end')

const dayRanges = z
  .array(hourRangeSchema)
  .max(12)
  .refine((ranges) => noOverlap(ranges), 'ranges of one day must not overlap')

function noOverlap(ranges: readonly { start: string; end: string }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start))
  return sorted.every((range, i) => i === 0 || sorted[i - 1]!.end <= range.start)
}

const weekSchema = z.object(Object.fromEntries(weekdays.map((day) => [day, dayRanges])) as Record<(typeof weekdays)[number], typeof dayRanges>).strict()

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like "2026-12-24"')
  .refine((date) => DateTime.fromISO(date).isValid, 'is not a real date')

export const timeZoneSchema = z.string().refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone like "America/New_York"')

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, "-" or "_"')

export const meetingTypeSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(80),
    duration: minutes(5, 720),
    title: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
    video: z.enum(['none', 'meet']).optional(),
    buffer_before: minutes(0, 720).optional(),
    buffer_after: minutes(0, 720).optional(),
    min_notice: minutes(0, 525600).optional(),
    business_hours: weekSchema.partial().optional(),
  })
  .strict()

export const settingsSchema = z
  .object({
    time_zone: timeZoneSchema,
    business_hours: weekSchema,
    exclude_weekends: z.boolean(),
    buffer_before: minutes(0, 720),
    buffer_after: minutes(0, 720),
    min_notice: minutes(0, 525600),
    slot_step: minutes(5, 240),
    horizon_days: z.number().int().min(1).max(365),
    max_per_day: z.number().int().min(1).max(100).nullable(),
    daily_limit_counts_all_events: z.boolean(),
    date_overrides: z
      .array(z.object({ date: isoDate, ranges: dayRanges }).strict())
      .max(1000)
      .refine((list) => new Set(list.map((o) => o.date)).size === list.length, 'each date may appear only once'),
    ignore_all_day: z.boolean(),
    meeting_types: z
      .array(meetingTypeSchema)
      .min(1, 'needs at least one meeting type')
      .max(50)
      .refine((types) => new Set(types.map((t) => t.id)).size === types.length, 'meeting type ids must be unique'),
    default_meeting_type: idSchema,
    calendar_ids: z.array(z.string().min(1).max(1024)).min(1).max(50),
    booking_calendar_id: z.string().min(1).max(1024),
    add_meet_link: z.boolean(),
    send_invitations: z.boolean(),
    consultant_name: z.string().trim().max(120).nullable(),
    transcript_retention_days: z.number().int().min(1).max(3650).nullable(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    if (!settings.meeting_types.some((type) => type.id === settings.default_meeting_type)) {
      ctx.addIssue({ code: 'custom', path: ['default_meeting_type'], message: 'must be the id of one of meeting_types' })
    }
  })

export type Settings = z.output<typeof settingsSchema>
export type MeetingType = z.output<typeof meetingTypeSchema>
export type Weekday = (typeof weekdays)[number]

const nineToFive = [{ start: '09:00', end: '17:00' }]

/** The settings of a fresh install, in the given consultant time zone. */
export function defaultSettings(timeZone: string): Settings {
  return {
    time_zone: IANAZone.isValidZone(timeZone) ? timeZone : 'UTC',
    business_hours: {
      monday: nineToFive,
      tuesday: nineToFive,
      wednesday: nineToFive,
      thursday: nineToFive,
      friday: nineToFive,
      saturday: [],
      sunday: [],
    },
    exclude_weekends: true,
    buffer_before: 0,
    buffer_after: 0,
    min_notice: 60,
    slot_step: 30,
    horizon_days: 60,
    max_per_day: null,
    daily_limit_counts_all_events: false,
    date_overrides: [],
    ignore_all_day: false,
    meeting_types: [{ id: 'meeting', name: 'Meeting', duration: 30 }],
    default_meeting_type: 'meeting',
    calendar_ids: ['primary'],
    booking_calendar_id: 'primary',
    add_meet_link: false,
    send_invitations: true,
    consultant_name: null,
    transcript_retention_days: null,
  }
}
