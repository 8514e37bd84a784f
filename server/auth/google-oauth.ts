import { CodeChallengeMethod, OAuth2Client, type Credentials } from 'google-auth-library'
import { randomBytes } from 'node:crypto'
import type { Config } from '../config/parse-config.ts'
import { RequestError } from '../errors.ts'
import type { Db } from '../store/open-database.ts'
import { getIntegration, markConnected, markDisconnected } from '../store/integrations-repo.ts'
import type { SecretStore } from './secret-store.ts'

export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/calendar', 'openid', 'email']
const PROVIDER = 'google'
const STATE_TTL_MS = 10 * 60_000
/** Refresh this long before the access token expires, so no tool call waits for a refresh. */
const REFRESH_AHEAD_MS = 5 * 60_000

interface PendingAuth {
  verifier: string
  redirectUri: string
  expiresAt: number
}

export interface GoogleAuthStatus {
  connected: boolean
  account: string | null
  error: string | null
}

/**
 * Google OAuth for a desktop app (RFC 8252): loopback redirect, PKCE S256, `state`, offline access.
 * Owns the OAuth2Client; the refresh token lives only in the SecretStore.
 */
export class GoogleAuth {
  readonly #config: Config['google']
  readonly #secrets: SecretStore
  readonly #db: Db
  readonly #clock: () => number
  readonly #pending = new Map<string, PendingAuth>()
  #client: OAuth2Client | null = null
  #refreshTimer: NodeJS.Timeout | null = null
  readonly #onAuthUrl: ((url: string) => void) | undefined

  constructor(options: { config: Config['google']; secrets: SecretStore; db: Db; clock?: () => number; onAuthUrl?: (url: string) => void }) {
    this.#onAuthUrl = options.onAuthUrl
    this.#config = options.config
    this.#secrets = options.secrets
    this.#db = options.db
    this.#clock = options.clock ?? Date.now
  }

