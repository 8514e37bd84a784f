import type { Router } from '@koa/router'
import { z } from 'zod'
import type { CaldavAccounts } from '../calendars/caldav/caldav-accounts.ts'
import { caldavCalendarId } from '../calendars/caldav/caldav-accounts.ts'
import { calendarsAfterAdd, calendarsAfterRemove } from '../calendars/caldav/caldav-settings.ts'
import { CalendarError } from '../calendars/provider.ts'
import { invalid, RequestError } from '../errors.ts'
import type { CaldavAccountRow } from '../store/caldav-accounts-repo.ts'
import type { ControlDeps } from './control-app.ts'
import { readJson } from './read-body.ts'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

const addBody = z
  .object({
    server_url: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(2048)
      .transform((value) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`))
      .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) address like https://caldav.fastmail.com' }))
      .refine((value) => new URL(value).protocol === 'https:' || LOOPBACK.has(new URL(value).hostname), 'must use https (a password is never sent in the clear, except to this machine)'),
    username: z.string().trim().min(1, 'is required').max(320),
    password: z.string().min(1, 'is required').max(1024),
    label: z.string().trim().max(100).optional(),
  })
  .strict()

/** A CalDAV account as the control API shows it: never its password. */
export interface CaldavAccountView {
  id: string
  label: string
  server_url: string
  username: string
  status: 'connected' | 'error'
  error: string | null
  calendars: { id: string; name: string; color: string | null }[]
}

/** The account as the window sees it. */
export function caldavAccountView(account: CaldavAccountRow): CaldavAccountView {
  return {
    id: account.id,
    label: account.label,
    server_url: account.serverUrl,
    username: account.username,
    status: account.status,
    error: account.error,
    calendars: account.calendars.map((calendar) => ({ id: caldavCalendarId(account.id, calendar.url), name: calendar.name, color: calendar.color })),
  }
}

/**
 * CalDAV accounts (`/api/caldav/accounts`): add one (log in, discover calendars, password to the
 * keychain), list them, remove one. Adding or removing also keeps the calendar settings consistent.
 */
export function caldavRoutes(router: Router, deps: ControlDeps & { caldav: CaldavAccounts }): void {
  router.get('/api/caldav/accounts', (ctx) => {
    ctx.body = { accounts: deps.caldav.list().map(caldavAccountView) }
  })
  router.post('/api/caldav/accounts', async (ctx) => {
    const parsed = addBody.safeParse(await readJson(ctx))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalid(String(issue?.path[0] ?? 'body'), issue?.message ?? 'invalid')
    }
    const { server_url, username, password, label } = parsed.data
    const account = await deps.caldav.add({ serverUrl: server_url, username, password, label }, AbortSignal.timeout(20_000)).catch((error: unknown) => {
      throw addFailure(error)
    })
    deps.settings.update(calendarsAfterAdd(deps.settings.get(), account, deps.google.status().connected))
    ctx.status = 201
    ctx.body = caldavAccountView(account)
  })
  router.delete('/api/caldav/accounts/:id', async (ctx) => {
    const id = ctx.params.id ?? ''
    if (!(await deps.caldav.remove(id))) throw new RequestError(404, 'No such CalDAV account.')
    deps.settings.update(calendarsAfterRemove(deps.settings.get(), id))
    ctx.status = 204
  })
}

function addFailure(error: unknown): RequestError {
  if (!(error instanceof CalendarError)) return new RequestError(502, 'The CalDAV server could not be reached.')
  if (error.code === 'not_connected') return new RequestError(400, `${error.message} Use an app-specific password where your provider requires one (iCloud, Fastmail).`, 'password')
  if (error.code === 'not_found') return new RequestError(400, 'No CalDAV account was found at that address. Check the server address.', 'server_url')
  if (error.code === 'invalid') return new RequestError(400, error.message, 'server_url')
  return new RequestError(502, error.message)
}
