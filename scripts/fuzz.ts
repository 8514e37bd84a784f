// `npm run fuzz`: the long campaign — 100,000 generated webhook bodies against the running
// server and the fake Google (override with FUZZ_RUNS, FUZZ_SEED). Fails on any 5xx, crash or
// unhandled rejection; prints the status mix and heap before and after.
import { startTestApp } from '../test/helpers/test-app.ts'
import { fuzzWebhook } from '../test/fuzz/run-fuzz.ts'

const runs = Number(process.env.FUZZ_RUNS ?? 100_000)
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
const rejections: unknown[] = []
process.on('unhandledRejection', (reason) => rejections.push(reason))

const t = await startTestApp({ start: { clock: () => Date.parse('2030-03-04T14:00:00Z') } })
try {
  await t.connect()
  const started = Date.now()
  const report = await fuzzWebhook(t, runs, seed)
  process.stdout.write(`${runs} bodies in ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(report.statuses)}; heap ${report.heapBeforeMb} → ${report.heapAfterMb} MB\n`)
  if (rejections.length > 0) throw new Error(`${rejections.length} unhandled rejections: ${String(rejections[0])}`)
} finally {
  await t.close()
}
