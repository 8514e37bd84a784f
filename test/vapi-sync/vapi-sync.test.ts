// The Vapi sync against a fake Vapi REST API on a real socket. The fake rejects any body the
// real API would (unknown properties, wrong shapes), so these tests also pin the wire format.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.ts'
import type { MeetingType } from '../../server/settings/settings-schema.ts'
import { functionNames } from '../../server/vapi/tool-definitions.ts'
import { createVapiSync, type VapiSyncOptions } from '../../server/vapi/vapi-sync.ts'
import { startFakeVapi, type FakeVapi } from '../fakes/vapi/index.ts'

let vapi: FakeVapi
let logLines: string[]

beforeEach(async () => {
  vapi = await startFakeVapi()
  logLines = []
})
afterEach(async () => vapi.close())

const meetingTypes: MeetingType[] = [{ id: 'intro', name: 'Intro call', duration: 30 }]
const URL_1 = 'https://quiet-river-amber-lamp.trycloudflare.com/vapi/webhook'
const URL_2 = 'https://north-violet-stone-mesa.trycloudflare.com/vapi/webhook'

function sync(overrides: Partial<VapiSyncOptions> & { assistant?: string | null; key?: string | null } = {}) {
  const { assistant, key, ...rest } = overrides
  return createVapiSync({
    apiRoot: vapi.url,
    apiKey: async () => (key === undefined ? vapi.apiKey : key),
    assistantId: () => (assistant === undefined ? null : assistant),
    secret: () => 'webhook-secret-123',
    meetingTypes: () => meetingTypes,
    log: createLogger({ debug: true, write: (line) => logLines.push(line) }),
    clock: () => Date.parse('2026-11-26T10:00:00Z'),
    api: { retries: 0, retryDelayMs: 10 },
    ...rest,
  })
}

type Tool = { id: string; function: { name: string }; server: { url: string; headers?: Record<string, unknown> } }
type Assistant = { model: { provider: string; model: string; temperature: number; messages: unknown[]; toolIds: string[] }; server: { url: string; headers: Record<string, unknown>; timeoutSeconds?: number } }

