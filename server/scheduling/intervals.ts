// Interval algebra on half-open epoch-ms intervals [start, end). Small pure functions: inputs are
// never mutated; outputs are fresh arrays. "Sorted" lists are sorted by start.

export interface Interval { start: number; end: number }

/** True when [a) and [b) share at least one instant (strict: touching intervals do not overlap). */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Interval, inner: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end
}

/** Sorts by start, then end, into a new array. */
export function sortIntervals<T extends Interval>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.start - b.start || a.end - b.end)
}

/**
 * Union of any intervals as a sorted list of disjoint, non-touching intervals. Touching or
 * overlapping intervals are joined; empty intervals (start === end) are kept as points unless
 * they fall inside or on the edge of another interval, so strict overlap tests keep their meaning.
 */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  for (const next of sortIntervals(list)) {
    const last = out[out.length - 1]
    if (last !== undefined && next.start <= last.end) {
      if (next.end > last.end) out[out.length - 1] = { start: last.start, end: next.end }
    } else {
      out.push({ start: next.start, end: next.end })
    }
  }
  return out
}

/** Parts of the sorted disjoint `base` not covered by any interval of the sorted disjoint `cut`. */
export function subtractIntervals(base: readonly Interval[], cut: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  let j = 0
  for (const b of base) {
    let cursor = b.start
    while (j < cut.length && (cut[j] as Interval).end <= cursor) j++
    for (let k = j; k < cut.length && (cut[k] as Interval).start < b.end; k++) {
      const c = cut[k] as Interval
      if (c.start > cursor) out.push({ start: cursor, end: c.start })
      cursor = Math.max(cursor, c.end)
    }
    if (cursor < b.end) out.push({ start: cursor, end: b.end })
  }
  return out
}

/** Pairwise intersection of two sorted disjoint lists (non-empty pieces only). */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval
    const y = b[j] as Interval
    const start = Math.max(x.start, y.start)
    const end = Math.min(x.end, y.end)
    if (start < end) out.push({ start, end })
    if (x.end < y.end) i++
    else j++
  }
  return out
}

/** Widens every interval by `before` ms at its start and `after` ms at its end. */
export function widenIntervals(list: readonly Interval[], before: number, after: number): Interval[] {
  return list.map((iv) => ({ start: iv.start - before, end: iv.end + after }))
}
