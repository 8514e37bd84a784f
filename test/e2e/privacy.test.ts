import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainSecretStore } from '../../server/auth/secret-store.ts'
import { createLogger } from '../../server/log.ts'
import { startTestApp, VAPI_SECRET, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, endOfCallReport, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')
const VAPI_KEY = 'vapi-private-key-7f3c2a91-5b8e-4d6f-a0c1-93e8b7d6f512'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('secrets and privacy (OS keychain through the real Secret Service)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ env: { SLOTLINE_SECRET_STORE: 'keychain', SLOTLINE_VAPI_API_KEY: VAPI_KEY }, start: { clock: () => NOW } })
    await keychainSecretStore().delete('google.refresh_token')
  })
  afterAll(async () => {
    await t?.close()
    await keychainSecretStore().delete('google.refresh_token')
  })

  it('keeps the refresh token in the keychain and no secret in any file or log line', async () => {
    await t.connect()
    const refresh = t.google.tokens.refreshTokens.map((token) => token.value)
    expect(refresh).toHaveLength(1)
    expect(await keychainSecretStore().get('google.refresh_token')).toBe(refresh[0])
    const calls = [
      { id: 'p1', name: 'find_available_times', args: { start_date: '2030-03-05', duration: 30 } },
      { id: 'p2', name: 'schedule_meeting', args: { title: 'Intro', start_time: '2030-03-05T15:00:00-05:00', duration: 30, attendee_email: 'sam.ortiz@example.com', description: 'x' } },
    ]
    const results = decodeResults(await (await t.webhook(toolCallsMessage('call-privacy', calls))).json())
    expect(results.map((r) => r.result?.ok)).toEqual([true, true])
    await t.webhook(endOfCallReport('call-privacy'))
    await t.webhook({ message: { type: 'status-update', call: { id: 'x' } } }, { 'x-vapi-secret': 'wrong' })
    t.app.db.pragma('wal_checkpoint(TRUNCATE)')

    const secrets = [...refresh, ...t.google.tokens.accessTokens.map((token) => token.value), VAPI_SECRET, VAPI_KEY]
    const files = filesUnder(t.dataDir)
    expect(files.some((file) => file.endsWith('slotline.db'))).toBe(true)
    for (const file of files) {
      const content = readFileSync(file).toString('latin1')
      for (const secret of secrets) expect(content.includes(secret), `${secret.slice(0, 6)}… in ${file}`).toBe(false)
    }
    const logs = t.logs.join('\n')
    expect(t.logs.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(logs.includes(secret)).toBe(false)
    expect(logs).not.toContain('sam.ortiz@')
  })

  it('disconnect revokes the grant at Google and deletes the token from the keychain', async () => {
    const response = await t.api('/api/calendar/disconnect', { method: 'DELETE' })
    expect(await response.json()).toEqual({ revoked: true })
    expect(t.google.tokens.refreshTokens.every((token) => token.revoked)).toBe(true)
    expect(t.google.count('POST', /^\/revoke$/)).toBe(1)
    expect(await keychainSecretStore().get('google.refresh_token')).toBeNull()
    expect(await (await t.api('/api/calendar/status')).json()).toMatchObject({ connected: false })
  })
})

describe('logs', () => {
  it("redact emails' local part and phone numbers' middle digits unless debug is on", () => {
    const lines: string[] = []
    const log = createLogger({ debug: false, write: (line) => lines.push(line) })
    log.info('booked', { attendee: 'sam.ortiz@example.com', caller: '+14155550123' })
    expect(lines[0]).toContain('***@example.com')
    expect(lines[0]).not.toContain('sam.ortiz')
    expect(lines[0]).toContain('+14*******23')
    const debug: string[] = []
    createLogger({ debug: true, write: (line) => debug.push(line) }).info('booked', { attendee: 'sam.ortiz@example.com' })
    expect(debug[0]).toContain('sam.ortiz@example.com')
  })
})

describe('data retention', () => {
  it('deletes call transcripts older than transcript_retention_days', async () => {
    let now = Date.parse('2030-01-01T12:00:00Z')
    const t = await startTestApp({ start: { clock: () => now } })
    try {
      await t.webhook(endOfCallReport('old-call'))
      now = Date.parse('2030-03-01T12:00:00Z')
      await t.webhook(endOfCallReport('new-call'))
      expect((await t.api('/api/settings', { method: 'PUT', body: { transcript_retention_days: 30 } })).status).toBe(200)
      const old = (await (await t.api('/api/calls/old-call')).json()) as { transcript: string | null; summary: string | null; ended_reason: string }
      const fresh = (await (await t.api('/api/calls/new-call')).json()) as { transcript: string | null }
      expect(old).toMatchObject({ transcript: null, summary: null, ended_reason: 'customer-ended-call' })
      expect(fresh.transcript).toContain('User: Can we meet?')
    } finally {
      await t.close()
    }
  })
})
