// `npm run bench`: how fast a tool call is, beside the stack's own limit, in one run.
// Prints a table (every goal beside its figure) and writes bench/results.json.
// `--tiny` runs every part on a tiny size (the smoke test uses it); SLOTLINE_BENCH_OUT sets the output path.
import autocannon from 'autocannon'
import Koa from 'koa'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import type { AddressInfo } from 'node:net'
import { DateTime } from 'luxon'
import { startFakeGoogle } from '../test/fakes/google/index.ts'
import { connectServeProcess, PROCESS_SECRET, startServeProcess, stopServeProcess, type ServeProcess } from '../test/helpers/serve-process.ts'
import { tempDir } from '../test/helpers/temp-dir.ts'
import { toolCallsMessage } from '../test/helpers/vapi-messages.ts'
import { runEngineBench } from './engine.bench.ts'
import { benchCallLog } from './call-log.bench.ts'

const tiny = process.argv.includes('--tiny')
const size = tiny
  ? { requests: [20, 40, 100], runs: 1, warmup: 10, latencyCalls: 5, memoryCalls: 200, startups: 1, calls: 2_000, engine: 5 }
  : { requests: [1_000, 4_000, 10_000], runs: 3, warmup: 500, latencyCalls: 100, memoryCalls: 10_000, startups: 3, calls: 100_000, engine: 200 }
const connections = [1, 10, 100]
const secretHeader = { 'x-vapi-secret': PROCESS_SECRET, 'content-type': 'application/json' }
const out = process.env.SLOTLINE_BENCH_OUT ?? new URL('./results.json', import.meta.url).pathname

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits
let sequence = 0

/** A weekday a few days ahead, in the consultant's zone, as find_available_times wants it. */
function benchDate(): string {
  let day = DateTime.now().setZone('America/New_York').plus({ days: 3 })
  while (day.weekday > 5) day = day.plus({ days: 1 })
  return day.toISODate()!
}

function findBody(): string {
  sequence++
  return JSON.stringify(toolCallsMessage(`bench-call-${sequence % 97}`, [{ id: `bench-${process.pid}-${sequence}`, name: 'find_available_times', args: { start_date: benchDate(), duration: 30 } }]))
}

interface LoadResult {
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
}