  /** Connection state as the window shows it. */
  status(): GoogleAuthStatus {
    const row = getIntegration(this.#db, PROVIDER)
    return { connected: row?.status === 'connected', account: row?.account ?? null, error: row?.error ?? null }
  }

  /** Starts the flow: returns the URL to open in the system browser. */
  async startConnect(redirectUri: string): Promise<string> {
    const client = this.#newClient(redirectUri)
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
    const state = randomBytes(24).toString('base64url')
    this.#prunePending()
    this.#pending.set(state, { verifier: codeVerifier, redirectUri, expiresAt: this.#clock() + STATE_TTL_MS })
    const url = client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: GOOGLE_SCOPES,
      include_granted_scopes: true,
      state,
      code_challenge_method: CodeChallengeMethod.S256,
      code_challenge: codeChallenge,
      redirect_uri: redirectUri,
    })
    this.#onAuthUrl?.(url)
    return url
  }

  /**
   * Completes the flow from the redirect's query: checks `state` (once, within 10 minutes),
   * exchanges the code with the verifier, keeps the refresh token in the secret store.
   */
  async completeConnect(query: { state?: string; code?: string; error?: string }): Promise<{ account: string | null }> {
    const pending = query.state ? this.#pending.get(query.state) : undefined
    if (!pending || pending.expiresAt < this.#clock()) {
      throw new RequestError(400, 'This sign-in link is unknown, used or expired. Start again from Slotline.')
    }
    this.#pending.delete(query.state!)
    if (query.error) throw new RequestError(400, `Google did not grant access (${query.error}).`)
    if (!query.code) throw new RequestError(400, 'Google sent no authorization code.')
    const client = this.#newClient(pending.redirectUri)
    const { tokens } = await client.getToken({ code: query.code, codeVerifier: pending.verifier, redirect_uri: pending.redirectUri })
    if (!tokens.refresh_token) throw new RequestError(502, 'Google returned no refresh token; remove Slotline from your Google account access and connect again.')
    if (!tokens.scope?.includes(GOOGLE_SCOPES[0]!)) throw new RequestError(400, 'Calendar access was not granted. Connect again and allow calendar access.')
    await this.#secrets.set('google.refresh_token', tokens.refresh_token)
    const account = emailFromIdToken(tokens.id_token)
    markConnected(this.#db, PROVIDER, account, tokens.scope ?? null, this.#clock())
    this.#useClient(client, tokens)
    return { account }
  }

  /**
   * An authorised client for API calls, or null when not connected. The access token is kept
   * fresh in the background.
   */
  async client(): Promise<OAuth2Client | null> {
    if (this.#client) return this.#client
    if (!this.status().connected) return null
    const refreshToken = await this.#secrets.get('google.refresh_token')
    if (!refreshToken) return null
    const client = this.#newClient()
    this.#useClient(client, { refresh_token: refreshToken })
    return client
  }

  /** Called when Google says the grant is gone (`invalid_grant`): the integration is disconnected. */
  async markRevoked(reason = 'Google access was revoked or has expired. Reconnect your calendar.'): Promise<void> {
    this.#dropClient()
    markDisconnected(this.#db, PROVIDER, reason, this.#clock())
    await this.#secrets.delete('google.refresh_token')
  }

  /** Revokes the grant at Google (best effort) and forgets the token. */
  async disconnect(): Promise<{ revoked: boolean }> {
    const refreshToken = await this.#secrets.get('google.refresh_token')
    let revoked = false
    if (refreshToken) {
      try {
        await this.#newClient().revokeToken(refreshToken)
        revoked = true
      } catch {
        revoked = false // already revoked or Google unreachable: the local copy is deleted all the same
      }
    }
    this.#dropClient()
    await this.#secrets.delete('google.refresh_token')
    markDisconnected(this.#db, PROVIDER, null, this.#clock())
    return { revoked }
  }

  /** Refreshes the access token now (start-up warm-up and the background timer use it). */
  async warmUp(): Promise<void> {
    const client = await this.client()
    if (client) await this.#refresh(client)
  }

  stop(): void {
    this.#dropClient()
  }

  #newClient(redirectUri?: string): OAuth2Client {
    const { clientId, clientSecret } = this.#config
    if (!clientId) {
      throw new RequestError(409, 'No Google OAuth client is configured. Set SLOTLINE_GOOGLE_CLIENT_ID and SLOTLINE_GOOGLE_CLIENT_SECRET (see the README).')
    }
    return new OAuth2Client({
      clientId,
      clientSecret: clientSecret ?? undefined,
      redirectUri,
      endpoints: { oauth2AuthBaseUrl: this.#config.authUrl, oauth2TokenUrl: this.#config.tokenUrl, oauth2RevokeUrl: this.#config.revokeUrl },
      eagerRefreshThresholdMillis: REFRESH_AHEAD_MS,
    })
  }

  #useClient(client: OAuth2Client, tokens: Credentials): void {
    this.#dropClient()
    client.setCredentials(tokens)
    client.on('tokens', (fresh) => {
      if (fresh.refresh_token) void this.#secrets.set('google.refresh_token', fresh.refresh_token)
      this.#schedule(client, fresh.expiry_date ?? null)
    })
    this.#client = client
    this.#schedule(client, tokens.expiry_date ?? null)
  }

  #schedule(client: OAuth2Client, expiry: number | null): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer)
    if (expiry === null) return
    const delay = Math.max(1_000, expiry - this.#clock() - REFRESH_AHEAD_MS)
    this.#refreshTimer = setTimeout(() => void this.#refresh(client).catch(() => undefined), delay)
    this.#refreshTimer.unref()
  }

  /**
   * Gets a new access token for `client` now (after a 401, or ahead of expiry), keeping the
   * refresh token. Throws what Google answered; the background timer follows the new expiry.
   */
  async refreshNow(client: OAuth2Client): Promise<void> {
    const { credentials } = await client.refreshAccessToken()
    client.setCredentials({ ...credentials, refresh_token: credentials.refresh_token ?? client.credentials.refresh_token })
    this.#schedule(client, credentials.expiry_date ?? null)
  }

  async #refresh(client: OAuth2Client): Promise<void> {
    try {
      await this.refreshNow(client)
    } catch (error) {
      if (isInvalidGrant(error)) await this.markRevoked()
      else throw error
    }
  }

  #dropClient(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer)
    this.#refreshTimer = null
    this.#client?.removeAllListeners('tokens')
    this.#client = null
  }

  #prunePending(): void {
    const now = this.#clock()
    for (const [state, pending] of this.#pending) if (pending.expiresAt < now) this.#pending.delete(state)
  }
}

/** True when Google says the refresh token is no longer valid. */
export function isInvalidGrant(error: unknown): boolean {
  const data = (error as { response?: { data?: { error?: unknown } } })?.response?.data
  return data?.error === 'invalid_grant' || /invalid_grant/.test(String((error as Error)?.message))
}

/**
 * The account email from the ID token's payload. The token came straight from Google's token
 * endpoint over TLS, so (OpenID Connect Core §3.1.3.7) its signature need not be checked to
 * display the account name; it is never used to authorise anything.
 */
function emailFromIdToken(idToken: string | null | undefined): string | null {
  const payload = idToken?.split('.')[1]
  if (!payload) return null
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { email?: unknown }
    return typeof claims.email === 'string' ? claims.email : null
  } catch {
    return null
  }
}
