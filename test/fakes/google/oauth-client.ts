// Test helpers that drive the REAL google-auth-library OAuth2Client through the fake's
// desktop flow (loopback redirect + PKCE), the same way Slotline does against Google.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CodeChallengeMethod, OAuth2Client, type Credentials, type OAuth2ClientOptions } from 'google-auth-library'
import { CALENDAR_SCOPE } from './oauth.ts'
import type { FakeGoogle } from './types.ts'

/** A real OAuth2Client whose auth/token/revoke endpoints point at the fake. */
export function createFakeOAuthClient(fake: FakeGoogle, options: OAuth2ClientOptions = {}): OAuth2Client {
  return new OAuth2Client({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    ...options,
    endpoints: {
      oauth2AuthBaseUrl: fake.authUrl,
      oauth2TokenUrl: fake.tokenUrl,
      oauth2RevokeUrl: fake.revokeUrl,
      ...options.endpoints,
    },
  })
}

export interface LoopbackListener {
  redirectUri: string
  /** Resolves with the query of the first request the listener receives. */
  callback: Promise<URLSearchParams>
  close(): Promise<void>
}

/** An RFC 8252 loopback redirect target on 127.0.0.1 with an ephemeral port. */
export async function listenLoopback(path = '/oauth2/callback'): Promise<LoopbackListener> {
  let resolveCallback: (q: URLSearchParams) => void = () => {}
  const callback = new Promise<URLSearchParams>((resolve) => (resolveCallback = resolve))
  const server = createServer((req, res) => {
    resolveCallback(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams)
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    callback,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export interface AuthorizeOptions {
  scopes?: string[]
  state?: string
}

/**
 * Runs the whole consent flow with `client` (PKCE S256, access_type=offline, prompt=consent),
 * follows the fake's 302 to a loopback listener, exchanges the code and sets the credentials.
 */
export async function authorizeFakeClient(client: OAuth2Client, options: AuthorizeOptions = {}): Promise<Credentials> {
  const listener = await listenLoopback()
  try {
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
    const state = options.state ?? 'state-' + Math.random().toString(36).slice(2)
    const url = client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: options.scopes ?? ['openid', 'email', CALENDAR_SCOPE],
      redirect_uri: listener.redirectUri,
      state,
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
    })
    const consent = await fetch(url, { redirect: 'manual' })
    const location = consent.headers.get('location')
    if (consent.status !== 302 || !location) throw new Error(`consent refused: ${consent.status} ${await consent.text()}`)
    await (await fetch(location)).text()
    const query = await listener.callback
    if (query.get('state') !== state) throw new Error('state mismatch')
    const code = query.get('code')
    if (!code) throw new Error(`no code: ${query.toString()}`)
    const { tokens } = await client.getToken({ code, codeVerifier, redirect_uri: listener.redirectUri })
    client.setCredentials(tokens)
    return tokens
  } finally {
    await listener.close()
  }
}
