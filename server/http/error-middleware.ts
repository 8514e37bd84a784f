import type { Context, Next } from 'koa'
import { RequestError } from '../errors.ts'
import type { Logger } from '../log.ts'

/**
 * Turns typed errors into the contract's `{"error": ...}` JSON. Client errors are shown; anything
 * unexpected becomes a generic 500 with no stack, and is logged.
 */
export function errorMiddleware(log: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next()
    } catch (error) {
      if (error instanceof RequestError) {
        ctx.status = error.status
        ctx.body = error.key ? { error: error.message, key: error.key } : { error: error.message }
        return
      }
      const status = (error as { status?: unknown }).status
      const expose = (error as { expose?: unknown }).expose === true
      if (typeof status === 'number' && status >= 400 && status < 500 && expose) {
        ctx.status = status
        ctx.body = { error: (error as Error).message }
        return
      }
      if ((error as Error)?.name === 'SqliteError') {
        log.error('database error', { method: ctx.method, path: ctx.path, error: (error as Error).message })
        ctx.status = 503
        ctx.body = { error: `Slotline cannot use its database right now (${String((error as { code?: unknown }).code ?? 'SQLITE_ERROR')}). Check the disk and the data dir, then try again.` }
        return
      }
      log.error('request failed', { method: ctx.method, path: ctx.path, error: (error as Error)?.message ?? String(error) })
      ctx.status = 500
      ctx.body = { error: 'Internal error. The details are in Slotline\'s log.' }
    }
  }
}
