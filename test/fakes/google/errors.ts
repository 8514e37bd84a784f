// Google's error bodies (the Calendar v3 JSON envelope and the OAuth 2.0 token-endpoint shape)
// and the fault-injection book. A handler throws GoogleHttpError; index.ts turns it into the reply.
import type { FaultRule } from './types.ts'

interface ReasonSpec {
  domain: string
  message: string
}

const REASONS: Record<string, ReasonSpec> = {
  badRequest: { domain: 'global', message: 'Bad Request' },
  parseError: { domain: 'global', message: 'Parse Error' },
  invalid: { domain: 'global', message: 'Invalid Value' },
  required: { domain: 'global', message: 'Required' },
  timeRangeEmpty: { domain: 'calendar', message: 'The specified time range is empty.' },
  timeRangeTooLong: { domain: 'calendar', message: 'The requested time range is too long.' },
  tooManyCalendarsRequestedForFreeBusy: {
    domain: 'calendar',
    message: 'The number of calendars requested is too large.',
  },
  authError: { domain: 'global', message: 'Invalid Credentials' },
  rateLimitExceeded: { domain: 'usageLimits', message: 'Rate Limit Exceeded' },
  userRateLimitExceeded: { domain: 'usageLimits', message: 'User Rate Limit Exceeded' },
  dailyLimitExceeded: { domain: 'usageLimits', message: 'Daily Limit Exceeded' },
  quotaExceeded: { domain: 'usageLimits', message: 'Calendar usage limits exceeded.' },
  requiredAccessLevel: { domain: 'calendar', message: 'You need to have writer access to this calendar.' },
  forbidden: { domain: 'global', message: 'Forbidden' },
  notFound: { domain: 'global', message: 'Not Found' },
  duplicate: { domain: 'global', message: 'The requested identifier already exists.' },
  deleted: { domain: 'global', message: 'Resource has been deleted' },
  backendError: { domain: 'global', message: 'Backend Error' },
  internalError: { domain: 'global', message: 'Internal Error' },
}

/** `fail({reason: 'usageLimits'})` is read as the usageLimits-domain quota error. */
const ALIASES: Record<string, string> = { usageLimits: 'quotaExceeded' }

const DEFAULT_REASON: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'rateLimitExceeded',
  404: 'notFound',
  409: 'duplicate',
  410: 'deleted',
  429: 'rateLimitExceeded',
  500: 'backendError',
  503: 'backendError',
}

/** Canonical google.rpc status names; 410 has none, so Google omits the field. */
const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
}

const UNAUTHENTICATED_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie ' +
  'or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'

/** Thrown by handlers; carries the exact status and JSON body to send. */
export class GoogleHttpError extends Error {
  readonly status: number
  readonly body: unknown
  constructor(status: number, body: unknown) {
    super(`fake google ${status}`)
    this.status = status
    this.body = body
  }
}

export interface ApiErrorExtras {
  /** Overrides the per-reason message. */
  message?: string
  location?: string
  locationType?: 'parameter' | 'header'
}

/** Body of a Calendar v3 error: {"error":{code,message,errors:[{message,domain,reason}],status}}. */
export function apiErrorBody(status: number, reason?: string, extras: ApiErrorExtras = {}): unknown {
  const requested = reason ?? DEFAULT_REASON[status] ?? 'backendError'
  const resolved = ALIASES[requested] ?? requested
  const spec = REASONS[resolved] ?? { domain: 'global', message: resolved }
  const message = extras.message ?? spec.message
  const item: Record<string, string> = { message, domain: spec.domain, reason: resolved }
  if (resolved === 'authError') Object.assign(item, { location: 'Authorization', locationType: 'header' })
  if (extras.location) Object.assign(item, { location: extras.location, locationType: extras.locationType ?? 'parameter' })
  const error: Record<string, unknown> = {
    code: status,
    message: resolved === 'authError' ? UNAUTHENTICATED_MESSAGE : message,
    errors: [item],
  }
  const rpc = RPC_STATUS[status]
  if (rpc) error.status = rpc
  return { error }
}

/** A Calendar v3 error ready to throw from a handler. */
export function apiError(status: number, reason?: string, extras?: ApiErrorExtras): GoogleHttpError {
  return new GoogleHttpError(status, apiErrorBody(status, reason, extras))
}

/** An OAuth token/revoke endpoint error: {"error": code, "error_description": text}. */
export function oauthError(status: number, error: string, description: string): GoogleHttpError {
  return new GoogleHttpError(status, { error, error_description: description })
}

// ---- fault injection: rules consumed in insertion order by matching requests ----

interface ActiveFault {
  rule: FaultRule
  remaining: number
}

export interface FaultBook {
  add(rule: FaultRule): void
  clear(): void
  /** The first rule matching the request, with one use consumed; undefined when none. */
  take(method: string, path: string): FaultRule | undefined
}

/** Matches a request path against a rule's exact string or RegExp. */
export function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern === 'string') return pattern === path
  pattern.lastIndex = 0
  return pattern.test(path)
}

/** An empty set of fault rules. */
export function createFaultBook(): FaultBook {
  let faults: ActiveFault[] = []
  return {
    add(rule) {
      const remaining = rule.times ?? 1
      if (!(remaining > 0)) throw new Error('fake google: fault `times` must be positive')
      faults.push({ rule, remaining })
    },
    clear() {
      faults = []
    },
    take(method, path) {
      const hit = faults.find(
        (f) => (!f.rule.method || f.rule.method.toUpperCase() === method) && pathMatches(f.rule.path, path),
      )
      if (!hit) return undefined
      hit.remaining -= 1
      if (hit.remaining <= 0) faults = faults.filter((f) => f !== hit)
      return hit.rule
    },
  }
}
