import { mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { ConfigError, parseConfig, type Config, type TunnelMode } from './parse-config.ts'

/** The OS app-data directory for Slotline (`~/.config/Slotline` on Linux). */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string {
  const home = env.HOME ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Slotline')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Slotline')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Slotline')
}

export interface LoadOptions {
  env: Readonly<Record<string, string | undefined>>
  /** Used when SLOTLINE_DATA_DIR is not set (Electron passes its userData dir). */
  dataDir?: string
  tunnel: TunnelMode
  platform?: NodeJS.Platform
}

/**
 * Resolves the data dir (creating it), reads `settings.json` there if present and parses
 * everything into a Config. Throws ConfigError naming the bad setting.
 */
export function loadConfig(options: LoadOptions): Config {
  const { env } = options
  const dataDir = resolve(env.SLOTLINE_DATA_DIR || options.dataDir || defaultDataDir(env, options.platform ?? process.platform))
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new ConfigError('SLOTLINE_DATA_DIR', `cannot create ${dataDir} (${(error as Error).message})`)
  }
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  return parseConfig(env, readSettingsFile(join(dataDir, 'settings.json')), { dataDir, timeZone, tunnel: options.tunnel })
}

function readSettingsFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ConfigError('settings.json', `cannot be read (${(error as Error).message})`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ConfigError('settings.json', `is not valid JSON (${(error as Error).message})`)
  }
}
