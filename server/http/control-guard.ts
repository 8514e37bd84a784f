import type { Context, Next } from 'koa'
import { RequestError } from '../errors.ts'
import { safeEqual } from '../vapi/webhook-auth.ts'

/** Paths served without the token: the OAuth redirect and the static UI. */
export function isPublicPath(path: string): boolean {
  return path === '/oauth/google/callback' || !path.startsWith('/api/')
}

/**
 * Guards the control API: the Host header must name this loopback listener (DNS rebinding),
 * `/api/*` needs `Authorization: Bearer <token>`, and state-changing requests from a foreign
 * `Origin` are refused. No CORS header is ever sent.
 */
export function controlGuard(options: { token: string; port: () => number }) {
  return async function guard(ctx: Context, next: Next): Promise<void> {
    const port = options.port()
    const allowed = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowed.includes((ctx.get('host') || '').toLowerCase())) throw new RequestError(403, 'Forbidden host')
    const origin = ctx.get('origin')
    if (origin && !['GET', 'HEAD'].includes(ctx.method) && !allowed.some((host) => origin === `http://${host}`)) {
      throw new RequestError(403, 'Forbidden origin')
    }
    if (!isPublicPath(ctx.path)) {
      const token = ctx.get('authorization').match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
      if (!token || !safeEqual(token, options.token)) throw new RequestError(401, 'Unauthorized')
    }
    await next()
  }
}
