// Shared pieces for the tunnel tests: the fake binary, a real webhook-like origin, state waits.
import { chmodSync, existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Tunnel, TunnelState } from '../../server/tunnel/tunnel.ts'

export const FAKE_BIN = fileURLToPath(new URL('../fakes/cloudflared/fake-cloudflared.mjs', import.meta.url))
chmodSync(FAKE_BIN, 0o755)

/** The environment for the fake: Node 24 first on PATH so `#!/usr/bin/env node` finds a node. */
export function fakeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const nodeDir = process.execPath.replace(/\/node$/, '')
  return { PATH: `${nodeDir}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, ...extra }
}

/** A stand-in for the webhook listener: `GET /healthz` → 200 {"ok":true}; counts hits. */
export async function startOrigin(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/healthz')) hits++
    res.writeHead(req.url?.startsWith('/healthz') ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: true }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/** Records every state the tunnel goes through and waits for one matching `test`. */
export function watch(tunnel: Tunnel): { states: TunnelState[]; until: (test: (s: TunnelState) => boolean, timeoutMs?: number) => Promise<TunnelState> } {
  const states: TunnelState[] = []
  const waiters: Array<{ test: (s: TunnelState) => boolean; resolve: (s: TunnelState) => void }> = []
  tunnel.on('change', (state) => {
    states.push(state)
    for (const waiter of [...waiters]) {
      if (waiter.test(state)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(state)
      }
    }
  })
  return {
    states,
    until(test, timeoutMs = 45_000) {
      const now = tunnel.state()
      if (test(now)) return Promise.resolve(now)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; states so far: ${JSON.stringify(states)}`)), timeoutMs)
        waiters.push({ test, resolve: (s) => { clearTimeout(timer); resolve(s) } })
      })
    },
  }
}

export interface RunRecord {
  run: number
  pid: number
  argv: string[]
  tunnelToken: string | null
  publicUrl: string
}

/** The runs the fake recorded in its state dir. */
export function runsIn(dir: string): RunRecord[] {
  const file = `${dir}/runs.jsonl`
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunRecord)
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
