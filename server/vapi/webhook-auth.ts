import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

const REPLAY_WINDOW_MS = 5 * 60_000

type Headers = Readonly<Record<string, string | string[] | undefined>>

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Constant-time string equality (hashes first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}

/**
 * True when the request carries the shared secret as `X-Vapi-Secret` or
 * `Authorization: Bearer <secret>`: checked from the headers alone, before reading the body.
 */
export function hasSecretHeader(headers: Headers, secret: string): boolean {
  const direct = header(headers, 'x-vapi-secret')
  if (direct !== undefined && safeEqual(direct, secret)) return true
  const authorization = header(headers, 'authorization')
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]
  return bearer !== undefined && safeEqual(bearer.trim(), secret)
}

/** True when the request says it is HMAC-signed (so the body must be read to check it). */
export function claimsHmac(headers: Headers): boolean {
  return header(headers, 'x-signature') !== undefined && header(headers, 'x-timestamp') !== undefined
}

/**
 * Vapi's HMAC credential: `x-signature` = hex HMAC-SHA256 of `{x-timestamp}.{raw body}` (an
 * optional `sha256=` prefix is accepted), with the timestamp (seconds or milliseconds) within
 * five minutes of now.
 */
export function hasValidHmac(headers: Headers, rawBody: Buffer, secret: string, now: number): boolean {
  const signature = header(headers, 'x-signature')?.replace(/^sha256=/i, '').trim().toLowerCase()
  const timestamp = header(headers, 'x-timestamp')?.trim()
  if (!signature || !timestamp || !/^\d{9,14}$/.test(timestamp)) return false
  const value = Number(timestamp)
  const ms = value < 1e12 ? value * 1000 : value
  if (Math.abs(now - ms) > REPLAY_WINDOW_MS) return false
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')
  return safeEqual(signature, expected)
}
