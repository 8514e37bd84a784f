import Koa from 'koa'
import { Router } from '@koa/router'
import { z } from 'zod'
import type { GoogleAuth } from '../auth/google-oauth.ts'
import type { CalendarProvider } from '../calendars/provider.ts'
import { RequestError } from '../errors.ts'
import type { Logger } from '../log.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { bookingChangesOfCall, bookingsOfCall, getBooking, listBookings } from '../store/bookings-repo.ts'
import { getCall, listCalls } from '../store/calls-repo.ts'
import type { Db } from '../store/open-database.ts'
import { toolCallsOfCall } from '../store/tool-calls-repo.ts'
import type { ToolRunner } from '../tools/tool-runner.ts'
import { controlGuard } from './control-guard.ts'
import { errorMiddleware } from './error-middleware.ts'
import { connectedPage, failedPage } from './oauth-pages.ts'
import { readJson } from './read-body.ts'
import { serveUi } from './serve-ui.ts'
import { uiRoutes } from './ui-routes.ts'
import { caldavRoutes } from './caldav-routes.ts'
import type { CaldavAccounts } from '../calendars/caldav/caldav-accounts.ts'
import type { LiveBus } from '../events.ts'
import type { VapiSecret } from '../vapi/vapi-secret.ts'
import type { VapiSync } from '../vapi/vapi-sync.ts'
import type { SecretStore } from '../auth/secret-store.ts'
import { markConnected, markDisconnected } from '../store/integrations-repo.ts'

/** `GET /api/vapi/connection`: never the key itself. */
export interface VapiConnectionView {
  assistant_id: string | null
  key_set: boolean
  /** SLOTLINE_VAPI_API_KEY / SLOTLINE_VAPI_ASSISTANT_ID are set: they win over the window. */
  set_by_environment: boolean
  sync: { state: 'off' | 'syncing' | 'synced' | 'error'; error: string | null; synced_at: string | null }
}

export interface ControlDeps {
  token: string
  /** The port this listener is bound to (known after listen). */
  port: () => number
  db: Db
  log: Logger
  google: GoogleAuth
  provider: CalendarProvider
  /** CalDAV accounts, beside Google. */
  caldav: CaldavAccounts
  settings: SettingsService
  runner: ToolRunner
  status: () => Promise<object>
  vapiFunctions: () => Promise<object[]>
  /** The Vapi assistant Slotline keeps in sync, whether a key is set, and where each comes from. */
  vapiConnection: () => Promise<VapiConnectionView>
  uiDir: string | null
  vapiSecret: VapiSecret
  vapiSync: VapiSync
  secrets: SecretStore
  /** The live call log's events (`GET /api/events`). */
  bus: LiveBus
  /** The tools' clock (the availability tester explains the same "now"). */
  clock: () => number
}

const listQuery = z.object({
  q: z.string().max(200).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(['asc', 'desc']).default('desc'),
})

