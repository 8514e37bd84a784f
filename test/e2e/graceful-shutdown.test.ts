import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGoogle } from '../fakes/google/index.ts'
import type { FakeGoogle } from '../helpers/test-app.ts'
import { connectServeProcess, startServeProcess, stopServeProcess } from '../helpers/serve-process.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

describe('graceful shutdown on SIGTERM', () => {
  let google: FakeGoogle
  const dir = tempDir()
  beforeAll(async () => {
    google = await startFakeGoogle()
  })
  afterAll(async () => {
    await google?.close()
    dir.remove()
  })

  it('finishes the tool call in flight, answers it, stops accepting, and exits 0', async () => {
    const app = await startServeProcess(google, dir.path)
    await connectServeProcess(app)
    google.setLatency(1_500)
    const seen = google.requests.length
    const answer = app.post(toolCallsMessage('call-term', [{ id: 'tc-term', name: 'get_next_available', args: { duration: 30 } }]))
    for (let i = 0; i < 400 && !google.requests.slice(seen).some((r) => r.path.endsWith('/freeBusy')); i++) await new Promise((r) => setTimeout(r, 25))
    const exited = stopServeProcess(app, 'SIGTERM')
    const response = await answer
    expect(response.status).toBe(200)
    const [entry] = decodeResults(await response.json())
    expect(entry!.result).toMatchObject({ ok: true })
    expect(await exited).toBe(0)
    await expect(fetch(new URL('/healthz', app.webhook))).rejects.toThrow()
    google.setLatency(0)
  })
})
