import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { fileSecretStore, keychainSecretStore } from '../../server/auth/secret-store.ts'
import { tempDir } from '../helpers/temp-dir.ts'

describe('keychain secret store (the real Secret Service via gnome-keyring)', () => {
  it('sets, gets and deletes a secret in the OS keychain', async () => {
    const store = keychainSecretStore(`Slotline-test-${randomBytes(4).toString('hex')}`)
    const value = randomBytes(24).toString('base64url')
    expect(await store.get('google.refresh_token')).toBeNull()
    await store.set('google.refresh_token', value)
    expect(await store.get('google.refresh_token')).toBe(value)
    await store.set('google.refresh_token', `${value}-2`)
    expect(await store.get('google.refresh_token')).toBe(`${value}-2`)
    await store.delete('google.refresh_token')
    expect(await store.get('google.refresh_token')).toBeNull()
    await store.delete('google.refresh_token')
  })

  it('keeps one CalDAV app password per account, apart from each other', async () => {
    const store = keychainSecretStore(`Slotline-test-${randomBytes(4).toString('hex')}`)
    await store.set('caldav.password.aaaa', 'first password')
    await store.set('caldav.password.bbbb', 'second password')
    expect(await store.get('caldav.password.aaaa')).toBe('first password')
    await store.delete('caldav.password.aaaa')
    expect(await store.get('caldav.password.aaaa')).toBeNull()
    expect(await store.get('caldav.password.bbbb')).toBe('second password')
    await store.delete('caldav.password.bbbb')
  })

  it('fails loudly, never silently, when no Secret Service is reachable', () => {
    // A child process: the keyring library keeps its D-Bus connection for the process's life.
    const module = fileURLToPath(new URL('../../server/auth/secret-store.ts', import.meta.url))
    const script = `const { keychainSecretStore } = await import(${JSON.stringify(module)});
      try { await keychainSecretStore('Slotline-test-nobus').set('vapi.secret', 'x'); console.log('STORED') }
      catch (error) { console.log(error.name + ': ' + error.message) }`
    const run = spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/slotline-bus' },
      encoding: 'utf8',
    })
    expect(run.stdout).toMatch(/^SecretStoreError: The OS keychain is unavailable .*SLOTLINE_SECRET_STORE=file/)
  })
})

describe('file secret store', () => {
  it('keeps secrets in a 0600 file and removes them on delete', async () => {
    const dir = tempDir()
    try {
      const store = fileSecretStore(dir.path)
      await store.set('google.refresh_token', 'r1')
      await store.set('vapi.secret', 's1')
      expect(statSync(join(dir.path, 'secrets.json')).mode & 0o777).toBe(0o600)
      expect(await store.get('google.refresh_token')).toBe('r1')
      await store.delete('google.refresh_token')
      expect(await store.get('google.refresh_token')).toBeNull()
      expect(await fileSecretStore(dir.path).get('vapi.secret')).toBe('s1')
    } finally {
      dir.remove()
    }
  })
})