/** The local control API and UI (127.0.0.1 only): thin routes over the app's services. */
export function createControlApp(deps: ControlDeps): Koa {
  const app = new Koa()
  const router = new Router()
  const redirectUri = () => `http://127.0.0.1:${deps.port()}/oauth/google/callback`

  router.get('/api/calendar/status', async (ctx) => {
    ctx.body = await deps.status()
  })
  router.post('/api/calendar/connect', async (ctx) => {
    ctx.body = { auth_url: await deps.google.startConnect(redirectUri()) }
  })
  router.get('/oauth/google/callback', async (ctx) => {
    const parsed = z.object({ state: z.string().optional(), code: z.string().optional(), error: z.string().optional() }).safeParse(ctx.query)
    const query = parsed.success ? parsed.data : {}
    ctx.type = 'html'
    ctx.set('Cache-Control', 'no-store')
    try {
      const { account } = await deps.google.completeConnect(query)
      ctx.body = connectedPage(account)
    } catch (error) {
      ctx.status = error instanceof RequestError ? error.status : 502
      ctx.body = failedPage(error instanceof RequestError ? error.message : 'Google could not complete the sign-in. Try again.')
      deps.log.warn('oauth callback failed', { error: (error as Error).message })
    }
  })
  router.delete('/api/calendar/disconnect', async (ctx) => {
    ctx.body = await deps.google.disconnect()
  })
  router.get('/api/calendar/calendars', async (ctx) => {
    ctx.body = { calendars: await deps.provider.listCalendars(AbortSignal.timeout(10_000)).catch(() => { throw new RequestError(502, 'The calendars could not be listed: a calendar server is not answering.') }) }
  })
  router.get('/api/settings', (ctx) => {
    ctx.body = deps.settings.get()
  })
  router.put('/api/settings', async (ctx) => {
    ctx.body = deps.settings.update(await readJson(ctx))
  })
  const tool = (path: string, name: string) =>
    router.post(path, async (ctx) => {
      const outcome = await deps.runner.run({ name, args: await readJson(ctx), call: { toolCallId: null, callId: null, source: 'control' } })
      if ('error' in outcome) throw new RequestError(400, outcome.error)
      ctx.body = outcome.result
    })
  tool('/api/calendar/available-slots', 'find_available_times')
  tool('/api/calendar/schedule-meeting', 'schedule_meeting')
  tool('/api/calendar/next-available', 'get_next_available')
  router.get('/api/calendar/vapi-functions', async (ctx) => {
    ctx.body = await deps.vapiFunctions()
  })
  router.put('/api/vapi/secret', async (ctx) => {
    const body = z.object({ secret: z.string().max(500).optional() }).strict().safeParse(await readJson(ctx, 10_000))
    if (!body.success) throw new RequestError(400, 'secret: must be a string, or leave it out to generate one', 'secret')
    ctx.body = { secret: await deps.vapiSecret.set(body.data.secret ?? null) }
    void deps.vapiSync.resync()
  })
  router.put('/api/vapi/connection', async (ctx) => {
    const body = z
      .object({ api_key: z.string().trim().min(10).max(500).optional(), assistant_id: z.string().trim().min(1).max(200) })
      .strict()
      .safeParse(await readJson(ctx, 10_000))
    if (!body.success) throw new RequestError(400, `${String(body.error.issues[0]?.path[0] ?? 'body')}: ${body.error.issues[0]?.message}`, String(body.error.issues[0]?.path[0] ?? 'body'))
    if (body.data.api_key) await deps.secrets.set('vapi.api_key', body.data.api_key)
    markConnected(deps.db, 'vapi', body.data.assistant_id, null, Date.now())
    ctx.body = await deps.vapiSync.resync()
  })
  router.get('/api/vapi/connection', async (ctx) => {
    ctx.body = await deps.vapiConnection()
  })
  router.delete('/api/vapi/connection', async (ctx) => {
    await deps.secrets.delete('vapi.api_key')
    markDisconnected(deps.db, 'vapi', null, Date.now())
    ctx.body = { state: 'off' }
  })
  router.get('/api/calls', (ctx) => {
    const query = parseQuery(ctx.query)
    ctx.body = { calls: listCalls(deps.db, { search: query.q, from: query.from, to: query.to, limit: query.limit, offset: query.offset }) }
  })
  router.get('/api/calls/:id', (ctx) => {
    const call = getCall(deps.db, ctx.params.id!)
    if (!call) throw new RequestError(404, 'No such call')
    ctx.body = { ...call, tool_calls: toolCallsOfCall(deps.db, call.id), bookings: bookingsOfCall(deps.db, call.id), booking_changes: bookingChangesOfCall(deps.db, call.id) }
  })
  router.get('/api/bookings', (ctx) => {
    const query = parseQuery(ctx.query)
    ctx.body = { bookings: listBookings(deps.db, { from: query.from, limit: query.limit, offset: query.offset, order: query.order }) }
  })
  // Cancelling from the window runs the assistant's own cancel_meeting, so the lock, the calendar
  // delete, the history and the call log are the same as for a caller.
  router.post('/api/bookings/:id/cancel', async (ctx) => {
    const booking = getBooking(deps.db, ctx.params.id ?? '')
    if (!booking) throw new RequestError(404, 'No such booking.')
    const outcome = await deps.runner.run({ name: 'cancel_meeting', args: { attendee_email: booking.attendee_email, booking_id: booking.id }, call: { toolCallId: null, callId: null, source: 'control' } })
    if ('error' in outcome) throw new RequestError(400, outcome.error)
    const result = outcome.result as { ok: boolean; code?: string; message: string }
    if (!result.ok) throw new RequestError(result.code === 'not_found' ? 409 : 502, result.code === 'not_found' ? 'This meeting is no longer on the calendar.' : result.message)
    ctx.body = { booking: getBooking(deps.db, booking.id) }
  })

  uiRoutes(router, deps)
  caldavRoutes(router, deps)

  // Errors outside the middleware chain (aborted or timed-out sockets) go to our log, not stderr.
  app.silent = true
  app.on('error', (error: Error) => deps.log.debug('connection error', { listener: 'control', error: error.message }))
  app.use(errorMiddleware(deps.log))
  app.use(controlGuard({ token: deps.token, port: deps.port }))
  app.use(router.routes())
  app.use(router.allowedMethods())
  app.use(serveUi(deps.uiDir))
  return app
}

function parseQuery(query: unknown) {
  const parsed = listQuery.safeParse(query)
  if (!parsed.success) throw new RequestError(400, `${String(parsed.error.issues[0]?.path[0] ?? 'query')}: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}
