import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { toolCallsMessage } from '../helpers/vapi-messages.ts'

describe('faults of our own', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(async () => {
    t.app.db.pragma('query_only = OFF')
    await t?.close()
  })

  it('answers tool calls (HTTP 200, with an error) and other messages (503, clear) when SQLite refuses writes', async () => {
    t.app.db.pragma('query_only = ON')
    const tool = await t.webhook(toolCallsMessage('call-ro', [{ id: 'tc-ro', name: 'get_next_available', args: { duration: 30 } }]))
    expect(tool.status).toBe(200)
    expect(await tool.json()).toEqual({ results: [{ name: 'get_next_available', toolCallId: 'tc-ro', error: 'Slotline could not record this request right now. Please try again in a moment.' }] })
    const report = await t.webhook({ message: { type: 'end-of-call-report', call: { id: 'call-ro' } } })
    expect(report.status).toBe(503)
    expect(await report.json()).toEqual({ error: expect.stringContaining('cannot use its database right now (SQLITE_READONLY)') })
    t.app.db.pragma('query_only = OFF')
    // Once the database accepts writes again, the retry of the same tool call runs.
    const retry = await t.webhook(toolCallsMessage('call-ro', [{ id: 'tc-ro', name: 'get_next_available', args: { duration: 30 } }]))
    expect(JSON.stringify(await retry.json())).toContain('not_connected')
  })

  it('stops start-up with one sentence, not a stack, when the data dir is unusable or a setting is bad', () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'not-a-dir')
      writeFileSync(file, '')
      const cli = fileURLToPath(new URL('../../server/cli.ts', import.meta.url))
      const run = (env: Record<string, string>) =>
        spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', cli], { env: { ...process.env, SLOTLINE_SECRET_STORE: 'file', ...env }, encoding: 'utf8', timeout: 30_000 })
      const badDir = run({ SLOTLINE_DATA_DIR: join(file, 'data') })
      expect(badDir.status).toBe(1)
      expect(badDir.stderr.trim()).toMatch(/^Slotline cannot start\. Invalid setting SLOTLINE_DATA_DIR: cannot create .*not a directory/)
      expect(badDir.stderr).not.toMatch(/\n\s+at /)
      const badPort = run({ SLOTLINE_DATA_DIR: dir.path, SLOTLINE_CONTROL_PORT: '99999' })
      expect(badPort.status).toBe(1)
      expect(badPort.stderr.trim()).toMatch(/^Slotline cannot start\. Invalid setting SLOTLINE_CONTROL_PORT/)
    } finally {
      dir.remove()
    }
  })
})
