import { parseConfig, type Config } from '../../server/config/parse-config.ts'
import { startSlotline, type Slotline, type StartOptions } from '../../server/index.ts'
import { createLogger } from '../../server/log.ts'
import { startFakeGoogle } from '../fakes/google/index.ts'
import { tempDir } from './temp-dir.ts'

export const VAPI_SECRET = 'test-vapi-secret-0123456789abcdefghijklmnop'

export type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>

export interface TestApp {
  app: Slotline
  google: FakeGoogle
  config: Config
  dataDir: string
  /** Every log line the app wrote. */
  logs: string[]
  /** A control API request with the bearer token. */
  api: (path: string, init?: { method?: string; body?: unknown }) => Promise<Response>
  /** A webhook POST with the Vapi secret. */
  webhook: (body: unknown, headers?: Record<string, string>) => Promise<Response>
  /** Runs the whole Google OAuth flow against the fake. */
  connect: () => Promise<void>
  close: () => Promise<void>
}

/** The environment that points Slotline's Google client and endpoints at the fake. */
export function fakeGoogleEnv(google: FakeGoogle): Record<string, string> {
  return {
    SLOTLINE_GOOGLE_CLIENT_ID: google.clientId,
    SLOTLINE_GOOGLE_CLIENT_SECRET: google.clientSecret,
    SLOTLINE_GOOGLE_AUTH_URL: google.authUrl,
    SLOTLINE_GOOGLE_TOKEN_URL: google.tokenUrl,
    SLOTLINE_GOOGLE_REVOKE_URL: google.revokeUrl,
    SLOTLINE_GOOGLE_API_ROOT: google.apiRoot,
  }
}

/** Starts the real server on ephemeral ports against a fresh fake Google and data dir. */
export async function startTestApp(options: { env?: Record<string, string>; start?: StartOptions; timeZone?: string } = {}): Promise<TestApp> {
  const google = await startFakeGoogle()
  const dir = tempDir()
  const env: Record<string, string> = {
    SLOTLINE_WEBHOOK_PORT: '0',
    SLOTLINE_CONTROL_PORT: '0',
    SLOTLINE_VAPI_SECRET: VAPI_SECRET,
    ...fakeGoogleEnv(google),
    SLOTLINE_SECRET_STORE: 'file',
    ...options.env,
  }
  const config = parseConfig(env, undefined, { dataDir: dir.path, timeZone: options.timeZone ?? 'America/New_York', tunnel: 'off' })
  const logs: string[] = []
  const app = await startSlotline(config, { log: createLogger({ debug: false, write: (line) => logs.push(line) }), ...options.start })
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(new URL(path, app.controlUrl), {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${app.controlToken}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  const webhook = (body: unknown, headers: Record<string, string> = { 'x-vapi-secret': VAPI_SECRET }) =>
    fetch(app.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return {
    app,
    google,
    config,
    dataDir: dir.path,
    logs,
    api,
    webhook,
    async connect() {
      const { auth_url } = (await (await api('/api/calendar/connect', { method: 'POST' })).json()) as { auth_url: string }
      const consent = await fetch(auth_url, { redirect: 'manual' })
      const location = consent.headers.get('location')
      if (consent.status !== 302 || !location) throw new Error(`consent failed: ${consent.status} ${await consent.text()}`)
      const landing = await fetch(location)
      if (landing.status !== 200) throw new Error(`callback failed: ${landing.status} ${await landing.text()}`)
    },
    async close() {
      await app.stop()
      await google.close()
      dir.remove()
    },
  }
}
