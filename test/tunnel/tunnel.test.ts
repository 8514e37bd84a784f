// The cloudflared supervisor against a fake `cloudflared` executable (real child processes,
// real metrics and edge sockets on 127.0.0.1).
import { chmodSync, copyFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTunnel, type Tunnel, type TunnelOptions } from '../../server/tunnel/tunnel.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { alive, FAKE_BIN, fakeEnv, runsIn, startOrigin, watch } from './tunnel-harness.ts'

let origin: Awaited<ReturnType<typeof startOrigin>>
let state: ReturnType<typeof tempDir>
let tunnel: Tunnel | null = null

beforeEach(async () => {
  origin = await startOrigin()
  state = tempDir('slotline-tunnel-')
})

afterEach(async () => {
  await tunnel?.stop()
  tunnel = null
  await origin.close()
  state.remove()
})

function make(overrides: Partial<TunnelOptions> & { fake?: Record<string, string> } = {}): Tunnel {
  const { fake, ...rest } = overrides
  tunnel = createTunnel({
    mode: 'quick',
    targetUrl: origin.url,
    cloudflaredBin: FAKE_BIN,
    env: fakeEnv({ FAKE_CLOUDFLARED_STATE: state.path, FAKE_CLOUDFLARED_PUBLIC: 'edge', ...fake }),
    backoff: { initialMs: 50, maxMs: 200 },
    pollIntervalMs: 50,
    ...rest,
  })
  return tunnel
}

