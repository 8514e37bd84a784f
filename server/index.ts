import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Koa from 'koa'
import { GoogleAuth } from './auth/google-oauth.ts'
import { createSecretStore, type SecretStore } from './auth/secret-store.ts'
import { googleCalendarProvider } from './calendars/google/google-calendar.ts'
import { CaldavAccounts } from './calendars/caldav/caldav-accounts.ts'
import { caldavProvider } from './calendars/caldav/caldav-provider.ts'
import { calendarRouter } from './calendars/calendar-router.ts'
import type { Config } from './config/parse-config.ts'
import { LiveBus } from './events.ts'
import { createControlApp } from './http/control-app.ts'
import { createWebhookApp } from './http/webhook-app.ts'
import { createLogger, type Logger } from './log.ts'
import { createSettingsService } from './settings/settings-service.ts'
import { openDatabase, type Db } from './store/open-database.ts'
import { startRetention } from './store/retention.ts'
import { KeyedLock } from './tools/keyed-lock.ts'
import { reconcileBookings } from './tools/reconcile-bookings.ts'
import { startBookingSync } from './tools/sync-bookings.ts'
import { ToolRunner } from './tools/tool-runner.ts'
import { createMessageHandler } from './vapi/handle-message.ts'
import { toolDefinitions } from './vapi/tool-definitions.ts'
import { VapiSecret } from './vapi/vapi-secret.ts'
import { createVapiSync, type VapiSync } from './vapi/vapi-sync.ts'
import { createTunnel, type Tunnel } from './tunnel/tunnel.ts'
import { getIntegration } from './store/integrations-repo.ts'
import { buildStatus } from './status.ts'

export interface StartOptions {
  log?: Logger
  /** The built UI to serve on the control listener (`out/renderer`), if any. */
  uiDir?: string | null
  clock?: () => number
  /** Overrides the configured secret store (tests of other parts). */
  secrets?: SecretStore
  /** At most this many tool calls run at once; past it, calls are answered at once (default 64). */
  maxRunningToolCalls?: number
  /** How long a request may take to arrive in full (slow bodies are dropped); default 30 s. */
  requestTimeoutMs?: number
  /** How often upcoming bookings are checked against their calendar events (default 10 minutes). */
  bookingSyncEveryMs?: number
  /** Told the Google sign-in URL whenever a connection starts (`serve` prints and opens it). */
  onAuthUrl?: (url: string) => void
}

export interface Slotline {
  webhookUrl: string
  controlUrl: string
  controlToken: string
  db: Db
  bus: LiveBus
  tunnel: Tunnel
  vapiSync: VapiSync
  /** Stops accepting, lets running tool calls finish (at most 10 s), closes the database. */
  stop(): Promise<void>
}

const SHUTDOWN_GRACE_MS = 10_000

