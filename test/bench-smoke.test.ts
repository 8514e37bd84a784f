import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers/temp-dir.ts'

const keys = [
  'webhook.throughput_ratio_vs_koa',
  'webhook.p99_ms_100c',
  'roundtrips.find_available_times',
  'roundtrips.get_next_available',
  'roundtrips.schedule_meeting',
  'roundtrips.token_refresh_hot_path',
  'latency.p95_ms_google150',
  'latency.google_ms',
  'engine.median_ms_90d_2000busy',
  'startup.ms_to_healthy',
  'memory.rss_mb_after_10k',
  'memory.rss_growth_mb_10k_to_20k',
  'calllog.list_ms_100k',
]

describe('npm run bench (smoke: tiny size, no timing asserted)', () => {
  it('runs every part and writes every results key as a number', () => {
    const dir = tempDir()
    try {
      const out = join(dir.path, 'results.json')
      const run = spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', fileURLToPath(new URL('../bench/run.ts', import.meta.url)), '--tiny'], {
        env: { ...process.env, SLOTLINE_BENCH_OUT: out },
        encoding: 'utf8',
        timeout: 240_000,
      })
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('round trips: schedule_meeting')
      const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, unknown>>
      for (const key of keys) {
        const [group, name] = key.split('.') as [string, string]
        expect(typeof results[group]?.[name], key).toBe('number')
      }
      expect(results.roundtrips).toMatchObject({ find_available_times: 1, get_next_available: 1, schedule_meeting: 2, token_refresh_hot_path: 0 })
    } finally {
      dir.remove()
    }
  }, 300_000)
})
