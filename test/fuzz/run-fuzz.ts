import fc from 'fast-check'
import { VAPI_SECRET, type TestApp } from '../helpers/test-app.ts'
import { webhookBody } from './bodies.ts'

export interface FuzzReport {
  runs: number
  statuses: Record<number, number>
  heapBeforeMb: number
  heapAfterMb: number
}

/**
 * Sends `runs` generated bodies to the running webhook with the right secret. Fails (throws) on
 * any 5xx, a non-JSON answer, or a connection error; reports the status mix and heap growth.
 */
export async function fuzzWebhook(t: TestApp, runs: number, seed?: number): Promise<FuzzReport> {
  const statuses: Record<number, number> = {}
  const heap = () => Math.round(process.memoryUsage().heapUsed / 1_048_576)
  const heapBeforeMb = heap()
  await fc.assert(
    fc.asyncProperty(webhookBody, async (body) => {
      const response = await fetch(t.app.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET }, body })
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
      const text = await response.text()
      if (response.status >= 500) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`)
      JSON.parse(text)
    }),
    { numRuns: runs, seed, endOnFailure: true },
  )
  ;(globalThis as { gc?: () => void }).gc?.()
  return { runs, statuses, heapBeforeMb, heapAfterMb: heap() }
}
