import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { secretWeakness } from '../vapi/secret-strength.ts'

/** Where a setting came from, so an error can name it the way the user wrote it. */
type Source = 'env' | 'file'

export type TunnelMode = 'off' | 'quick' | 'named'
export type SecretStoreKind = 'keychain' | 'file'

/** The typed start-up configuration handed to the rest of the app. */
export interface Config {
  dataDir: string
  webhook: { host: string; port: number }
  control: { port: number; token: string }
  vapi: { secret: string | null; apiRoot: string; apiKey: string | null; assistantId: string | null }
  google: {
    clientId: string | null
    clientSecret: string | null
    authUrl: string
    tokenUrl: string
    revokeUrl: string
    apiRoot: string
  }
  secretStore: SecretStoreKind
  tunnel: { mode: TunnelMode; token: string | null; hostname: string | null; cloudflaredBin: string | null }
  defaultTimeZone: string
  logLevel: 'info' | 'debug'
  toolBudgetMs: number
}

/** Thrown when a setting is invalid; the message names the setting. */
export class ConfigError extends Error {
  readonly setting: string
  constructor(setting: string, problem: string) {
    super(`Invalid setting ${setting}: ${problem}`)
    this.name = 'ConfigError'
    this.setting = setting
  }
}

const port = z.coerce.number().int().min(0).max(65535)
const url = z.url({ protocol: /^https?$/ })
const nonEmpty = z.string().trim().min(1)
const strongSecret = z.string().superRefine((value, ctx) => {
  const weakness = secretWeakness(value)
  if (weakness) ctx.addIssue({ code: 'custom', message: weakness })
})

/**
 * Each setting: its environment variable, its key in settings.json, its schema and default.
 * Secrets (control token, Vapi secret and key, tunnel token) are read from the environment only,
 * never from the settings file; the window keeps the ones it sets in the secret store.
 */
const settings = {
  webhookPort: { env: 'SLOTLINE_WEBHOOK_PORT', file: 'webhook_port', schema: port, fallback: 8787 },
  webhookHost: { env: 'SLOTLINE_WEBHOOK_HOST', file: 'webhook_host', schema: nonEmpty, fallback: '127.0.0.1' },
  controlPort: { env: 'SLOTLINE_CONTROL_PORT', file: 'control_port', schema: port, fallback: 8788 },
  controlToken: { env: 'SLOTLINE_CONTROL_TOKEN', file: null, schema: z.string().min(16, 'must be at least 16 characters'), fallback: null },
  vapiSecret: { env: 'SLOTLINE_VAPI_SECRET', file: null, schema: strongSecret, fallback: null },
  googleClientId: { env: 'SLOTLINE_GOOGLE_CLIENT_ID', file: 'google_client_id', schema: nonEmpty, fallback: null },
  googleClientSecret: { env: 'SLOTLINE_GOOGLE_CLIENT_SECRET', file: 'google_client_secret', schema: nonEmpty, fallback: null },
  googleAuthUrl: { env: 'SLOTLINE_GOOGLE_AUTH_URL', file: 'google_auth_url', schema: url, fallback: 'https://accounts.google.com/o/oauth2/v2/auth' },
  googleTokenUrl: { env: 'SLOTLINE_GOOGLE_TOKEN_URL', file: 'google_token_url', schema: url, fallback: 'https://oauth2.googleapis.com/token' },
  googleRevokeUrl: { env: 'SLOTLINE_GOOGLE_REVOKE_URL', file: 'google_revoke_url', schema: url, fallback: 'https://oauth2.googleapis.com/revoke' },
  googleApiRoot: { env: 'SLOTLINE_GOOGLE_API_ROOT', file: 'google_api_root', schema: url, fallback: 'https://www.googleapis.com/' },
  secretStore: { env: 'SLOTLINE_SECRET_STORE', file: 'secret_store', schema: z.enum(['keychain', 'file']), fallback: 'keychain' },
  tunnel: { env: 'SLOTLINE_TUNNEL', file: 'tunnel', schema: z.enum(['off', 'quick', 'named']), fallback: null },
  tunnelToken: { env: 'SLOTLINE_TUNNEL_TOKEN', file: null, schema: nonEmpty, fallback: null },
  tunnelHostname: { env: 'SLOTLINE_TUNNEL_HOSTNAME', file: 'tunnel_hostname', schema: nonEmpty, fallback: null },
  cloudflaredBin: { env: 'SLOTLINE_CLOUDFLARED_BIN', file: 'cloudflared_bin', schema: nonEmpty, fallback: null },
  vapiApiRoot: { env: 'SLOTLINE_VAPI_API_ROOT', file: 'vapi_api_root', schema: url, fallback: 'https://api.vapi.ai' },
  vapiApiKey: { env: 'SLOTLINE_VAPI_API_KEY', file: null, schema: nonEmpty, fallback: null },
  vapiAssistantId: { env: 'SLOTLINE_VAPI_ASSISTANT_ID', file: 'vapi_assistant_id', schema: nonEmpty, fallback: null },
  logLevel: { env: 'SLOTLINE_LOG_LEVEL', file: 'log_level', schema: z.enum(['info', 'debug']), fallback: 'info' },
  toolBudgetMs: { env: 'SLOTLINE_TOOL_BUDGET_MS', file: 'tool_budget_ms', schema: z.coerce.number().int().min(500).max(60_000), fallback: 10_000 },
} as const

