import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Context, Next } from 'koa'
import serve from 'koa-static'

/**
 * Serves the built React UI (`out/renderer`) for every non-API GET; unknown paths get
 * `index.html` so the app's own routes work on reload. Without a build, says how to make one.
 */
export function serveUi(uiDir: string | null) {
  const index = uiDir ? join(uiDir, 'index.html') : null
  const files = uiDir && existsSync(index!) ? serve(uiDir, { index: 'index.html', maxage: 0 }) : null
  return async function ui(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next()
    if (ctx.path.startsWith('/api/')) {
      ctx.status = 404
      ctx.body = { error: 'Not found' }
      return
    }
    if (!files) {
      ctx.status = 503
      ctx.type = 'text'
      ctx.body = 'The Slotline window has not been built. Run `npm run build`, then reload.'
      return
    }
    ctx.set('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    ctx.set('X-Content-Type-Options', 'nosniff')
    await files(ctx, async () => undefined)
    if (ctx.status === 404 && !ctx.body) {
      ctx.path = '/index.html'
      await files(ctx, next)
    }
  }
}