/** autocannon at `connections` for `amount` requests; each Slotline request has its own toolCallId. */
async function load(url: string, amount: number, conns: number, headers: Record<string, string>, fresh: boolean): Promise<LoadResult> {
  const result = await timed({
    url,
    method: 'POST',
    connections: conns,
    amount,
    headers: { 'content-type': 'application/json', ...headers },
    body: fresh ? undefined : '{}',
    requests: fresh ? [{ setupRequest: (request) => ({ ...request, body: findBody() }) }] : undefined,
  })
  return {
    rps: throughput(result),
    p50: result.latency.p50,
    p95: result.latency.p97_5 ?? result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

/** autocannon, timed by the wall clock: its own duration is in whole seconds, too coarse for short runs. */
async function timed(options: autocannon.Options): Promise<autocannon.Result & { wallSeconds: number }> {
  const started = performance.now()
  const result = await autocannon(options)
  return Object.assign(result, { wallSeconds: (performance.now() - started) / 1000 })
}

/** Requests per second over the whole run. */
function throughput(result: autocannon.Result & { wallSeconds: number }): number {
  return result.wallSeconds > 0 ? result.requests.total / result.wallSeconds : 0
}

async function bareKoa(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Koa()
  const body = { results: [{ name: 'find_available_times', toolCallId: 'x', result: '{"ok":true,"message":"I have tomorrow at 9 AM."}' }] }
  app.use((ctx) => {
    ctx.body = body
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

async function webhookSection(app: ServeProcess, google: Awaited<ReturnType<typeof startFakeGoogle>>) {
  const koa = await bareKoa()
  const token = google.tokens.accessTokens.at(-1)!.value
  const freeBusyUrl = `${google.apiRoot}calendar/v3/freeBusy`
  const rows: Record<string, { slotline: LoadResult; koa: LoadResult; google: LoadResult }> = {}
  await load(app.webhook, size.warmup, 10, secretHeader, true)
  for (const [i, conns] of connections.entries()) {
    const amount = size.requests[i]!
    const runs: { slotline: LoadResult; koa: LoadResult; google: LoadResult }[] = []
    for (let run = 0; run < size.runs; run++) {
      const slotline = await load(app.webhook, amount, conns, secretHeader, true)
      const bare = await load(koa.url, amount, conns, {}, false)
      const now = Date.now()
      const googleOnly = await timed({
        url: freeBusyUrl,
        method: 'POST',
        connections: conns,
        amount,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ timeMin: new Date(now).toISOString(), timeMax: new Date(now + 86_400_000).toISOString(), items: [{ id: 'primary' }] }),
      })
      runs.push({ slotline, koa: bare, google: { rps: throughput(googleOnly), p50: googleOnly.latency.p50, p95: googleOnly.latency.p97_5, p99: googleOnly.latency.p99, errors: googleOnly.errors + googleOnly.non2xx } })
    }
    const pick = (key: 'slotline' | 'koa' | 'google'): LoadResult => ({
      rps: median(runs.map((r) => r[key].rps)),
      p50: median(runs.map((r) => r[key].p50)),
      p95: median(runs.map((r) => r[key].p95)),
      p99: median(runs.map((r) => r[key].p99)),
      errors: runs.reduce((sum, r) => sum + r[key].errors, 0),
    })
    rows[`${conns}c`] = { slotline: pick('slotline'), koa: pick('koa'), google: pick('google') }
  }
  await koa.close()
  return rows
}

/** Round trips to Google per function, from the fake's request log. */
async function roundTrips(app: ServeProcess, google: Awaited<ReturnType<typeof startFakeGoogle>>) {
  const count = async (name: string, args: unknown) => {
    google.resetRequests()
    const response = await app.post(toolCallsMessage('bench-rt', [{ id: `bench-rt-${++sequence}`, name, args }]))
    const { results } = (await response.json()) as { results: { result?: string }[] }
    if (!JSON.parse(results[0]!.result ?? '{}').ok) throw new Error(`${name} did not succeed: ${results[0]!.result}`)
    return { calendar: google.requests.filter((r) => r.path.startsWith('/calendar/')).length, token: google.requests.filter((r) => r.path === '/token').length }
  }
  const find = await count('find_available_times', { start_date: benchDate(), duration: 30 })
  const next = await count('get_next_available', { duration: 30 })
  const slot = DateTime.fromISO(`${benchDate()}T16:30`, { zone: 'America/New_York' }).toISO()
  const schedule = await count('schedule_meeting', { title: 'Bench', start_time: slot, duration: 30, attendee_email: 'bench@example.com', description: 'bench' })
  return { find_available_times: find.calendar, get_next_available: next.calendar, schedule_meeting: schedule.calendar, token_refresh_hot_path: find.token + next.token + schedule.token }
}

/**
 * Tool-call p95 with the fake Google answering after 150 ms, beside Google's own time: the p95 of
 * the same freeBusy request sent straight to the fake by a plain client (the nominal 150 ms plus
 * the loopback HTTP any client pays), as server-added latency is defined at 100 connections.
 */
async function withGoogleLatency(app: ServeProcess, google: Awaited<ReturnType<typeof startFakeGoogle>>) {
  const nominalMs = 150
  google.setLatency(nominalMs)
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1]!
  const token = google.tokens.accessTokens.filter((issued) => !issued.revoked).at(-1)?.value ?? ''
  const day = DateTime.fromISO(benchDate(), { zone: 'America/New_York' })
  const freeBusy = JSON.stringify({ timeMin: day.toISO(), timeMax: day.plus({ days: 1 }).toISO(), items: [{ id: 'primary' }] })
  const direct = async () => {
    const started = performance.now()
    await (await fetch(new URL('calendar/v3/freeBusy', google.apiRoot), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: freeBusy })).text()
    return performance.now() - started
  }
  const viaSlotline = async () => {
    const started = performance.now()
    await (await fetch(app.webhook, { method: 'POST', headers: secretHeader, body: findBody() })).text()
    return performance.now() - started
  }
  // A few calls first: the 100-connection load just before leaves garbage and cold paths behind.
  for (let i = 0; i < 5; i++) await viaSlotline()
  const googleTimes: number[] = []
  const times: number[] = []
  // Interleaved, so both see the same machine at the same moments.
  for (let i = 0; i < size.latencyCalls; i++) {
    googleTimes.push(await direct())
    times.push(await viaSlotline())
  }
  google.setLatency(0)
  return { nominal_ms: nominalMs, google_ms: p95(googleTimes), p95_ms: p95(times) }
}

/** The serve process's resident memory (Linux /proc), in MB. */
function rssMb(app: ServeProcess): number {
  const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8')
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024
}

/**
 * RSS of a fresh serve process after 10k and 20k tool calls. Its old space is capped at 128 MB,
 * as a small always-on server would run it, so V8 collects instead of growing lazily; a leak
 * shows as growth (or a crash), not as V8's appetite.
 */
async function memory(google: Awaited<ReturnType<typeof startFakeGoogle>>) {
  const dir = tempDir('slotline-bench-mem-')
  const app = await startServeProcess(google, dir.path, { NODE_OPTIONS: '--max-old-space-size=128' })
  try {
    await connectServeProcess(app)
    await app.api('/api/settings', { method: 'PUT', body: JSON.stringify({ time_zone: 'America/New_York' }) })
    const run = async () => {
      await load(app.webhook, size.memoryCalls, 10, secretHeader, true)
      return rssMb(app)
    }
    const after10k = await run()
    const after20k = await run()
    return { rss_mb_after_10k: round(after10k, 1), rss_growth_mb_10k_to_20k: round(after20k - after10k, 1) }
  } finally {
    await stopServeProcess(app, 'SIGTERM')
    dir.remove()
  }
}

async function startup(google: Awaited<ReturnType<typeof startFakeGoogle>>) {
  const times: number[] = []
  for (let i = 0; i < size.startups; i++) {
    const dir = tempDir('slotline-bench-start-')
    const started = performance.now()
    const app = await startServeProcess(google, dir.path)
    for (;;) {
      const ok = await fetch(new URL('/healthz', app.webhook)).then((r) => r.ok, () => false)
      if (ok) break
    }
    times.push(performance.now() - started)
    await stopServeProcess(app, 'SIGTERM')
    dir.remove()
  }
  return median(times)
}

async function main(): Promise<void> {
  const began = performance.now()
  const google = await startFakeGoogle()
  const dir = tempDir('slotline-bench-')
  const app = await startServeProcess(google, dir.path)
  try {
    await connectServeProcess(app)
    await app.api('/api/settings', { method: 'PUT', body: JSON.stringify({ time_zone: 'America/New_York' }) })
    const trips = await roundTrips(app, google)
    const webhook = await webhookSection(app, google)
    const latency = await withGoogleLatency(app, google)
    const mem = await memory(google)
    const startMs = await startup(google)
    const engine = runEngineBench({ iterations: size.engine })
    const calllog = benchCallLog(size.calls)
    const at100 = webhook['100c']!
    const results = {
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, size: tiny ? 'tiny' : 'full', at: new Date().toISOString() },
      webhook: {
        throughput_ratio_vs_koa: round(at100.slotline.rps / at100.koa.rps, 3),
        p99_ms_100c: round(Math.max(0, at100.slotline.p99 - at100.google.p99)),
        by_connections: webhook,
      },
      roundtrips: trips,
      latency: { p95_ms_google150: round(latency.p95_ms), google_ms: round(latency.google_ms), google_nominal_ms: latency.nominal_ms },
      engine: { median_ms_90d_2000busy: round(engine.median_ms, 3), p95_ms_90d_2000busy: round(engine.p95_ms, 3) },
      startup: { ms_to_healthy: round(startMs, 0) },
      memory: mem,
      calllog: { list_ms_100k: round(calllog.list_ms, 2), search_ms_100k: round(calllog.search_ms, 2), calls: size.calls },
    }
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
    printTable(results)
    process.stdout.write(`bench ran in ${Math.round((performance.now() - began) / 1000)} s\n`)
    const failures = [
      trips.find_available_times > 1 && 'find_available_times made more than 1 round trip',
      trips.get_next_available > 1 && 'get_next_available made more than 1 round trip',
      trips.schedule_meeting > 2 && 'schedule_meeting made more than 2 round trips',
      trips.token_refresh_hot_path > 0 && 'a token refresh happened on the hot path',
    ].filter(Boolean)
    if (failures.length > 0) {
      process.stderr.write(`\nROUND TRIPS ROSE: ${failures.join('; ')}\n`)
      process.exitCode = 1
    }
  } finally {
    await stopServeProcess(app, 'SIGTERM')
    await google.close()
    dir.remove()
  }
}