describe('tunnel supervisor', () => {
  it('goes starting → up with the quick tunnel URL, and the URL reaches the webhook listener', async () => {
    const t = make()
    const seen = watch(t)
    await t.start()
    const up = await seen.until((s) => s.state === 'up')
    expect(seen.states[0]?.state).toBe('starting')
    expect(up.url).toBe(runsIn(state.path)[0]?.publicUrl)
    expect(up.error).toBeNull()
    const response = await fetch(`${up.url}/healthz`)
    expect(await response.json()).toEqual({ ok: true })
    const argv = runsIn(state.path)[0]?.argv ?? []
    expect(argv.slice(0, 3)).toEqual(['tunnel', '--no-autoupdate', '--metrics'])
    expect(argv[3]).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(argv.slice(4)).toEqual(['--url', origin.url])
  })

  it('reads a real-looking trycloudflare hostname from the metrics server', async () => {
    const t = make({ fake: { FAKE_CLOUDFLARED_PUBLIC: 'trycloudflare' } })
    const seen = watch(t)
    await t.start()
    const up = await seen.until((s) => s.state === 'up')
    expect(up.url).toMatch(/^https:\/\/[a-z-]+\.trycloudflare\.com$/)
    expect(up.url).toBe(runsIn(state.path)[0]?.publicUrl)
  })

  it('reports not_installed with a clear error when the binary is missing', async () => {
    const t = make({ cloudflaredBin: `${state.path}/no-such-cloudflared` })
    const seen = watch(t)
    await t.start()
    const s = await seen.until((x) => x.state === 'not_installed')
    expect(s.error).toContain('cloudflared not installed')
    expect(s.error).toContain('no-such-cloudflared')
    // Once it exists, start() tries again.
    copyFileSync(FAKE_BIN, `${state.path}/no-such-cloudflared`)
    chmodSync(`${state.path}/no-such-cloudflared`, 0o755)
    await t.start()
    await watch(t).until((x) => x.state === 'up')
  })

  it('falls back to the npm cloudflared package, whose binary is absent offline: not_installed', async () => {
    const t = make({ cloudflaredBin: null })
    await t.start()
    const s = await watch(t).until((x) => x.state === 'not_installed')
    expect(s.error).toMatch(/cloudflared not installed: no executable at .*cloudflared/)
    expect(s.error).toContain('SLOTLINE_CLOUDFLARED_BIN')
  })

  it('restarts after an unexpected exit: up → down (with the reason) → up with a new URL', async () => {
    const t = make({ fake: { FAKE_CLOUDFLARED_EXIT_AFTER_MS: '1500', FAKE_CLOUDFLARED_EXIT_CODE: '7', FAKE_CLOUDFLARED_EXIT_RUNS: '1' } })
    const seen = watch(t)
    await t.start()
    const first = await seen.until((s) => s.state === 'up')
    const down = await seen.until((s) => s.state === 'down')
    expect(down.error).toContain('exited with code 7')
    expect(down.url).toBeNull()
    const second = await seen.until((s) => s.state === 'up' && s.url !== first.url)
    expect(second.url).toBe(runsIn(state.path)[1]?.publicUrl)
    expect(seen.states.map((s) => s.state)).toEqual(['starting', 'up', 'down', 'starting', 'up'])
  })

  it('gives up on a connection that never registers: down with the reason, then tries again', async () => {
    const t = make({ readyTimeoutMs: 1_500, fake: { FAKE_CLOUDFLARED_NEVER_READY: '1' } })
    const seen = watch(t)
    await t.start()
    const down = await seen.until((s) => s.state === 'down')
    expect(down.error).toContain('registered no tunnel connection within 2 s')
    expect(down.error).toContain('failed to dial to edge')
    await seen.until(() => runsIn(state.path).length >= 2 && t.state().state === 'starting')
    const first = runsIn(state.path)[0]
    expect(first && alive(first.pid)).toBe(false)
  })

  it('restarts when the self-test through the public URL keeps failing', async () => {
    const t = make({ healthIntervalMs: 100, healthFailuresBeforeRestart: 2, fake: { FAKE_CLOUDFLARED_EDGE_STATUS: '502' } })
    const seen = watch(t)
    await t.start()
    await seen.until((s) => s.state === 'up')
    const down = await seen.until((s) => s.state === 'down')
    expect(down.error).toContain('self-test')
    expect(down.error).toContain('failed 2 times')
    await seen.until(() => runsIn(state.path).length >= 2)
  })

  it('keeps a healthy tunnel up while self-tests pass', async () => {
    const t = make({ healthIntervalMs: 50, healthFailuresBeforeRestart: 1 })
    const seen = watch(t)
    await t.start()
    await seen.until((s) => s.state === 'up')
    await waitFor(() => origin.hits() >= 3)
    expect(t.state().state).toBe('up')
    expect(runsIn(state.path)).toHaveLength(1)
  })

  it('named mode passes the token in TUNNEL_TOKEN, never in argv, and uses the configured hostname', async () => {
    const token = 'eyJhIjoiZmFrZS10dW5uZWwtdG9rZW4ifQ'
    const t = make({ mode: 'named', token, hostname: 'calls.example.com', healthIntervalMs: 600_000 })
    const seen = watch(t)
    await t.start()
    const up = await seen.until((s) => s.state === 'up')
    expect(up.url).toBe('https://calls.example.com')
    const run = runsIn(state.path)[0]
    expect(run?.tunnelToken).toBe(token)
    expect(run?.argv).toEqual(['tunnel', '--no-autoupdate', '--metrics', expect.stringMatching(/^127\.0\.0\.1:\d+$/), 'run'])
    expect(JSON.stringify(run?.argv)).not.toContain(token)
  })

  it('quick mode never hands the child a TUNNEL_TOKEN from the environment', async () => {
    const t = make({ fake: { TUNNEL_TOKEN: 'leaked' } })
    await t.start()
    await watch(t).until((s) => s.state === 'up')
    expect(runsIn(state.path)[0]?.tunnelToken).toBeNull()
  })

  it('stop() kills the process and waits for it; the state is off', async () => {
    const t = make()
    const seen = watch(t)
    await t.start()
    await seen.until((s) => s.state === 'up')
    const pid = runsIn(state.path)[0]?.pid ?? 0
    expect(alive(pid)).toBe(true)
    await t.stop()
    expect(alive(pid)).toBe(false)
    expect(t.state()).toEqual({ state: 'off', url: null, error: null })
  })

  it('stop() escalates to SIGKILL when cloudflared ignores SIGTERM', async () => {
    const t = make({ stopGraceMs: 300, fake: { FAKE_CLOUDFLARED_IGNORE_SIGTERM: '1' } })
    await t.start()
    await watch(t).until((s) => s.state === 'up')
    const pid = runsIn(state.path)[0]?.pid ?? 0
    await t.stop()
    expect(alive(pid)).toBe(false)
  })

  it('does nothing in mode off', async () => {
    const t = make({ mode: 'off' })
    await t.start()
    expect(t.state()).toEqual({ state: 'off', url: null, error: null })
  })
})

async function waitFor(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
