import { backoff, sleep } from '../backoff.ts'
import { CalendarError } from '../provider.ts'

/** What a Google API failure means for us. */
export type Failure = { kind: 'retry' } | { kind: 'auth' } | { kind: 'revoked' } | { kind: 'fatal'; status: number | null; reason: string | null }

interface GaxiosLike {
  status?: number
  code?: string | number
  name?: string
  response?: { status?: number; data?: { error?: unknown } }
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded'])

/** The first `errors[].reason` of a Google error body, if any. */
export function googleReason(error: unknown): string | null {
  const body = (error as GaxiosLike).response?.data?.error
  if (typeof body === 'string') return body
  const first = (body as { errors?: { reason?: unknown; domain?: unknown }[] } | undefined)?.errors?.[0]
  return typeof first?.reason === 'string' ? first.reason : null
}

/** Classifies a failure: retryable, needs a token refresh, grant revoked, or final. */
export function classify(error: unknown): Failure {
  const e = error as GaxiosLike
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : null)
  const reason = googleReason(error)
  if (reason === 'invalid_grant') return { kind: 'revoked' }
  if (status === 401) return { kind: 'auth' }
  if (status === 429 || status === 500 || status === 502 || status === 503 || status === 504) return { kind: 'retry' }
  if (status === 403 && reason !== null && RATE_LIMIT_REASONS.has(reason)) return { kind: 'retry' }
  if (status === null && e.name !== 'AbortError' && isNetworkError(e)) return { kind: 'retry' }
  return { kind: 'fatal', status, reason }
}

function isNetworkError(e: GaxiosLike): boolean {
  return typeof e.code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_|ABORT_ERR)/.test(e.code) || e.name === 'TimeoutError' || e.name === 'FetchError' || e.name === 'GaxiosError' && !e.response
}

export interface RetryOptions {
  signal: AbortSignal
  /** Called once on a 401; refreshes the access token. */
  refresh: () => Promise<void>
  /** Called when Google reports the grant revoked. */
  revoked: () => Promise<void>
  /** Longest single attempt; each attempt also ends with the overall signal. */
  attemptTimeoutMs?: number
  random?: () => number
}

/**
 * Runs a Google request with jittered exponential backoff for rate limits, 5xx and network
 * failures, one token refresh on 401, all inside the caller's time budget (its AbortSignal).
 */
export async function withGoogleRetry<T>(run: (attemptSignal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random
  let refreshed = false
  for (let attempt = 0; ; attempt++) {
    if (options.signal.aborted) throw unavailable('Google did not answer in time.')
    const attemptSignal = AbortSignal.any([options.signal, AbortSignal.timeout(options.attemptTimeoutMs ?? 8_000)])
    try {
      return await run(attemptSignal)
    } catch (error) {
      if (error instanceof CalendarError) throw error
      const failure = options.signal.aborted ? ({ kind: 'retry' } as const) : classify(error)
      if (failure.kind === 'revoked') {
        await options.revoked()
        throw new CalendarError('not_connected', 'Google access was revoked or has expired.', { cause: error })
      }
      if (failure.kind === 'auth' && !refreshed) {
        refreshed = true
        await refreshOrRevoke(options, error)
        continue
      }
      if (failure.kind === 'fatal' || failure.kind === 'auth') throw error
      await sleep(backoff(attempt, random), options.signal).catch(() => undefined)
    }
  }
}

async function refreshOrRevoke(options: RetryOptions, original: unknown): Promise<void> {
  try {
    await options.refresh()
  } catch (error) {
    if (classify(error).kind === 'revoked') {
      await options.revoked()
      throw new CalendarError('not_connected', 'Google access was revoked or has expired.', { cause: error })
    }
    throw original
  }
}

export function unavailable(message: string, cause?: unknown): CalendarError {
  return new CalendarError('calendar_unavailable', message, { cause })
}
