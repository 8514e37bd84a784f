#!/usr/bin/env node
// A stand-in for the `cloudflared` binary (plain JS: the machine's default node may be old).
// Accepts `tunnel [--no-autoupdate] --metrics HOST:PORT (--url URL | run)`, prints to stderr the
// lines real cloudflared prints, serves `/ready` and `/quicktunnel` on the metrics address, and
// proxies a local "edge" port to `--url` so a health check through the public URL goes end to end.
//
// Environment knobs (all optional):
//   FAKE_CLOUDFLARED_PUBLIC=edge      report `http://127.0.0.1:<edge port>` as the public URL
//                                     (default: `https://<random>.trycloudflare.com`)
//   FAKE_CLOUDFLARED_EXIT_AFTER_MS=N  exit N ms after the connection registers…
//   FAKE_CLOUDFLARED_EXIT_CODE=C      …with code C (default 1)
//   FAKE_CLOUDFLARED_EXIT_RUNS=K      …but only in the first K runs (needs FAKE_CLOUDFLARED_STATE)
//   FAKE_CLOUDFLARED_NEVER_READY=1    never register a connection (`/ready` stays 503)
//   FAKE_CLOUDFLARED_IGNORE_SIGTERM=1 ignore SIGTERM (only SIGKILL stops it)
//   FAKE_CLOUDFLARED_EDGE_STATUS=S    the edge answers every request with status S (a broken edge)
//   FAKE_CLOUDFLARED_STATE=DIR        counts runs in DIR/runs and appends one JSON line per run to
//                                     DIR/runs.jsonl: {run, pid, argv, tunnelToken, publicUrl}
import { randomBytes, randomUUID } from 'node:crypto'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { join } from 'node:path'

const argv = process.argv.slice(2)
const env = process.env
const log = (level, text) => process.stderr.write(`${new Date().toISOString()} ${level} ${text}\n`)

function option(name) {
  const index = argv.indexOf(name)
  return index >= 0 ? argv[index + 1] : undefined
}

if (argv[0] !== 'tunnel') {
  process.stderr.write(`fake cloudflared: unsupported command ${JSON.stringify(argv)}\n`)
  process.exit(2)
}
const metrics = option('--metrics')
const target = option('--url')
const named = argv[argv.length - 1] === 'run'
if (!metrics || (!target && !named)) {
  log('ERR', 'fake cloudflared needs --metrics and --url or run')
  process.exit(2)
}
if (named && !env.TUNNEL_TOKEN) {
  log('ERR', '"cloudflared tunnel run" requires the ID or name of the tunnel to run as the last command line argument or in the configuration file.')
  process.exit(1)
}

const run = countRun()
let ready = false
let hostname = ''

const edge = createServer((req, res) => {
  if (env.FAKE_CLOUDFLARED_EDGE_STATUS) {
    res.writeHead(Number(env.FAKE_CLOUDFLARED_EDGE_STATUS), { 'content-type': 'text/plain' })
    res.end('edge error')
    return
  }
  if (!target) {
    res.writeHead(502).end()
    return
  }
  const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers)
    reply.pipe(res)
  })
  upstream.on('error', () => res.writeHead(502).end('origin unreachable'))
  req.pipe(upstream)
})

const metricsServer = createServer((req, res) => {
  const json = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (req.url === '/ready') return json(ready ? 200 : 503, { status: ready ? 200 : 503, readyConnections: ready ? 1 : 0, connectorId: connectorId })
  if (req.url === '/quicktunnel') return json(200, { hostname: named ? '' : hostname })
  if (req.url === '/healthcheck') return res.end('OK\n')
  json(404, { error: 'not found' })
})
const connectorId = randomUUID()

const [metricsHost, metricsPort] = splitHostPort(metrics)
metricsServer.listen(metricsPort, metricsHost, () => {
  log('INF', `Starting metrics server on ${metrics}/metrics`)
  edge.listen(0, '127.0.0.1', start)
})

function start() {
  const edgePort = edge.address().port
  const publicUrl = env.FAKE_CLOUDFLARED_PUBLIC === 'edge' ? `http://127.0.0.1:${edgePort}` : `https://${words()}.trycloudflare.com`
  hostname = new URL(publicUrl).host
  record({ run, pid: process.pid, argv, tunnelToken: env.TUNNEL_TOKEN ?? null, publicUrl })
  if (!named) {
    log('INF', 'Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks')
    log('INF', 'Requesting new quick Tunnel on trycloudflare.com...')
    const inner = `  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  `
    const bar = `+${'-'.repeat(inner.length)}+`
    log('INF', bar)
    log('INF', `|${inner}|`)
    log('INF', `|  ${publicUrl.padEnd(inner.length - 2)}|`)
    log('INF', bar)
  }
  log('INF', `Version 2026.8.2 (Checksum ${randomBytes(32).toString('hex')})`)
  if (env.FAKE_CLOUDFLARED_NEVER_READY === '1') {
    log('ERR', 'Failed to dial a quic connection error="failed to dial to edge with quic: timeout: no recent network activity" connIndex=0 event=0 ip=198.41.200.13')
    return
  }
  setTimeout(() => {
    ready = true
    log('INF', `Registered tunnel connection connIndex=0 connection=${randomUUID()} event=0 ip=198.41.200.13 location=lax01 protocol=quic`)
    scheduleExit()
  }, 100)
}

function scheduleExit() {
  const after = env.FAKE_CLOUDFLARED_EXIT_AFTER_MS
  if (after === undefined) return
  const runs = env.FAKE_CLOUDFLARED_EXIT_RUNS === undefined ? Infinity : Number(env.FAKE_CLOUDFLARED_EXIT_RUNS)
  if (run > runs) return
  setTimeout(() => {
    log('ERR', 'fake cloudflared exiting as told')
    process.exit(Number(env.FAKE_CLOUDFLARED_EXIT_CODE ?? '1'))
  }, Number(after))
}

process.on('SIGTERM', () => {
  if (env.FAKE_CLOUDFLARED_IGNORE_SIGTERM === '1') return log('INF', 'ignoring SIGTERM')
  log('INF', 'Initiating graceful shutdown due to signal terminated ...')
  process.exit(0)
})
process.on('SIGINT', () => process.exit(0))

function countRun() {
  const dir = env.FAKE_CLOUDFLARED_STATE
  if (!dir) return 1
  let runs = 0
  try {
    runs = Number(readFileSync(join(dir, 'runs'), 'utf8')) || 0
  } catch {}
  writeFileSync(join(dir, 'runs'), String(runs + 1))
  return runs + 1
}

function record(entry) {
  if (env.FAKE_CLOUDFLARED_STATE) appendFileSync(join(env.FAKE_CLOUDFLARED_STATE, 'runs.jsonl'), `${JSON.stringify(entry)}\n`)
}

function splitHostPort(address) {
  const at = address.lastIndexOf(':')
  return [address.slice(0, at), Number(address.slice(at + 1))]
}

function words() {
  const list = ['seasonal', 'deck', 'organisms', 'sf', 'quiet', 'river', 'amber', 'lamp', 'north', 'violet', 'stone', 'mesa']
  return Array.from({ length: 4 }, () => list[randomBytes(1)[0] % list.length]).join('-')
}
