// OAuth 2.0 for installed apps: the consent endpoint (auto-consents), /token and /revoke.
// Enforces what Slotline relies on: loopback redirect (RFC 8252), PKCE S256, one-shot codes.
import { escapeHtml, formFields, type FakeRequest, type Reply } from './http-kit.ts'
import { oauthError } from './errors.ts'
import { makeIdToken, randomToken, s256, type TokenStore } from './oauth-tokens.ts'

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar'
const CODE_TTL_MS = 10 * 60 * 1000
const PKCE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/

export interface OAuthConfig {
  clientId: string
  clientSecret: string
  accountEmail: string
  accessTokenTtlSeconds: number
}

interface AuthCode {
  redirectUri: string
  scope: string
  codeChallenge: string
  offline: boolean
  forceConsent: boolean
  issuedAt: number
  used: boolean
}

export interface OAuthEndpoints {
  authorize(req: FakeRequest): Reply
  token(req: FakeRequest): Reply
  revoke(req: FakeRequest): Reply
  denyNextConsent(): void
}

/** Google refuses the consent page with an HTML error like this one. */
function errorPage(status: number, error: string, detail: string): Reply {
  const html =
    `<!doctype html><html><head><title>Error ${status} (${error})</title></head><body>` +
    `<h1>Access blocked: Authorization Error</h1><p>Error ${status}: ${escapeHtml(error)}</p>` +
    `<p>${escapeHtml(detail)}</p></body></html>`
  return { status, html }
}

/** Loopback redirect URIs only: http://127.0.0.1|localhost|[::1][:port]/… */
function isLoopback(uri: string): boolean {
  try {
    const url = new URL(uri)
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  } catch {
    return false
  }
}

const hasIdentityScope = (scope: string): boolean =>
  scope.split(' ').some((s) => ['openid', 'email', 'profile'].includes(s) || s.includes('/auth/userinfo.'))
const hasEmailScope = (scope: string): boolean =>
  scope.split(' ').some((s) => s === 'email' || s === 'https://www.googleapis.com/auth/userinfo.email')

