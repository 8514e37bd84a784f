// The packaging config: parsed as JSON (electron-builder reads electron-builder.json natively).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const config = JSON.parse(readFileSync(new URL('../../electron-builder.json', import.meta.url), 'utf8')) as Record<string, unknown>

describe('electron-builder.json', () => {
  it('names the app and packages the built output', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/)
    expect(config.productName).toBe('Slotline')
    expect(config.files).toContain('out/**')
  })

  it('keeps native modules and cloudflared outside the asar archive', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', expect.stringContaining('cloudflared')]))
    expect(JSON.stringify(config.extraResources)).toContain('cloudflared')
  })

  it('builds a dmg, an NSIS installer and an AppImage', () => {
    expect(config.mac).toMatchObject({ target: ['dmg'] })
    expect(config.win).toMatchObject({ target: ['nsis'] })
    expect(config.linux).toMatchObject({ target: ['AppImage'] })
  })
})
