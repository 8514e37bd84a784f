import Koa from 'koa'
import { Router } from '@koa/router'
import { RequestError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { serverMessageSchema, type ServerMessage } from '../vapi/server-message.ts'
import { claimsHmac, hasSecretHeader, hasValidHmac } from '../vapi/webhook-auth.ts'
import { errorMiddleware } from './error-middleware.ts'
import { FailureLimiter } from './failure-limiter.ts'
import { parseJson, readRawBody } from './read-body.ts'

/** End-of-call reports carry the whole transcript and message list; 5 MB holds a long call. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024

export interface WebhookDeps {
  /** The shared secret, or null when none is set (then every call is refused). */
  secret: () => string | null
  handle: (message: ServerMessage) => Promise<object>
  log: Logger
  clock?: () => number
}

/**
 * The public webhook (the only listener the tunnel exposes): `POST /vapi/webhook` and
 * `GET /healthz`. Authentication is checked before the body is parsed.
 */
export function createWebhookApp(deps: WebhookDeps): Koa {
  const clock = deps.clock ?? Date.now
  const app = new Koa()
  app.proxy = false
  const router = new Router()

  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true }
  })

  const failures = new FailureLimiter({ clock })
  router.post('/vapi/webhook', async (ctx) => {
    const client = FailureLimiter.clientOf(ctx)
    if (failures.blocked(client)) throw new RequestError(429, 'Too many failed requests; try again in a minute.')
    try {
      await webhook(ctx)
    } catch (error) {
      if (error instanceof RequestError && error.status === 401) failures.fail(client)
      throw error
    }
  })

  async function webhook(ctx: Koa.Context): Promise<void> {
    const secret = deps.secret()
    if (!secret) throw refuse(deps.log, 'no webhook secret is set')
    const byHeader = hasSecretHeader(ctx.headers, secret)
    if (!byHeader && !claimsHmac(ctx.headers)) throw refuse(deps.log, 'missing or wrong secret')
    const raw = await readRawBody(ctx, WEBHOOK_BODY_LIMIT)
    if (!byHeader && !hasValidHmac(ctx.headers, raw, secret, clock())) throw refuse(deps.log, 'bad signature')
    const parsed = serverMessageSchema.safeParse(parseJson(raw))
    if (!parsed.success) throw new RequestError(400, 'The body is not a Vapi server message ({"message": {"type": ...}}).')
    ctx.body = await deps.handle(parsed.data.message)
  }

  // Errors outside the middleware chain (aborted or timed-out sockets) go to our log, not stderr.
  app.silent = true
  app.on('error', (error: Error) => deps.log.debug('connection error', { listener: 'webhook', error: error.message }))
  app.use(errorMiddleware(deps.log))
  app.use(router.routes())
  app.use(router.allowedMethods())
  app.use((ctx) => {
    ctx.status = 404
    ctx.body = { error: 'Not found' }
  })
  return app
}

function refuse(log: Logger, why: string): RequestError {
  log.warn('webhook call refused', { why })
  return new RequestError(401, 'Unauthorized')
}