function printTable(r: {
  machine: { cores: number; node: string; cpu: string; size: string }
  webhook: { throughput_ratio_vs_koa: number; p99_ms_100c: number; by_connections: Record<string, { slotline: LoadResult; koa: LoadResult; google: LoadResult }> }
  roundtrips: Record<string, number>
  latency: { p95_ms_google150: number; google_ms: number; google_nominal_ms: number }
  engine: { median_ms_90d_2000busy: number; p95_ms_90d_2000busy: number }
  startup: { ms_to_healthy: number }
  memory: { rss_mb_after_10k: number; rss_growth_mb_10k_to_20k: number }
  calllog: { list_ms_100k: number; search_ms_100k: number }
}): void {
  const line = (name: string, figure: string, goal: string) => process.stdout.write(`${name.padEnd(48)} ${figure.padStart(14)}   ${goal}\n`)
  process.stdout.write(`\nSlotline bench — ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, size ${r.machine.size}\n\n`)
  line('measure', 'figure', 'goal')
  for (const [conns, row] of Object.entries(r.webhook.by_connections)) {
    line(`webhook ${conns}: Slotline req/s (bare Koa, fake Google)`, `${round(row.slotline.rps, 0)} (${round(row.koa.rps, 0)}, ${round(row.google.rps, 0)})`, '')
    line(`webhook ${conns}: p50/p95/p99 ms Slotline`, `${row.slotline.p50}/${row.slotline.p95}/${row.slotline.p99}`, `Koa ${row.koa.p50}/${row.koa.p95}/${row.koa.p99}`)
  }
  line('webhook throughput ratio vs bare Koa (100c)', String(r.webhook.throughput_ratio_vs_koa), '≥ 0.5')
  line('webhook p99 server-added ms (100c)', String(r.webhook.p99_ms_100c), '≤ 3')
  for (const [name, count] of Object.entries(r.roundtrips)) line(`round trips: ${name}`, String(count), name === 'schedule_meeting' ? '2' : name === 'token_refresh_hot_path' ? '0' : '1')
  line('tool-call p95 ms with Google at 150 ms', String(r.latency.p95_ms_google150), `≤ ${round(r.latency.google_ms + 5)} (Google's own p95 ${r.latency.google_ms} + 5)`)
  line('engine: 90 days, 2,000 busy — median / p95 ms', `${r.engine.median_ms_90d_2000busy} / ${r.engine.p95_ms_90d_2000busy}`, '≤ 2 (median)')
  line('start-up to healthy /healthz, ms', String(r.startup.ms_to_healthy), '')
  line('RSS after 10k tool calls, MB', String(r.memory.rss_mb_after_10k), '')
  line('RSS growth 10k → 20k, MB', String(r.memory.rss_growth_mb_10k_to_20k), '≈ 0')
  line('call log: list page / search over 100k calls, ms', `${r.calllog.list_ms_100k} / ${r.calllog.search_ms_100k}`, '')
  process.stdout.write(`\nwritten to ${out}\n`)
}

await main()
