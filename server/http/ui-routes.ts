import type { Router } from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import { caldavCalendarId } from '../calendars/caldav/caldav-accounts.ts'
import { RequestError } from '../errors.ts'
import type { LiveBus, LiveEvents } from '../events.ts'
import { buildInsights } from '../insights/build-insights.ts'
import { explainWeek } from '../insights/explain-week.ts'
import type { ControlDeps } from './control-app.ts'
import { readJson } from './read-body.ts'

const HEARTBEAT_MS = 15_000

const explainBody = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like "2026-12-24"'),
    duration: z.coerce.number().int('must be whole minutes').min(5).max(720).optional(),
    meeting_type: z.string().min(1).max(40).optional(),
  })
  .strict()

const insightsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) })

/**
 * The routes only the window needs: the availability tester (`POST /api/calendar/explain`),
 * the live call log (`GET /api/events`, server-sent events) and the charts (`GET /api/insights`).
 * Mounted on the control router, so they sit behind the same Host and token guard.
 */
export function uiRoutes(router: Router, deps: ControlDeps): void {
  const now = deps.clock

  router.post('/api/calendar/explain', async (ctx) => {
    const body = parse(explainBody, await readJson(ctx, 10_000))
    const request = { date: body.date, duration: body.duration, meetingType: body.meeting_type }
    const calendarNames = Object.fromEntries(deps.caldav.list().flatMap((account) => account.calendars.map((calendar) => [caldavCalendarId(account.id, calendar.url), `${calendar.name} (${account.label})`])))
    ctx.body = await explainWeek({ db: deps.db, provider: deps.provider, settings: deps.settings.get(), now: now(), calendarNames }, request, AbortSignal.timeout(15_000))
  })

  router.get('/api/insights', (ctx) => {
    const { days } = parse(insightsQuery, ctx.query)
    ctx.body = buildInsights(deps.db, { days, timeZone: deps.settings.get().time_zone, now: now() })
  })

  router.get('/api/events', (ctx) => {
    streamEvents(ctx, deps.bus)
  })
}

const names = ['call', 'tool-call', 'booking'] as const satisfies readonly (keyof LiveEvents)[]

/**
 * Answers with a text/event-stream that forwards every LiveBus event as `event: <name>` +
 * `data: <json>` until the client goes away; then every listener is removed.
 */
function streamEvents(ctx: Context, bus: LiveBus): void {
  const res = ctx.res
  ctx.req.socket.setTimeout(0)
  ctx.req.socket.setNoDelay(true)
  ctx.respond = false
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    'X-Accel-Buffering': 'no',
  })
  const write = (text: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(text)
  }
  const listeners = names.map((name) => {
    const listener = (payload: unknown) => write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    bus.on(name, listener as never)
    return () => bus.off(name, listener as never)
  })
  const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  let closed = false
  const cleanup = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    for (const remove of listeners) remove()
    if (!res.writableEnded) res.end()
  }
  ctx.req.once('close', cleanup)
  res.once('close', cleanup)
  res.once('error', cleanup)
  write('retry: 3000\nevent: ready\ndata: {}\n\n')
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = issue?.path.length ? String(issue.path[0]) : issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'body') : 'body'
  throw new RequestError(400, `${key}: ${issue?.message ?? 'invalid'}`, key)
}
