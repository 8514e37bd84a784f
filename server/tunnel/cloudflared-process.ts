import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

/** What to run: a quick tunnel to `targetUrl`, or a named tunnel with its token (env only). */
export interface CloudflaredSpec {
  bin: string
  mode: 'quick' | 'named'
  targetUrl: string
  /** `127.0.0.1:<port>` where cloudflared serves `/ready` and `/quicktunnel`. */
  metrics: string
  token: string | null
  env: NodeJS.ProcessEnv
}

/** How a cloudflared process ended. `spawnError` is set when it never started (ENOENT, EACCES…). */
export interface CloudflaredExit {
  code: number | null
  signal: NodeJS.Signals | null
  spawnError: NodeJS.ErrnoException | null
}

/** One running cloudflared process and what its log said. */
export interface CloudflaredRun {
  readonly closed: Promise<CloudflaredExit>
  /** The `https://…trycloudflare.com` URL from the log's box, if printed yet. */
  logUrl(): string | null
  /** The last `ERR` log line (without its timestamp), for error messages. */
  lastError(): string | null
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once it has closed. */
  kill(graceMs: number): Promise<CloudflaredExit>
}

/** The argv for a spec. The token is never in it: named mode reads `TUNNEL_TOKEN` from the env. */
export function cloudflaredArgs(spec: Pick<CloudflaredSpec, 'mode' | 'targetUrl' | 'metrics'>): string[] {
  const common = ['tunnel', '--no-autoupdate', '--metrics', spec.metrics]
  return spec.mode === 'quick' ? [...common, '--url', spec.targetUrl] : [...common, 'run']
}

const BOX_URL = /\|\s+(https?:\/\/[^\s|]+)\s+\|/
const QUICK_URL = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/

/** Starts cloudflared in its own process group, reading its log lines from stdout and stderr. */
export function spawnCloudflared(spec: CloudflaredSpec): CloudflaredRun {
  const env: NodeJS.ProcessEnv = { ...spec.env }
  delete env.TUNNEL_TOKEN
  if (spec.mode === 'named' && spec.token) env.TUNNEL_TOKEN = spec.token
  const child = spawn(spec.bin, cloudflaredArgs(spec), { detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], env })
  let url: string | null = null
  let error: string | null = null
  const onLine = (line: string): void => {
    url ??= BOX_URL.exec(line)?.[1] ?? QUICK_URL.exec(line)?.[0] ?? null
    const err = / ERR (.*)$/.exec(line)
    if (err?.[1]) error = err[1].slice(0, 300)
  }
  readLines(child.stdout, onLine)
  readLines(child.stderr, onLine)
  const closed = new Promise<CloudflaredExit>((resolve) => {
    child.once('error', (spawnError: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError })
    })
    child.once('close', (code, signal) => resolve({ code, signal, spawnError: null }))
  })
  let exited = false
  void closed.then(() => (exited = true))
  return {
    closed,
    logUrl: () => url,
    lastError: () => error,
    async kill(graceMs) {
      if (exited) return closed
      signalGroup(child, 'SIGTERM')
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
      const exit = await closed
      clearTimeout(timer)
      return exit
    },
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    if (process.platform === 'win32') child.kill(signal)
    else process.kill(-child.pid, signal)
  } catch {
    child.kill(signal)
  }
}

function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  })
  stream.on('end', () => rest && onLine(rest))
}

/** What the metrics server said once a connection was registered. */
export interface Registration {
  /** From `/quicktunnel`; null for named tunnels or old versions without the endpoint. */
  hostname: string | null
}

/**
 * Polls `/ready` (and `/quicktunnel` for quick tunnels) until a connection is registered and, for a
 * quick tunnel, its hostname is known (from the metrics server or `logUrl`). Resolves
 * 'timeout' after `timeoutMs`, 'aborted' when `signal` fires (the process exited).
 */
export async function waitUntilRegistered(options: {
  metrics: string
  quick: boolean
  logUrl: () => string | null
  timeoutMs: number
  intervalMs: number
  signal: AbortSignal
}): Promise<Registration | 'timeout' | 'aborted'> {
  const deadline = Date.now() + options.timeoutMs
  while (Date.now() < deadline) {
    if (options.signal.aborted) return 'aborted'
    const ready = await getJson(`http://${options.metrics}/ready`)
    if (ready?.status === 200) {
      if (!options.quick) return { hostname: null }
      const quick = await getJson(`http://${options.metrics}/quicktunnel`)
      const hostname = typeof quick?.body.hostname === 'string' && quick.body.hostname ? quick.body.hostname : null
      if (hostname || options.logUrl()) return { hostname }
    }
    await sleep(options.intervalMs, undefined, { signal: options.signal }).catch(() => undefined)
  }
  return options.signal.aborted ? 'aborted' : 'timeout'
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    return { status: response.status, body: body && typeof body === 'object' ? body : {} }
  } catch {
    return null
  }
}

/** The public URL: the log's URL when it names the same host, else `https://<hostname>`. */
export function publicUrlOf(hostname: string | null, logUrl: string | null): string | null {
  if (hostname === null) return logUrl
  if (logUrl !== null && new URL(logUrl).host === hostname) return logUrl
  return `https://${hostname}`
}

/** One self-test through the public URL: `GET <url>/healthz` must answer 200. */
export async function healthCheck(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/$/, '')}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
    await response.arrayBuffer()
    return response.status === 200
  } catch {
    return false
  }
}
