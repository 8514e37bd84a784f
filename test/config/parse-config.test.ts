import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load-config.ts'
import { ConfigError, parseConfig } from '../../server/config/parse-config.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const defaults = { dataDir: '/tmp/slotline-test', timeZone: 'Europe/Berlin', tunnel: 'off' as const }

function errorOf(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('gives every setting its contract default', () => {
    const config = parseConfig({}, undefined, defaults)
    expect(config).toMatchObject({
      webhook: { host: '127.0.0.1', port: 8787 },
      control: { port: 8788 },
      vapi: { secret: null, apiRoot: 'https://api.vapi.ai' },
      google: { authUrl: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token', apiRoot: 'https://www.googleapis.com/' },
      secretStore: 'keychain',
      tunnel: { mode: 'off' },
      defaultTimeZone: 'Europe/Berlin',
    })
    expect(config.control.token.length).toBeGreaterThanOrEqual(32)
    expect(parseConfig({}, undefined, defaults).control.token).not.toBe(config.control.token)
  })

  it('lets the environment win over the settings file', () => {
    const config = parseConfig({ SLOTLINE_WEBHOOK_PORT: '0' }, { webhook_port: 9000, control_port: 9001 }, defaults)
    expect(config.webhook.port).toBe(0)
    expect(config.control.port).toBe(9001)
  })

  it('names the bad setting, from the environment or the file', () => {
    expect(errorOf(() => parseConfig({ SLOTLINE_WEBHOOK_PORT: 'eighty' }, undefined, defaults)).message).toMatch(/^Invalid setting SLOTLINE_WEBHOOK_PORT:/)
    expect(errorOf(() => parseConfig({ SLOTLINE_SECRET_STORE: 'plaintext' }, undefined, defaults)).setting).toBe('SLOTLINE_SECRET_STORE')
    expect(errorOf(() => parseConfig({ SLOTLINE_GOOGLE_TOKEN_URL: 'not a url' }, undefined, defaults)).setting).toBe('SLOTLINE_GOOGLE_TOKEN_URL')
    expect(errorOf(() => parseConfig({}, { control_port: 70000 }, defaults)).setting).toBe('settings.json "control_port"')
    expect(errorOf(() => parseConfig({}, { webhok_port: 1 }, defaults)).setting).toBe('settings.json "webhok_port"')
    expect(errorOf(() => parseConfig({ SLOTLINE_TUNNEL: 'named' }, undefined, defaults)).setting).toBe('SLOTLINE_TUNNEL_TOKEN')
  })

  it('never echoes a secret value in its error', () => {
    const error = errorOf(() => parseConfig({ SLOTLINE_CONTROL_TOKEN: 'short-secret' }, undefined, defaults))
    expect(error.setting).toBe('SLOTLINE_CONTROL_TOKEN')
    expect(error.message).not.toContain('short-secret')
  })

  it('loads settings.json from SLOTLINE_DATA_DIR and rejects a broken one', () => {
    const dir = tempDir()
    try {
      const data = join(dir.path, 'data')
      mkdirSync(data)
      writeFileSync(join(data, 'settings.json'), JSON.stringify({ webhook_port: 9100, google_client_id: 'abc.apps.googleusercontent.com' }))
      const config = loadConfig({ env: { SLOTLINE_DATA_DIR: data }, tunnel: 'off' })
      expect(config).toMatchObject({ dataDir: data, webhook: { port: 9100 }, google: { clientId: 'abc.apps.googleusercontent.com' } })
      writeFileSync(join(data, 'settings.json'), '{ not json')
      expect(() => loadConfig({ env: { SLOTLINE_DATA_DIR: data }, tunnel: 'off' })).toThrow(/settings.json: is not valid JSON/)
    } finally {
      dir.remove()
    }
  })
})

describe('the webhook secret', () => {
  it('refuses a secret shorter than 32 characters or without variety', () => {
    expect(errorOf(() => parseConfig({ SLOTLINE_VAPI_SECRET: 'hunter2' }, undefined, defaults)).message).toMatch(/SLOTLINE_VAPI_SECRET: must be at least 32 random characters/)
    expect(errorOf(() => parseConfig({ SLOTLINE_VAPI_SECRET: 'ab'.repeat(20) }, undefined, defaults)).message).toMatch(/too few different characters/)
    expect(parseConfig({ SLOTLINE_VAPI_SECRET: 'k3J9x-Qm2PzL8vR4tYw7Ns1Bc6Hd0Fg5Ua' }, undefined, defaults).vapi.secret).toHaveLength(34)
  })
})
