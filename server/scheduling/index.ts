// Public entry point of the scheduling engine: a pure module (no I/O, no clock, no env, no
// mutation of inputs). Every instant is epoch ms; every duration is minutes.

export type {
  Busy, DateOverride, HourRange, Refusal, RefusalReason, Rules, Slot, SlotQuery, Weekday,
} from './types.ts'
export { findSlots } from './slots.ts'
export { explainAvailability, type Explanation } from './explain.ts'
export { pickSpread } from './spread.ts'
export { horizonEnd, earliestStart } from './horizon.ts'
export { spokenClock, spokenDateTime, spokenDay, spokenSlotList, spokenZone, type SlotListOptions, type SpokenOptions } from './spoken.ts'
export { mergeIntervals, subtractIntervals, intersectIntervals, overlaps, type Interval } from './intervals.ts'
