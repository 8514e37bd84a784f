// Dates and times shown in the consultant's zone (settings.time_zone), whatever the machine's.

const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = zone + JSON.stringify(options)
  let found = cache.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options })
    cache.set(key, found)
  }
  return found
}

const toMs = (at: number | string): number => (typeof at === 'number' ? at : Date.parse(at))

/** "Tue, Mar 5, 2:00 PM" in the zone. */
export function dateTime(at: number | string, zone: string): string {
  return formatter(zone, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(toMs(at))
}

/** "2:00 PM" in the zone. */
export function clockTime(at: number | string, zone: string): string {
  return formatter(zone, { hour: 'numeric', minute: '2-digit' }).format(toMs(at))
}

/** "Tue, Mar 5" for a local date "YYYY-MM-DD" (zone-free). */
export function dayLabel(date: string): string {
  return formatter('UTC', { weekday: 'short', month: 'short', day: 'numeric' }).format(Date.parse(date + 'T12:00:00Z'))
}

/** Today's date "YYYY-MM-DD" in the zone. */
export function todayIn(zone: string, now = Date.now()): string {
  const parts = formatter(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** Minutes since local midnight of an instant in the zone (0–1439). */
export function wallMinutes(at: number | string, zone: string): number {
  const parts = formatter(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(toMs(at))
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0)
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0)
  return (hour % 24) * 60 + minute
}

/** "4 min 12 s", "850 ms". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}