/** Builds the three OAuth endpoints over a shared token store. */
export function createOAuth(config: OAuthConfig, tokens: TokenStore): OAuthEndpoints {
  const codes = new Map<string, AuthCode>()
  let denyNext = false

  const tokenResponse = (scope: string, refreshToken: string | undefined, includeRefresh: boolean): Reply => {
    const access = tokens.issueAccess(config.clientId, scope, refreshToken)
    const json: Record<string, unknown> = { access_token: access.value, expires_in: config.accessTokenTtlSeconds }
    if (includeRefresh && refreshToken) json.refresh_token = refreshToken
    json.scope = scope
    json.token_type = 'Bearer'
    if (hasIdentityScope(scope)) {
      json.id_token = makeIdToken({
        clientId: config.clientId, email: config.accountEmail,
        includeEmail: hasEmailScope(scope), ttlSeconds: 3600,
      })
    }
    return { status: 200, json }
  }

  const authenticateClient = (req: FakeRequest, fields: URLSearchParams): void => {
    let id = fields.get('client_id') ?? undefined
    let secret = fields.get('client_secret') ?? undefined
    const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
    if (basic?.[1]) {
      const [user = '', pass = ''] = Buffer.from(basic[1], 'base64').toString('utf8').split(':')
      id = decodeURIComponent(user)
      secret = decodeURIComponent(pass)
    }
    if (id !== config.clientId) throw oauthError(401, 'invalid_client', 'The OAuth client was not found.')
    if (secret === undefined) throw oauthError(400, 'invalid_request', 'client_secret is missing.')
    if (secret !== config.clientSecret) throw oauthError(401, 'invalid_client', 'Unauthorized')
  }

  const exchangeCode = (fields: URLSearchParams): Reply => {
    const value = fields.get('code')
    if (!value) throw oauthError(400, 'invalid_request', 'Missing required parameter: code')
    const code = codes.get(value)
    if (!code || code.used || Date.now() - code.issuedAt > CODE_TTL_MS) {
      throw oauthError(400, 'invalid_grant', 'Bad Request')
    }
    if (fields.get('redirect_uri') !== code.redirectUri) throw oauthError(400, 'redirect_uri_mismatch', 'Bad Request')
    const verifier = fields.get('code_verifier')
    if (!verifier) throw oauthError(400, 'invalid_grant', 'Missing code verifier.')
    if (s256(verifier) !== code.codeChallenge) throw oauthError(400, 'invalid_grant', 'Bad Request')
    code.used = true
    // Like Google, a refresh token comes back on the first offline consent, or when prompt=consent.
    const giveRefresh = code.offline && (code.forceConsent || !tokens.hasLiveRefresh(config.clientId))
    const refresh = giveRefresh ? tokens.issueRefresh(config.clientId, code.scope).value : undefined
    return tokenResponse(code.scope, refresh, true)
  }

  const refreshGrant = (fields: URLSearchParams): Reply => {
    const value = fields.get('refresh_token')
    if (!value) throw oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token')
    const token = tokens.liveRefresh(value)
    if (!token) throw oauthError(400, 'invalid_grant', 'Token has been expired or revoked.')
    return tokenResponse(token.scope, token.value, false)
  }

  return {
    authorize(req) {
      const q = req.query
      if (q.get('client_id') !== config.clientId) return errorPage(401, 'invalid_client', 'The OAuth client was not found.')
      const redirectUri = q.get('redirect_uri')
      if (!redirectUri) return errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri')
      if (!isLoopback(redirectUri)) {
        return errorPage(400, 'invalid_request', `redirect_uri=${redirectUri} is not a loopback address; desktop clients must use http://127.0.0.1:PORT`)
      }
      if (q.get('response_type') !== 'code') return errorPage(400, 'invalid_request', 'Invalid response_type: expected code')
      const scope = [...new Set((q.get('scope') ?? '').split(/\s+/).filter(Boolean))].join(' ')
      if (!scope) return errorPage(400, 'invalid_request', 'Missing required parameter: scope')
      if (!scope.split(' ').includes(CALENDAR_SCOPE)) {
        return errorPage(400, 'invalid_request', `scope must include ${CALENDAR_SCOPE}`)
      }
      const challenge = q.get('code_challenge') ?? ''
      if (q.get('code_challenge_method') !== 'S256' || !PKCE_CHALLENGE.test(challenge)) {
        return errorPage(400, 'invalid_request', 'PKCE is required: code_challenge_method=S256 and a valid code_challenge')
      }
      const target = new URL(redirectUri)
      const state = q.get('state')
      if (denyNext) {
        denyNext = false
        target.searchParams.append('error', 'access_denied')
      } else {
        const code = `4/0A${randomToken(54)}`
        codes.set(code, {
          redirectUri, scope, codeChallenge: challenge, issuedAt: Date.now(), used: false,
          offline: q.get('access_type') === 'offline',
          forceConsent: (q.get('prompt') ?? '').split(' ').includes('consent'),
        })
        target.searchParams.append('code', code)
        target.searchParams.append('scope', scope)
      }
      if (state !== null) target.searchParams.append('state', state)
      return { status: 302, location: target.toString() }
    },

    token(req) {
      const fields = formFields(req)
      authenticateClient(req, fields)
      const grant = fields.get('grant_type')
      if (grant === 'authorization_code') return exchangeCode(fields)
      if (grant === 'refresh_token') return refreshGrant(fields)
      throw oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`)
    },

    revoke(req) {
      const token = formFields(req).get('token')
      if (!token || !tokens.revoke(token)) throw oauthError(400, 'invalid_token', 'Token expired or revoked')
      return { status: 200, json: {} }
    },

    denyNextConsent() {
      denyNext = true
    },
  }
}
