import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { fuzzWebhook } from './run-fuzz.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')

describe('webhook fuzzing (short campaign; `npm run fuzz` runs 100,000)', () => {
  let t: TestApp
  const rejections: unknown[] = []
  const onRejection = (reason: unknown) => rejections.push(reason)
  beforeAll(async () => {
    process.on('unhandledRejection', onRejection)
    t = await startTestApp({ start: { clock: () => NOW } })
    await t.connect()
  })
  afterAll(async () => {
    process.off('unhandledRejection', onRejection)
    await t?.close()
  })

  it('answers 1,500 hostile bodies without a 5xx, a crash or an unhandled rejection', async () => {
    const report = await fuzzWebhook(t, 1_500)
    expect(Object.keys(report.statuses).every((status) => Number(status) < 500)).toBe(true)
    expect(report.statuses[200]).toBeGreaterThan(100)
    expect(report.statuses[400]).toBeGreaterThan(10)
    expect(rejections).toEqual([])
    expect((await fetch(new URL('/healthz', t.app.webhookUrl))).status).toBe(200)
  })
})
