import { randomBytes } from 'node:crypto'
import type { SecretStore } from '../auth/secret-store.ts'
import { RequestError } from '../errors.ts'
import { secretWeakness } from './secret-strength.ts'

/** A fresh secret: 32 random bytes, base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The webhook's shared secret: from SLOTLINE_VAPI_SECRET (fixed), or set from the window and kept
 * in the secret store. Read on every webhook call, so a new one takes effect at once.
 */
export class VapiSecret {
  readonly #store: SecretStore
  readonly #fromEnv: boolean
  #value: string | null

  private constructor(store: SecretStore, value: string | null, fromEnv: boolean) {
    this.#store = store
    this.#value = value
    this.#fromEnv = fromEnv
  }

  /**
   * Loads the secret: the environment's wins, else the one stored earlier, else none. A store
   * that cannot be read means no secret (every webhook call refused), never a guessed one.
   */
  static async load(store: SecretStore, fromEnv: string | null, onUnreadable: (error: Error) => void): Promise<VapiSecret> {
    if (fromEnv) return new VapiSecret(store, fromEnv, true)
    const stored = await store.get('vapi.secret').catch((error: unknown) => {
      onUnreadable(error as Error)
      return null
    })
    return new VapiSecret(store, stored, false)
  }

  get(): string | null {
    return this.#value
  }

  /** Sets (or generates) a new secret and keeps it in the secret store. */
  async set(secret: string | null): Promise<string> {
    if (this.#fromEnv) throw new RequestError(409, 'The webhook secret is set by SLOTLINE_VAPI_SECRET; change it there.')
    const value = secret ?? generateSecret()
    const weakness = secretWeakness(value)
    if (weakness) throw new RequestError(400, `secret: ${weakness}`, 'secret')
    await this.#store.set('vapi.secret', value)
    this.#value = value
    return value
  }

  get fromEnvironment(): boolean {
    return this.#fromEnv
  }
}
