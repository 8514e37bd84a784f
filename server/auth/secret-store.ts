import { AsyncEntry } from '@napi-rs/keyring'
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretStoreKind } from '../config/parse-config.ts'

/** Names of the secrets Slotline keeps (a CalDAV app password per account). Nothing else is ever stored. */
export type SecretName = 'google.refresh_token' | 'vapi.secret' | 'vapi.api_key' | 'tunnel.token' | `caldav.password.${string}`

/** Where tokens and keys live: the OS keychain, or (by explicit choice) a 0600 file. */
export interface SecretStore {
  readonly kind: SecretStoreKind
  get(name: SecretName): Promise<string | null>
  set(name: SecretName, value: string): Promise<void>
  delete(name: SecretName): Promise<void>
}

/** The secret store could not be used; the message says why and what to do. */
export class SecretStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SecretStoreError'
  }
}

const SERVICE = 'Slotline'

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux).
 * On Linux it is pinned to the Secret Service, so it fails loudly rather than falling back to
 * the kernel keyring, which forgets everything at logout.
 */
export function keychainSecretStore(service = SERVICE): SecretStore {
  const entry = (name: SecretName): AsyncEntry => new AsyncEntry(service, name, { linux: { store: 'secret-service' } })
  const guard = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw new SecretStoreError(
        `The OS keychain is unavailable (${action}: ${(error as Error).message}). ` +
          'Unlock your keyring, or start Slotline with SLOTLINE_SECRET_STORE=file on a headless server.',
        { cause: error },
      )
    }
  }
  return {
    kind: 'keychain',
    get: (name) => guard('read', () => entry(name).getPassword()),
    set: (name, value) => guard('write', () => entry(name).setPassword(value)),
    delete: (name) => guard('delete', async () => void (await entry(name).deleteCredential())),
  }
}

/**
 * A JSON file readable only by the user (0600) in the data dir. Chosen only by
 * SLOTLINE_SECRET_STORE=file, for servers without a keyring.
 */
export function fileSecretStore(dataDir: string): SecretStore {
  const path = join(dataDir, 'secrets.json')
  const read = (): Partial<Record<SecretName, string>> => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<SecretName, string>>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw new SecretStoreError(`The secrets file ${path} cannot be read: ${(error as Error).message}`, { cause: error })
    }
  }
  const write = (secrets: Partial<Record<SecretName, string>>): void => {
    const temporary = `${path}.tmp`
    writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 })
    chmodSync(temporary, 0o600)
    renameSync(temporary, path)
  }
  return {
    kind: 'file',
    get: async (name) => read()[name] ?? null,
    set: async (name, value) => write({ ...read(), [name]: value }),
    delete: async (name) => {
      const secrets = read()
      if (!(name in secrets)) return
      delete secrets[name]
      write(secrets)
    },
  }
}

/** The store the configuration asks for. */
export function createSecretStore(kind: SecretStoreKind, dataDir: string): SecretStore {
  return kind === 'file' ? fileSecretStore(dataDir) : keychainSecretStore()
}
