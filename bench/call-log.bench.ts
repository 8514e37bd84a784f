// Call log at scale: the list page and a search over N stored calls, on a real SQLite file.
import { performance } from 'node:perf_hooks'
import { listCalls, upsertCall } from '../server/store/calls-repo.ts'
import { openDatabase } from '../server/store/open-database.ts'
import { startToolCall } from '../server/store/tool-calls-repo.ts'
import { tempDir } from '../test/helpers/temp-dir.ts'

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN

/** Fills a database with `count` calls (each with a tool call), then times the list page and a search. */
export function benchCallLog(count: number): { list_ms: number; search_ms: number } {
  const dir = tempDir('slotline-bench-log-')
  const db = openDatabase(dir.path)
  try {
    const start = Date.UTC(2026, 0, 1)
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const at = start + i * 60_000
        upsertCall(db, `call-${i}`, { status: 'ended', customer_number: `+1415555${String(i % 10_000).padStart(4, '0')}`, summary: 'Booked a call.' }, at)
        startToolCall(db, { toolCallId: `tc-${i}`, callId: `call-${i}`, source: 'vapi', name: 'find_available_times', arguments: '{}', startedAt: at })
      }
    })()
    const time = (run: () => unknown): number => {
      for (let i = 0; i < 5; i++) run()
      const samples: number[] = []
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now()
        run()
        samples.push(performance.now() - t0)
      }
      return median(samples)
    }
    return {
      list_ms: time(() => listCalls(db, { limit: 50, offset: 0 })),
      search_ms: time(() => listCalls(db, { search: '+14155550042', limit: 50, offset: 0 })),
    }
  } finally {
    db.close()
    dir.remove()
  }
}
