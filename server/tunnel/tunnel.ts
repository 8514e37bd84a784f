import { EventEmitter } from 'node:events'
import { freePort } from '../free-port.ts'
import { setTimeout as sleep } from 'node:timers/promises'
import type { TunnelMode } from '../config/parse-config.ts'
import type { Logger } from '../log.ts'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts'
import { findCloudflared } from './cloudflared-bin.ts'
import {
  healthCheck,
  publicUrlOf,
  spawnCloudflared,
  waitUntilRegistered,
  type CloudflaredExit,
  type CloudflaredRun,
} from './cloudflared-process.ts'

export type TunnelStateName = 'off' | 'starting' | 'up' | 'down' | 'not_installed'

/** The tunnel as `GET /api/calendar/status` shows it; `url` is set only while `up`. */
export interface TunnelState {
  state: TunnelStateName
  url: string | null
  error: string | null
}

export interface TunnelOptions {
  mode: TunnelMode
  /** The webhook listener, e.g. `http://127.0.0.1:8787`: the only thing the tunnel exposes. */
  targetUrl: string
  /** SLOTLINE_CLOUDFLARED_BIN; null = the npm `cloudflared` package's binary. */
  cloudflaredBin: string | null
  /** Named mode: the tunnel token (passed as env TUNNEL_TOKEN) and its public hostname. */
  token?: string | null
  hostname?: string | null
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv
  log?: Logger
  readyTimeoutMs?: number
  pollIntervalMs?: number
  healthIntervalMs?: number
  healthTimeoutMs?: number
  healthFailuresBeforeRestart?: number
  backoff?: Partial<BackoffPolicy>
  stopGraceMs?: number
  random?: () => number
}

/** A supervised cloudflared: emits 'change' with the new state on every transition. */
export interface Tunnel {
  state(): TunnelState
  on(event: 'change', listener: (state: TunnelState) => void): this
  off(event: 'change', listener: (state: TunnelState) => void): this
  /**
   * Starts supervising (no-op in mode `off` or while running; after `not_installed` it tries
   * again, e.g. once cloudflared has been installed). Does not wait for `up`.
   */
  start(): Promise<void>
  /** Kills cloudflared's process group and waits for it to close; the state becomes `off`. */
  stop(): Promise<void>
}

/** Creates the cloudflared supervisor: readiness from the metrics server, restarts with backoff. */
export function createTunnel(options: TunnelOptions): Tunnel {
  return new TunnelSupervisor(options)
}

interface RunOutcome {
  reason: string
  upForMs: number
  notInstalled: boolean
}

class TunnelSupervisor extends EventEmitter<{ change: [TunnelState] }> implements Tunnel {
  readonly #options: TunnelOptions
  readonly #policy: BackoffPolicy
  #state: TunnelState = { state: 'off', url: null, error: null }
  #stopping = new AbortController()
  #loop: Promise<void> | null = null
  #run: CloudflaredRun | null = null

  constructor(options: TunnelOptions) {
    super()
    this.#options = options
    this.#policy = { ...DEFAULT_BACKOFF, ...options.backoff }
  }

