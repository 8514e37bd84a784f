/** Full-jitter backoff: a random delay up to 200 ms · 2^attempt, capped at 3 s. */
export function backoff(attempt: number, random: () => number): number {
  return Math.round(random() * Math.min(3_000, 200 * 2 ** attempt))
}

/** Waits `ms`, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const timer = setTimeout(done, ms)
    function done(): void {
      signal.removeEventListener('abort', abort)
      resolve()
    }
    function abort(): void {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', abort, { once: true })
  })
}
