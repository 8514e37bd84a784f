// Public data shapes of the scheduling engine. Other modules code against these names:
// keep them stable. All instants are epoch milliseconds; all durations are minutes.

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'

/** "HH:mm" wall clock in rules.timeZone; end "24:00" or "23:59" means end of day; start < end. */
export interface HourRange { start: string; end: string }

/** "YYYY-MM-DD" in rules.timeZone; replaces that day's weekly hours; [] = day off. */
export interface DateOverride { date: string; ranges: HourRange[] }

export interface Rules {
  /** Consultant IANA zone. */
  timeZone: string
  weeklyHours: Record<Weekday, HourRange[]>
  /** true: saturday/sunday never bookable, whatever weeklyHours says (date overrides still win). */
  excludeWeekends: boolean
  dateOverrides: readonly DateOverride[]
  /** Minutes of free time required before a new meeting (and after each busy interval). */
  bufferBefore: number
  /** Minutes of free time required after a new meeting (and before each busy interval). */
  bufferAfter: number
  /** Minutes from now before the earliest bookable start (real elapsed minutes). */
  minNotice: number
  /** Minutes; starts are aligned to the step counted from the start of each working range. */
  slotStep: number
  /**
   * Bookable starts must be strictly before the horizon end: the same wall-clock time as `now`,
   * `horizonDays` calendar days later in rules.timeZone (see horizon.ts).
   */
  horizonDays: number
  /** Max meetings per local day; null = no limit. */
  maxPerDay: number | null
  /** false: only busy with kind 'booking' count toward maxPerDay; true: every busy interval counts. */
  dailyLimitCountsAllEvents: boolean
  /** Busy with allDay:true never blocks (and never counts toward maxPerDay). */
  ignoreAllDay: boolean
}

/** Epoch ms, half-open [start, end). transparent never blocks. */
export interface Busy {
  start: number
  end: number
  calendarId: string
  kind: 'event' | 'booking'
  allDay?: boolean
  transparent?: boolean
}

export interface SlotQuery {
  rules: Rules
  busy: readonly Busy[]
  /** The current instant, supplied by the caller (the engine never reads a clock). */
  now: number
  /** Meeting length in minutes. */
  duration: number
  /** Epoch ms window to search: candidate starts s with from <= s < to. */
  from: number
  to: number
}

/** Epoch ms, half-open [start, end). */
export interface Slot { start: number; end: number }

export type RefusalReason =
  | 'outside_hours'
  | 'weekend'
  | 'date_override'
  | 'busy'
  | 'buffer'
  | 'min_notice'
  | 'beyond_horizon'
  | 'daily_limit'

export interface Refusal { start: number; end: number; reason: RefusalReason; calendarId?: string }