  state(): TunnelState {
    return { ...this.#state }
  }

  async start(): Promise<void> {
    if (this.#options.mode === 'off') return
    if (this.#state.state === 'not_installed') await this.#loop
    if (this.#loop) return
    this.#stopping = new AbortController()
    this.#set({ state: 'starting', url: null, error: null })
    this.#loop = this.#supervise()
      .catch((error: unknown) => {
        this.#set({ state: 'down', url: null, error: `tunnel supervisor failed: ${(error as Error).message}` })
      })
      .finally(() => (this.#loop = null))
  }

  async stop(): Promise<void> {
    this.#stopping.abort()
    await this.#run?.kill(this.#options.stopGraceMs ?? 5_000)
    await this.#loop
    this.#set({ state: 'off', url: null, error: null })
  }

  async #supervise(): Promise<void> {
    const signal = this.#stopping.signal
    let attempt = 0
    while (!signal.aborted) {
      const lookup = await findCloudflared(this.#options.cloudflaredBin)
      if (!lookup.ok) return this.#notInstalled(lookup.error)
      const outcome = await this.#runOnce(lookup.path)
      if (signal.aborted) return
      if (outcome.notInstalled) return this.#notInstalled(outcome.reason)
      if (outcome.upForMs >= this.#policy.stableMs) attempt = 0
      const delay = backoffDelay(this.#policy, attempt++, this.#options.random)
      this.#options.log?.warn('tunnel down', { reason: outcome.reason, restart_in_ms: delay })
      this.#set({ state: 'down', url: null, error: `${outcome.reason}; restarting in ${Math.ceil(delay / 1000)} s` })
      await sleep(delay, undefined, { signal }).catch(() => undefined)
    }
  }

  #notInstalled(error: string): void {
    this.#options.log?.warn('tunnel not started', { reason: error })
    this.#set({ state: 'not_installed', url: null, error })
  }

  async #runOnce(bin: string): Promise<RunOutcome> {
    const o = this.#options
    const metrics = `127.0.0.1:${await freePort()}`
    if (this.#stopping.signal.aborted) return { reason: 'stopped', upForMs: 0, notInstalled: false }
    this.#set({ state: 'starting', url: null, error: null })
    const mode = o.mode === 'named' ? 'named' : 'quick'
    const run = spawnCloudflared({ bin, mode, targetUrl: o.targetUrl, metrics, token: o.token ?? null, env: o.env ?? process.env })
    this.#run = run
    if (this.#stopping.signal.aborted) {
      await run.kill(o.stopGraceMs ?? 5_000)
      return { reason: 'stopped', upForMs: 0, notInstalled: false }
    }
    const exited = new AbortController()
    void run.closed.then(() => exited.abort())
    const timeoutMs = o.readyTimeoutMs ?? 40_000
    const registration = await waitUntilRegistered({
      metrics,
      quick: mode === 'quick',
      logUrl: run.logUrl,
      timeoutMs,
      intervalMs: o.pollIntervalMs ?? 250,
      signal: exited.signal,
    })
    if (registration === 'timeout') {
      await run.kill(o.stopGraceMs ?? 5_000)
      return { reason: `cloudflared registered no tunnel connection within ${Math.round(timeoutMs / 1000)} s${detail(run.lastError())}`, upForMs: 0, notInstalled: false }
    }
    if (registration !== 'aborted') {
      const upAt = Date.now()
      const url = mode === 'named' ? namedUrl(o.hostname ?? null) : publicUrlOf(registration.hostname, run.logUrl())
      const error = url ? null : 'the named tunnel is connected; set SLOTLINE_TUNNEL_HOSTNAME to its public hostname'
      o.log?.info('tunnel up', { url })
      this.#set({ state: 'up', url, error })
      const unhealthy = url ? await this.#watchHealth(url, exited.signal) : null
      if (unhealthy) {
        await run.kill(o.stopGraceMs ?? 5_000)
        return { reason: unhealthy, upForMs: Date.now() - upAt, notInstalled: false }
      }
      const exit = await run.closed
      return { reason: describeExit(exit, run.lastError()), upForMs: Date.now() - upAt, notInstalled: false }
    }
    const exit = await run.closed
    const missing = exit.spawnError?.code === 'ENOENT' || exit.spawnError?.code === 'EACCES'
    const reason = missing ? `cloudflared not installed: cannot run ${bin} (${exit.spawnError?.code})` : describeExit(exit, run.lastError())
    return { reason, upForMs: 0, notInstalled: missing }
  }

  /** Resolves with a reason after K consecutive failed self-tests, or null once the process exits. */
  async #watchHealth(url: string, exited: AbortSignal): Promise<string | null> {
    const o = this.#options
    const limit = o.healthFailuresBeforeRestart ?? 3
    let failures = 0
    while (!exited.aborted) {
      await sleep(o.healthIntervalMs ?? 60_000, undefined, { signal: exited }).catch(() => undefined)
      if (exited.aborted) return null
      failures = (await healthCheck(url, o.healthTimeoutMs ?? 10_000)) ? 0 : failures + 1
      if (failures > 0) o.log?.warn('tunnel self-test failed', { url, failures })
      if (failures >= limit) return `the self-test through ${url} failed ${failures} times in a row`
    }
    return null
  }

  #set(next: TunnelState): void {
    const same = next.state === this.#state.state && next.url === this.#state.url && next.error === this.#state.error
    this.#state = next
    if (!same) this.emit('change', this.state())
  }
}

function namedUrl(hostname: string | null): string | null {
  if (!hostname) return null
  return /^https?:\/\//.test(hostname) ? hostname.replace(/\/$/, '') : `https://${hostname}`
}

function describeExit(exit: CloudflaredExit, lastError: string | null): string {
  if (exit.spawnError) return `cloudflared could not start (${exit.spawnError.message})`
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
  return `cloudflared ${how}${detail(lastError)}`
}

function detail(lastError: string | null): string {
  return lastError ? `: ${lastError}` : ''
}
