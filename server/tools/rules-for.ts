import type { Rules } from '../scheduling/types.ts'
import type { MeetingType, Settings } from '../settings/settings-schema.ts'

/**
 * The engine's rules for one meeting type: the consultant's settings with the type's own
 * overrides (buffers, notice, hours) laid over them.
 */
export function rulesFor(settings: Settings, type: MeetingType | undefined): Rules {
  return {
    timeZone: settings.time_zone,
    weeklyHours: { ...settings.business_hours, ...(type?.business_hours ?? {}) },
    excludeWeekends: settings.exclude_weekends,
    dateOverrides: settings.date_overrides,
    bufferBefore: type?.buffer_before ?? settings.buffer_before,
    bufferAfter: type?.buffer_after ?? settings.buffer_after,
    minNotice: type?.min_notice ?? settings.min_notice,
    slotStep: settings.slot_step,
    horizonDays: settings.horizon_days,
    maxPerDay: settings.max_per_day,
    dailyLimitCountsAllEvents: settings.daily_limit_counts_all_events,
    ignoreAllDay: settings.ignore_all_day,
  }
}

/**
 * The buffers an existing booking keeps around itself because of its meeting type (the
 * consultant-wide buffers already apply to every busy interval).
 */
export function typePadding(settings: Settings): (meetingType: string | null) => { before: number; after: number } {
  return (id) => {
    const type = settings.meeting_types.find((candidate) => candidate.id === id)
    return { before: type?.buffer_before ?? 0, after: type?.buffer_after ?? 0 }
  }
}