/** The one composition root: builds every service from the config and starts both listeners. */
export async function startSlotline(config: Config, options: StartOptions = {}): Promise<Slotline> {
  const log = options.log ?? createLogger({ debug: config.logLevel === 'debug' })
  const clock = options.clock ?? Date.now
  const db = openDatabase(config.dataDir)
  const secrets = options.secrets ?? createSecretStore(config.secretStore, config.dataDir)
  const bus = new LiveBus()
  const settings = createSettingsService(db, config.defaultTimeZone, clock)
  const google = new GoogleAuth({ config: config.google, secrets, db, clock, onAuthUrl: options.onAuthUrl })
  const caldav = new CaldavAccounts({ db, secrets, clock, log })
  const provider = calendarRouter({
    google: googleCalendarProvider(google, config.google.apiRoot),
    caldav: caldavProvider(caldav, { floatingZone: () => settings.get().time_zone, clock }),
    googleConnected: () => google.status().connected,
  })
  const locks = new KeyedLock()
  const runner = new ToolRunner({ db, provider, settings, clock, locks }, { budgetMs: config.toolBudgetMs, bus, maxRunning: options.maxRunningToolCalls })
  const vapiSecret = await VapiSecret.load(secrets, config.vapi.secret, (error) => log.warn('webhook secret unreadable; every webhook call is refused', { error: error.message }))

  const webhook = await listen(
    createWebhookApp({ secret: () => vapiSecret.get(), handle: createMessageHandler({ db, runner, bus, clock, log }), log, clock }),
    config.webhook.port,
    config.webhook.host,
    options.requestTimeoutMs,
  )
  const webhookOrigin = `http://${hostForUrl(config.webhook.host)}:${port(webhook)}`
  const webhookUrl = `${webhookOrigin}/vapi/webhook`
  const { mode, token, hostname, cloudflaredBin } = config.tunnel
  const tunnel = createTunnel({ mode, token, hostname, cloudflaredBin, targetUrl: webhookOrigin, log })
  const vapiSync = createVapiSync({
    apiRoot: config.vapi.apiRoot,
    apiKey: async () => config.vapi.apiKey ?? (await secrets.get('vapi.api_key').catch(() => null)),
    assistantId: () => config.vapi.assistantId ?? connectedAssistant(db),
    secret: () => vapiSecret.get(),
    meetingTypes: () => settings.get().meeting_types,
    log,
    clock,
  })
  /** The URL Vapi must call: the tunnel's while it is up, else the local one. */
  const publicWebhookUrl = (): string => {
    const state = tunnel.state()
    return state.state === 'up' && state.url ? `${state.url}/vapi/webhook` : webhookUrl
  }
  tunnel.on('change', (state) => {
    if (state.state === 'up' && state.url) void vapiSync.syncNow(`${state.url}/vapi/webhook`)
  })
  let controlPort = 0
  const control = await listen(
    createControlApp({
      token: config.control.token,
      port: () => controlPort,
      db,
      log,
      google,
      provider,
      caldav,
      settings,
      runner,
      uiDir: options.uiDir ?? null,
      bus,
      clock,
      vapiSecret,
      vapiSync,
      secrets,
      status: () => buildStatus({ db, google, caldav, settings, webhookUrl: publicWebhookUrl(), vapiSecretSet: vapiSecret.get() !== null, tunnel: tunnel.state(), vapi: vapiSync.state() }),
      vapiConnection: async () => {
        return {
          assistant_id: config.vapi.assistantId ?? connectedAssistant(db),
          key_set: Boolean(config.vapi.apiKey ?? (await secrets.get('vapi.api_key').catch(() => null))),
          set_by_environment: Boolean(config.vapi.apiKey || config.vapi.assistantId),
          sync: vapiSync.state(),
        }
      },
      vapiFunctions: async () => toolDefinitions({ serverUrl: publicWebhookUrl(), secret: vapiSecret.get(), meetingTypes: settings.get().meeting_types }),
    }),
    config.control.port,
    '127.0.0.1',
  )
  controlPort = port(control)
  void tunnel.start()

  const stopRetention = startRetention({ db, settings, log, clock })
  void google.warmUp().catch((error: unknown) => log.warn('could not refresh the Google token at start-up', { error: (error as Error).message }))
  void reconcileBookings({ db, provider, log, clock }).catch((error: unknown) => log.warn('booking journal not reconciled', { error: (error as Error).message }))
  const stopBookingSync = startBookingSync({ db, provider, clock, locks, log }, options.bookingSyncEveryMs)

  return {
    webhookUrl,
    controlUrl: `http://127.0.0.1:${controlPort}/`,
    controlToken: config.control.token,
    db,
    bus,
    tunnel,
    vapiSync,
    async stop() {
      vapiSync.stop()
      const tunnelStopped = tunnel.stop()
      // Stop accepting; answers still being written go out (the webhook's connections end on
      // their own once answered, bounded by the grace period); the window's live streams end now.
      const closing = Promise.all([close(webhook), close(control)])
      control.closeAllConnections()
      const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())
      await Promise.race([Promise.all([runner.idle(), closing]), grace])
      webhook.closeAllConnections()
      await closing
      await tunnelStopped
      stopRetention()
      stopBookingSync()
      google.stop()
      db.close()
    },
  }
}

/** The assistant set in the window, unless the connection was removed since. */
function connectedAssistant(db: Db): string | null {
  const stored = getIntegration(db, 'vapi')
  return stored?.status === 'connected' ? stored.account : null
}

function listen(app: Koa, portNumber: number, host: string, requestTimeoutMs = 30_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(portNumber, host)
    server.requestTimeout = requestTimeoutMs
    server.headersTimeout = Math.min(10_000, requestTimeoutMs)
    server.keepAliveTimeout = 5_000
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

/** Closes the listener; resolves once every connection has ended (idle ones are closed as they become idle). */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    server.close(() => {
      clearInterval(sweep)
      resolve()
    })
    server.closeIdleConnections()
  })
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}
