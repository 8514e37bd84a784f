/** How restarts are spaced: exponential from `initialMs`, capped, with jitter. */
export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  /** A run at least this long resets the backoff to `initialMs`. */
  stableMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, stableMs: 10 * 60_000 }

/**
 * The delay before restart number `attempt` (0-based): initial·2^attempt capped at max, then
 * scaled by a jitter factor in [0.5, 1) from `random` so many clients do not restart in step.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(base * (0.5 + random() / 2))
}
