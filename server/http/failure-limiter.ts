import type { Context } from 'koa'

/**
 * Counts refused authentications per client and shuts a client out for the rest
 * of the minute after too many. Behind the tunnel every request comes from 127.0.0.1, so the
 * client is cloudflared's `CF-Connecting-IP` there.
 */
export class FailureLimiter {
  readonly #limit: number
  readonly #windowMs: number
  readonly #clock: () => number
  readonly #clients = new Map<string, { count: number; since: number }>()

  constructor(options: { limit?: number; windowMs?: number; clock: () => number }) {
    this.#limit = options.limit ?? 30
    this.#windowMs = options.windowMs ?? 60_000
    this.#clock = options.clock
  }

  /** The client a request counts against. */
  static clientOf(ctx: Context): string {
    const remote = ctx.req.socket.remoteAddress ?? 'unknown'
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1'
    const forwarded = loopback ? ctx.get('cf-connecting-ip') : ''
    return forwarded || remote
  }

  /** True when this client has failed too often in the current window. */
  blocked(client: string): boolean {
    const entry = this.#current(client)
    return entry !== undefined && entry.count >= this.#limit
  }

  /** Records one refused request. */
  fail(client: string): void {
    const entry = this.#current(client)
    if (entry) entry.count++
    else this.#clients.set(client, { count: 1, since: this.#clock() })
    if (this.#clients.size > 10_000) this.#prune()
  }

  #current(client: string): { count: number; since: number } | undefined {
    const entry = this.#clients.get(client)
    if (entry && this.#clock() - entry.since >= this.#windowMs) {
      this.#clients.delete(client)
      return undefined
    }
    return entry
  }

  #prune(): void {
    const now = this.#clock()
    for (const [client, entry] of this.#clients) if (now - entry.since >= this.#windowMs) this.#clients.delete(client)
  }
}
