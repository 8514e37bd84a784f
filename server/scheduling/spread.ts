// pickSpread: a handful of well-spread choices to read out on a call, instead of five back-to-back
// half hours on one morning.
//
// Greedy choice: the earliest slot is always picked first. Each next pick is the remaining slot
// that is best by, in order:
//   1. fewest picks already on its local day            (spread across days),
//   2. at least 2 hours from every pick on its day      (no back-to-back half hours),
//   3. if it is closer than 2 hours: farthest from them  (the least-bad crowding),
//   4. fewest picks already in its half of the day       (balance mornings, before 12:00 local,
//                                                         and afternoons, from 12:00),
//   5. earliest start                                    (sooner is better for booking).
// So a free day offers "9 AM, noon or 2 PM" and free days offer "Tuesday at 9 AM, Wednesday at
// noon, Thursday at 9 AM". The picks are returned earliest first. remainingByDay has one entry
// per local day that has any slot: how many of that day's slots were not picked (possibly 0).

import { DAY_MS, MINUTE_MS, isoDateOfDay } from './local-time.ts'
import { buildTimeline, wallOf } from './zone-timeline.ts'
import type { Slot } from './types.ts'

interface Candidate { slot: Slot; day: number; afternoon: boolean }

/** Up to `max` well-spread slots (earliest always included) and the unpicked count per local day. */
export function pickSpread(slots: Slot[], max: number, zone: string): { picked: Slot[]; remainingByDay: Record<string, number> } {
  const sorted = [...slots].sort((a, b) => a.start - b.start)
  const candidates = describe(sorted, zone)
  const chosen = choose(candidates, Math.max(0, Math.floor(max)))
  const remainingByDay: Record<string, number> = {}
  candidates.forEach((c, i) => {
    const key = isoDateOfDay(c.day)
    remainingByDay[key] = (remainingByDay[key] ?? 0) + (chosen.has(i) ? 0 : 1)
  })
  const picked = candidates.filter((_, i) => chosen.has(i)).map((c) => ({ start: c.slot.start, end: c.slot.end }))
  return { picked, remainingByDay }
}

function describe(sorted: readonly Slot[], zone: string): Candidate[] {
  const first = sorted[0]
  const last = sorted[sorted.length - 1]
  if (first === undefined || last === undefined) return []
  const tl = buildTimeline(zone, first.start, last.start)
  return sorted.map((slot) => {
    const wall = wallOf(tl, slot.start)
    const day = Math.floor(wall / DAY_MS)
    return { slot, day, afternoon: wall - day * DAY_MS >= 12 * 60 * MINUTE_MS }
  })
}

// Indices of the chosen candidates (candidates are sorted by start).
function choose(candidates: readonly Candidate[], max: number): Set<number> {
  const chosen = new Set<number>()
  const perDay = new Map<number, number[]>()
  const perHalf = [0, 0]
  const take = (i: number): void => {
    const c = candidates[i] as Candidate
    chosen.add(i)
    perDay.set(c.day, [...(perDay.get(c.day) ?? []), c.slot.start])
    perHalf[c.afternoon ? 1 : 0]! += 1
  }
  if (candidates.length > 0 && max > 0) take(0)
  while (chosen.size < Math.min(max, candidates.length)) {
    let best = -1
    let bestKey: number[] = []
    candidates.forEach((c, i) => {
      if (chosen.has(i)) return
      const key = scoreKey(c, perDay.get(c.day) ?? [], perHalf)
      if (best < 0 || lexLess(key, bestKey)) [best, bestKey] = [i, key]
    })
    take(best)
  }
  return chosen
}

const MIN_GAP_MS = 2 * 60 * MINUTE_MS

// Smaller is better, compared lexicographically (see the order at the top of the file).
function scoreKey(c: Candidate, sameDayStarts: readonly number[], perHalf: readonly number[]): number[] {
  const distance = sameDayStarts.reduce((m, s) => Math.min(m, Math.abs(s - c.slot.start)), Infinity)
  const crowded = distance < MIN_GAP_MS
  return [sameDayStarts.length, crowded ? 1 : 0, crowded ? -distance : 0, perHalf[c.afternoon ? 1 : 0] ?? 0, c.slot.start]
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (x !== y) return x < y
  }
  return false
}
