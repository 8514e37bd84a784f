import { DateTime } from 'luxon'

/** Polls `probe` every 50 ms until it returns a value (at most 30 s), for a child process's state. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A weekday at least two days ahead, at 10:00 + `hourOffset` in New York (for the real clock). */
export function upcomingSlot(hourOffset: number): string {
  let day = DateTime.now().setZone('America/New_York').plus({ days: 2 }).set({ hour: 10 + hourOffset, minute: 0, second: 0, millisecond: 0 })
  while (day.weekday > 5) day = day.plus({ days: 1 })
  return day.toISO({ suppressMilliseconds: true })!
}
