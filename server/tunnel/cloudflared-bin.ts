import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { sep } from 'node:path'

/** Where cloudflared is, or why it is not usable. */
export type BinaryLookup = { ok: true; path: string } | { ok: false; path: string | null; error: string }

/**
 * Finds the cloudflared executable: the configured path (SLOTLINE_CLOUDFLARED_BIN) or else the
 * npm `cloudflared` package's `bin` (which honours CLOUDFLARED_BIN). Never downloads anything.
 */
export async function findCloudflared(configured: string | null): Promise<BinaryLookup> {
  const path = configured ?? (await packageBinary())
  if (path === null) return { ok: false, path: null, error: 'cloudflared not installed: the cloudflared package is missing; set SLOTLINE_CLOUDFLARED_BIN' }
  try {
    await access(path, constants.X_OK)
    return { ok: true, path }
  } catch {
    const hint = configured ? 'check SLOTLINE_CLOUDFLARED_BIN' : 'install cloudflared and set SLOTLINE_CLOUDFLARED_BIN'
    return { ok: false, path, error: `cloudflared not installed: no executable at ${path} (${hint})` }
  }
}

/** The npm package's binary path, moved out of an asar archive (packaged apps unpack it). */
async function packageBinary(): Promise<string | null> {
  try {
    const module = (await import('cloudflared')) as { bin?: string; default?: { bin?: string } }
    const bin = module.bin ?? module.default?.bin
    return bin ? bin.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`) : null
  } catch {
    return null
  }
}
