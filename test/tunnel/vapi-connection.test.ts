// The window's way to sync the assistant: key and assistant id given through the control API (not
// the environment) while a (fake) quick tunnel is up; then removed again.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeVapi, type FakeVapi } from '../fakes/vapi/index.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { FAKE_BIN } from './tunnel-harness.ts'

interface Connection {
  assistant_id: string | null
  key_set: boolean
  set_by_environment: boolean
  sync: { state: string; error: string | null; synced_at: string | null }
}

let vapi: FakeVapi
let app: TestApp
const state = tempDir('slotline-vapi-connection-')

beforeAll(async () => {
  vapi = await startFakeVapi()
  Object.assign(process.env, { FAKE_CLOUDFLARED_PUBLIC: 'edge', FAKE_CLOUDFLARED_STATE: state.path })
  process.env.PATH = `${process.execPath.replace(/\/node$/, '')}:${process.env.PATH ?? ''}`
  app = await startTestApp({ env: { SLOTLINE_TUNNEL: 'quick', SLOTLINE_CLOUDFLARED_BIN: FAKE_BIN, SLOTLINE_VAPI_API_ROOT: vapi.url } })
})
afterAll(async () => {
  await app?.close()
  await vapi?.close()
  state.remove()
})

const connection = async () => (await (await app.api('/api/vapi/connection')).json()) as Connection

async function until(test: (c: Connection) => boolean): Promise<Connection> {
  for (let i = 0; i < 450; i++) {
    const current = await connection()
    if (test(current)) return current
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`never matched: ${JSON.stringify(await connection())}`)
}

describe('connecting the Vapi assistant from the window', () => {
  it('starts off: no assistant, no key, nothing from the environment', async () => {
    expect(await connection()).toEqual({ assistant_id: null, key_set: false, set_by_environment: false, sync: { state: 'off', error: null, synced_at: null } })
  })

  it('refuses a missing assistant id, naming it', async () => {
    const response = await app.api('/api/vapi/connection', { method: 'PUT', body: { api_key: vapi.apiKey } })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ key: 'assistant_id' })
  })

  it('saves the key in the secret store and syncs the assistant to the tunnel URL', async () => {
    const assistantId = vapi.addAssistant()
    const status = async () => (await (await app.api('/api/calendar/status')).json()) as { tunnel: { state: string }; webhook_url: string }
    for (let i = 0; i < 450 && (await status()).tunnel.state !== 'up'; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await app.api('/api/vapi/connection', { method: 'PUT', body: { api_key: vapi.apiKey, assistant_id: assistantId } })).status).toBe(200)
    const synced = await until((c) => c.sync.state === 'synced')
    expect(synced).toMatchObject({ assistant_id: assistantId, key_set: true, set_by_environment: false })
    expect(JSON.stringify(synced)).not.toContain(vapi.apiKey)
    expect((vapi.assistants.get(assistantId) as { server: { url: string } }).server.url).toBe((await status()).webhook_url)
    expect(JSON.parse(readFileSync(join(app.dataDir, 'secrets.json'), 'utf8'))['vapi.api_key']).toBe(vapi.apiKey)
  })

  it('stops syncing on DELETE: the key leaves the store and the assistant is forgotten', async () => {
    expect((await app.api('/api/vapi/connection', { method: 'DELETE' })).status).toBe(200)
    expect(await connection()).toMatchObject({ assistant_id: null, key_set: false })
    expect(JSON.parse(readFileSync(join(app.dataDir, 'secrets.json'), 'utf8'))['vapi.api_key']).toBeUndefined()
  })
})
