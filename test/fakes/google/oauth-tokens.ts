// Issued OAuth credentials: authorization codes, access and refresh tokens, and ID tokens.
// Token values look like Google's (ya29.…, 1//…, 4/0A…) so log-redaction tests are realistic.
import { createHash, randomBytes } from 'node:crypto'
import type { IssuedToken, TokenSnapshot } from './types.ts'

/** Random base64url text of `bytes` random bytes. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

/** BASE64URL(SHA256(verifier)) — the PKCE S256 transform (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** Google's numeric, stable subject id for an account email. */
export function subjectFor(email: string): string {
  const digits = BigInt('0x' + createHash('sha256').update(email).digest('hex').slice(0, 15)).toString()
  return ('1' + digits.padEnd(20, '0')).slice(0, 21)
}

export interface IdTokenClaims {
  clientId: string
  email: string
  includeEmail: boolean
  ttlSeconds: number
}

/** An unsigned-but-RS256-looking JWT with Google's ID token claims (clients only decode it). */
export function makeIdToken(c: IdTokenClaims): string {
  const iat = Math.floor(Date.now() / 1000)
  const header = { alg: 'RS256', kid: 'fake-google-key-1', typ: 'JWT' }
  const payload: Record<string, unknown> = {
    iss: 'https://accounts.google.com',
    azp: c.clientId,
    aud: c.clientId,
    sub: subjectFor(c.email),
    ...(c.includeEmail ? { email: c.email, email_verified: true } : {}),
    iat,
    exp: iat + c.ttlSeconds,
  }
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url')
  return `${encode(header)}.${encode(payload)}.${randomToken(256)}`
}

export interface TokenStore {
  issueRefresh(clientId: string, scope: string): IssuedToken
  issueAccess(clientId: string, scope: string, refreshToken?: string): IssuedToken
  /** A live (unrevoked) refresh token, or undefined. */
  liveRefresh(value: string): IssuedToken | undefined
  /** Whether some live refresh token was already issued to this client. */
  hasLiveRefresh(clientId: string): boolean
  /** True when the access token exists, is unrevoked and unexpired. */
  isAccessValid(value: string): boolean
  /** Revokes an access or refresh token together with its family; false when unknown/revoked. */
  revoke(value: string): boolean
  expireAllAccess(): void
  revokeAllRefresh(): void
  snapshot(): TokenSnapshot
}

/** In-memory token registry; access tokens live `ttlSeconds`. */
export function createTokenStore(ttlSeconds: number): TokenStore {
  const access = new Map<string, IssuedToken>()
  const refresh = new Map<string, IssuedToken>()

  const revokeFamily = (refreshValue: string): void => {
    const parent = refresh.get(refreshValue)
    if (parent) parent.revoked = true
    for (const t of access.values()) if (t.refreshToken === refreshValue) t.revoked = true
  }

  return {
    issueRefresh(clientId, scope) {
      const token: IssuedToken = {
        kind: 'refresh', value: `1//0${randomToken(72)}`, clientId, scope, issuedAt: Date.now(), revoked: false,
      }
      refresh.set(token.value, token)
      return token
    },
    issueAccess(clientId, scope, refreshToken) {
      const now = Date.now()
      const token: IssuedToken = {
        kind: 'access', value: `ya29.a0${randomToken(120)}`, clientId, scope,
        issuedAt: now, expiresAt: now + ttlSeconds * 1000, revoked: false, refreshToken,
      }
      access.set(token.value, token)
      return token
    },
    liveRefresh(value) {
      const token = refresh.get(value)
      return token && !token.revoked ? token : undefined
    },
    hasLiveRefresh(clientId) {
      return [...refresh.values()].some((t) => t.clientId === clientId && !t.revoked)
    },
    isAccessValid(value) {
      const token = access.get(value)
      return !!token && !token.revoked && (token.expiresAt ?? 0) > Date.now()
    },
    revoke(value) {
      const asRefresh = refresh.get(value)
      if (asRefresh && !asRefresh.revoked) {
        revokeFamily(value)
        return true
      }
      const asAccess = access.get(value)
      if (!asAccess || asAccess.revoked || (asAccess.expiresAt ?? 0) <= Date.now()) return false
      // Google: revoking an access token also revokes the refresh token it came from.
      asAccess.revoked = true
      if (asAccess.refreshToken) revokeFamily(asAccess.refreshToken)
      return true
    },
    expireAllAccess() {
      const past = Date.now() - 1
      for (const t of access.values()) t.expiresAt = Math.min(t.expiresAt ?? past, past)
    },
    revokeAllRefresh() {
      for (const t of refresh.values()) t.revoked = true
    },
    snapshot() {
      return {
        accessTokens: [...access.values()].map((t) => ({ ...t })),
        refreshTokens: [...refresh.values()].map((t) => ({ ...t })),
      }
    },
  }
}