type Settings = typeof settings
type Value<K extends keyof Settings> = z.output<Settings[K]['schema']> | Settings[K]['fallback']

const fileKeys = new Set<string>(Object.values(settings).flatMap((s) => (s.file ? [s.file] : [])))

/** Defaults that depend on where the app runs; resolved by the entry point, passed in. */
export interface ConfigDefaults {
  dataDir: string
  timeZone: string
  tunnel: TunnelMode
}

/**
 * Builds the typed config from environment variables (which win) and the parsed settings file.
 * Pure: no I/O, no clock. Throws ConfigError naming the first bad setting.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  file: unknown,
  defaults: ConfigDefaults,
): Config {
  const fileObject = checkFile(file)
  const read = <K extends keyof Settings>(key: K): Value<K> => readSetting(settings[key], env, fileObject)
  const mode = read('tunnel') ?? defaults.tunnel
  const tunnelToken = read('tunnelToken')
  if (mode === 'named' && !tunnelToken) {
    throw new ConfigError('SLOTLINE_TUNNEL_TOKEN', 'is required when SLOTLINE_TUNNEL=named')
  }
  return {
    dataDir: defaults.dataDir,
    webhook: { host: read('webhookHost'), port: read('webhookPort') },
    control: { port: read('controlPort'), token: read('controlToken') ?? randomBytes(24).toString('base64url') },
    vapi: { secret: read('vapiSecret'), apiRoot: read('vapiApiRoot'), apiKey: read('vapiApiKey'), assistantId: read('vapiAssistantId') },
    google: {
      clientId: read('googleClientId'),
      clientSecret: read('googleClientSecret'),
      authUrl: read('googleAuthUrl'),
      tokenUrl: read('googleTokenUrl'),
      revokeUrl: read('googleRevokeUrl'),
      apiRoot: withTrailingSlash(read('googleApiRoot')),
    },
    secretStore: read('secretStore'),
    tunnel: { mode, token: tunnelToken, hostname: read('tunnelHostname'), cloudflaredBin: read('cloudflaredBin') },
    defaultTimeZone: defaults.timeZone,
    logLevel: read('logLevel'),
    toolBudgetMs: read('toolBudgetMs'),
  }
}

function checkFile(file: unknown): Record<string, unknown> {
  if (file === undefined || file === null) return {}
  if (typeof file !== 'object' || Array.isArray(file)) {
    throw new ConfigError('settings.json', 'must be a JSON object')
  }
  for (const key of Object.keys(file)) {
    if (!fileKeys.has(key)) throw new ConfigError(`settings.json "${key}"`, 'is not a known setting')
  }
  return file as Record<string, unknown>
}

interface Setting {
  env: string
  file: string | null
  schema: z.ZodType
  fallback: unknown
}

function readSetting<V>(setting: Setting, env: Readonly<Record<string, string | undefined>>, file: Record<string, unknown>): V {
  const fromEnv = env[setting.env]
  const [raw, source]: [unknown, Source] =
    fromEnv !== undefined && fromEnv !== '' ? [fromEnv, 'env'] : [setting.file ? file[setting.file] : undefined, 'file']
  if (raw === undefined || raw === null) return setting.fallback as V
  const parsed = setting.schema.safeParse(raw)
  if (!parsed.success) {
    const name = source === 'env' ? setting.env : `settings.json "${setting.file}"`
    const shown = typeof raw === 'string' && setting.file === null ? '(hidden)' : JSON.stringify(raw)
    throw new ConfigError(name, `${parsed.error.issues[0]?.message ?? 'invalid'} (got ${shown})`)
  }
  return parsed.data as V
}

function withTrailingSlash(root: string): string {
  return root.endsWith('/') ? root : `${root}/`
}
