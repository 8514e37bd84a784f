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