describe('Vapi sync', () => {
  it('first sync creates the tools and points the assistant (tools and server) at the URL', async () => {
    const assistantId = vapi.addAssistant()
    const s = sync({ assistant: assistantId })
    expect(s.state()).toEqual({ state: 'off', error: null, synced_at: null })
    const state = await s.syncNow(URL_1)
    expect(state).toEqual({ state: 'synced', error: null, synced_at: '2026-11-26T10:00:00.000Z' })

    const tools = [...vapi.tools.values()] as unknown as Tool[]
    expect(tools.map((t) => t.function.name).sort()).toEqual([...functionNames].sort())
    for (const tool of tools) {
      expect(tool.server.url).toBe(URL_1)
      expect(tool.server.headers).toEqual({ 'X-Vapi-Secret': 'webhook-secret-123' })
    }
    const assistant = vapi.assistants.get(assistantId) as unknown as Assistant
    expect(assistant.server.url).toBe(URL_1)
    expect(assistant.server.headers).toEqual({ 'X-Vapi-Secret': 'webhook-secret-123' })
    expect(assistant.model.toolIds.sort()).toEqual(tools.map((t) => t.id).sort())
    // The rest of the model survived the PATCH (nested objects are replaced, so it must be sent whole).
    expect(assistant.model).toMatchObject({ provider: 'openai', model: 'gpt-4o', temperature: 0.3, messages: [{ role: 'system', content: 'You book meetings.' }] })
    expect(vapi.requests.every((r) => r.authorization === `Bearer ${vapi.apiKey}`)).toBe(true)
  })

  it('a URL change updates the same tools and the assistant, without duplicates', async () => {
    const assistantId = vapi.addAssistant({ server: { url: 'https://old.example.com/hook', timeoutSeconds: 15, headers: { 'x-other': 'kept', 'x-vapi-secret': 'stale' } } })
    const s = sync({ assistant: assistantId })
    await s.syncNow(URL_1)
    const firstIds = [...vapi.tools.keys()].sort()
    const posts = vapi.requests.filter((r) => r.method === 'POST').length

    expect((await s.syncNow(URL_2)).state).toBe('synced')
    expect([...vapi.tools.keys()].sort()).toEqual(firstIds)
    expect(vapi.requests.filter((r) => r.method === 'POST')).toHaveLength(posts)
    for (const tool of vapi.tools.values() as unknown as Iterable<Tool>) expect(tool.server.url).toBe(URL_2)
    const assistant = vapi.assistants.get(assistantId) as unknown as Assistant
    expect(assistant.server).toEqual({ url: URL_2, timeoutSeconds: 15, headers: { 'x-other': 'kept', 'X-Vapi-Secret': 'webhook-secret-123' } })
    expect(assistant.model.toolIds.sort()).toEqual(firstIds)
  })

  it('keeps tools the assistant already had and reuses a Slotline tool it already references', async () => {
    const other = vapi.addAssistant()
    await sync({ assistant: other }).syncNow(URL_1)
    const before = vapi.tools.size
    const assistantId = vapi.addAssistant({ model: { provider: 'openai', model: 'gpt-4o', toolIds: [...vapi.tools.keys()].slice(0, 1) } })
    await sync({ assistant: assistantId }).syncNow(URL_2)
    expect(vapi.tools.size).toBe(before)
  })

  it('a bad key is an error state with a clear message, and the key is never logged', async () => {
    const assistantId = vapi.addAssistant()
    const state = await sync({ assistant: assistantId, key: 'not-the-key-zzz' }).syncNow(URL_1)
    expect(state.state).toBe('error')
    expect(state.error).toMatch(/rejected the API key \(401\)/)
    expect(vapi.tools.size).toBe(0)
    expect(logLines.join('\n')).not.toContain('not-the-key-zzz')
  })

  it('an unknown assistant is an error state naming the id', async () => {
    const state = await sync({ assistant: 'asst-does-not-exist' }).syncNow(URL_1)
    expect(state.state).toBe('error')
    expect(state.error).toBe('Vapi has no assistant with id asst-does-not-exist; check the assistant id.')
  })

  it('stays off without a key or an assistant, and calls nothing', async () => {
    expect((await sync({ assistant: null }).syncNow(URL_1)).state).toBe('off')
    expect((await sync({ assistant: vapi.addAssistant(), key: null }).syncNow(URL_1)).state).toBe('off')
    expect(vapi.requests).toHaveLength(0)
  })

  it('an unreachable Vapi is an error state, not a crash', async () => {
    const root = vapi.url
    await vapi.close()
    const state = await sync({ assistant: 'asst-1', apiRoot: root, timeoutMs: 5_000 }).syncNow(URL_1)
    expect(state.state).toBe('error')
    expect(state.error).toMatch(/^Vapi is unreachable \(ECONNREFUSED\)$/)
    vapi = await startFakeVapi()
  })

  it('retries a transient failure within the call, then succeeds', async () => {
    const assistantId = vapi.addAssistant()
    vapi.failNext(503, 2)
    const state = await sync({ assistant: assistantId, api: { retries: 2, retryDelayMs: 10 } }).syncNow(URL_1)
    expect(state.state).toBe('synced')
  })

  it('after a transient error, retries later by itself and ends synced', async () => {
    const assistantId = vapi.addAssistant()
    vapi.failNext(502, 1)
    const s = sync({ assistant: assistantId, retryMs: 50 })
    const first = await s.syncNow(URL_1)
    expect(first.state).toBe('error')
    expect(first.error).toContain('502')
    await waitFor(() => s.state().state === 'synced')
    s.stop()
  })

  it('coalesces syncs requested while one runs: the latest URL wins', async () => {
    const assistantId = vapi.addAssistant()
    const s = sync({ assistant: assistantId })
    const results = await Promise.all([s.syncNow(URL_1), s.syncNow(URL_2)])
    expect(results.map((r) => r.state)).toEqual(['synced', 'synced'])
    expect((vapi.assistants.get(assistantId) as unknown as Assistant).server.url).toBe(URL_2)
    expect(vapi.tools.size).toBe(functionNames.length)
  })

  it('resync() repeats the last URL, e.g. after the key is entered', async () => {
    const assistantId = vapi.addAssistant()
    let key: string | null = null
    const s = sync({ assistant: assistantId, apiKey: async () => key })
    expect((await s.syncNow(URL_1)).state).toBe('off')
    key = vapi.apiKey
    expect((await s.resync()).state).toBe('synced')
    expect((vapi.assistants.get(assistantId) as unknown as Assistant).server.url).toBe(URL_1)
  })
})

describe('fake Vapi', () => {
  it('rejects unknown properties the way Vapi does (400, "property x should not exist")', async () => {
    const response = await fetch(`${vapi.url}/tool`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vapi.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'function', function: { name: 'x', maxTokens: 5 }, serverUrl: 'https://a.example' }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { message: string[] }
    expect(body.message).toEqual(expect.arrayContaining(['property serverUrl should not exist', 'property function.maxTokens should not exist']))
  })
})

async function waitFor(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
