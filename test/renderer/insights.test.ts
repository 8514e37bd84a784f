import { describe, expect, it } from 'vitest'
import { percentile } from '../../server/insights/build-insights.ts'
import { parseEventBlock } from '../../renderer/src/api/sse-parse.ts'

describe('insights percentiles and the live event parser', () => {
  it('takes the nearest-rank percentile', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(percentile(sorted, 0.5)).toBe(50)
    expect(percentile(sorted, 0.95)).toBe(100)
    expect(percentile([7], 0.95)).toBe(7)
    expect(percentile([], 0.5)).toBe(0)
  })

  it('parses a server-sent event block and skips comments', () => {
    expect(parseEventBlock('event: call\ndata: {"callId":"c1"}')).toEqual({ name: 'call', data: { callId: 'c1' } })
    expect(parseEventBlock(': ping')).toBeNull()
    expect(parseEventBlock('retry: 3000\nevent: ready\ndata: {}')).toEqual({ name: 'ready', data: {} })
  })
})
