import type { z } from 'zod'
import { invalid } from '../errors.ts'
import type { Db } from '../store/open-database.ts'
import { readSettings, writeSettings } from '../store/settings-repo.ts'
import { defaultSettings, settingsSchema, type Settings } from './settings-schema.ts'

/** Reads and validates the consultant's settings; keeps a parsed copy so tool calls never re-parse. */
export interface SettingsService {
  get(): Settings
  /** Validates the merged result of current settings and `patch`; writes all of it or nothing. */
  update(patch: unknown): Settings
  /** Calls `listener` after every successful update. */
  onChange(listener: (settings: Settings) => void): void
}

/** A settings service over the store, with defaults for the consultant's time zone. */
export function createSettingsService(db: Db, timeZone: string, clock: () => number = Date.now): SettingsService {
  const defaults = defaultSettings(timeZone)
  let current = parseStored(readSettings(db), defaults)
  const listeners: ((settings: Settings) => void)[] = []
  return {
    onChange: (listener) => void listeners.push(listener),
    get: () => current,
    update(patch) {
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw invalid('body', 'must be a JSON object of settings')
      }
      const merged = { ...current, ...(patch as Record<string, unknown>) }
      const parsed = settingsSchema.safeParse(merged)
      if (!parsed.success) throw invalid(describePath(parsed.error), parsed.error.issues[0]?.message ?? 'invalid')
      const changed = Object.fromEntries(Object.keys(patch).map((key) => [key, parsed.data[key as keyof Settings]]))
      writeSettings(db, changed, clock())
      current = parsed.data
      for (const listener of listeners) listener(current)
      return current
    },
  }
}

function parseStored(stored: Record<string, unknown>, defaults: Settings): Settings {
  const parsed = settingsSchema.safeParse({ ...defaults, ...stored })
  // Stored settings were validated when written; a row from a newer version that no longer
  // parses must not stop the app: fall back to the defaults for the keys that fail.
  if (parsed.success) return parsed.data
  const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => settingsSchema.safeParse({ ...defaults, [key]: stored[key] }).success))
  return settingsSchema.parse({ ...defaults, ...kept })
}

function describePath(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? []
  if (path.length === 0) {
    const unknown = error.issues[0]?.code === 'unrecognized_keys' ? error.issues[0].keys[0] : undefined
    return unknown ?? 'settings'
  }
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[')
}
