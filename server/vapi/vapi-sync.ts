import type { Logger } from '../log.ts'
import type { MeetingType } from '../settings/settings-schema.ts'
import { toolDefinitions } from './tool-definitions.ts'
import {
  createVapiApi,
  VapiApiError,
  type CreateFunctionTool,
  type ToolRecord,
  type VapiApi,
  type VapiApiOptions,
} from './vapi-api.ts'

export type VapiSyncStateName = 'off' | 'syncing' | 'synced' | 'error'

/** The sync as `GET /api/calendar/status` shows it. */
export interface VapiSyncState {
  state: VapiSyncStateName
  error: string | null
  synced_at: string | null
}

export interface VapiSyncOptions {
  apiRoot: string
  /** The private API key (config, else the secret store's `vapi.api_key`); null = sync off. */
  apiKey: () => Promise<string | null>
  assistantId: () => string | null
  /** The webhook secret Vapi must send as `X-Vapi-Secret`, if one is set. */
  secret: () => string | null
  meetingTypes: () => readonly MeetingType[]
  log?: Logger
  clock?: () => number
  timeoutMs?: number
  /** First delay before retrying a sync that failed for a transient reason (doubles, ≤ 10 min). */
  retryMs?: number
  /** Client overrides (tests: fewer retries, shorter delays). */
  api?: Partial<Pick<VapiApiOptions, 'retries' | 'retryDelayMs'>>
}

/** Keeps Slotline's tools and the assistant's server URL in Vapi pointing at the public webhook URL. */
export interface VapiSync {
  state(): VapiSyncState
  /** Syncs to `webhookUrl` (the public URL + `/vapi/webhook`); calls are coalesced, latest wins. */
  syncNow(webhookUrl: string): Promise<VapiSyncState>
  /** Syncs again to the last URL (after the key or assistant changed); no-op before the first. */
  resync(): Promise<VapiSyncState>
  /** Cancels any scheduled retry. */
  stop(): void
}

const SECRET_HEADER = 'X-Vapi-Secret'
const MAX_RETRY_MS = 10 * 60_000

/** Creates the Vapi sync. It does nothing until `syncNow` is given a public URL. */
export function createVapiSync(options: VapiSyncOptions): VapiSync {
  const clock = options.clock ?? Date.now
  let current: VapiSyncState = { state: 'off', error: null, synced_at: null }
  let lastUrl: string | null = null
  let pendingUrl: string | null = null
  let running: Promise<void> | null = null
  let retryTimer: NodeJS.Timeout | null = null
  let retryDelay = options.retryMs ?? 30_000
  let stopped = false

  const syncOnce = async (url: string): Promise<void> => {
    const apiKey = await options.apiKey().catch(() => null)
    const assistantId = options.assistantId()
    if (!apiKey || !assistantId) {
      current = { state: 'off', error: null, synced_at: null }
      return
    }
    current = { ...current, state: 'syncing', error: null }
    const api = createVapiApi({ apiRoot: options.apiRoot, apiKey, timeoutMs: options.timeoutMs, ...options.api })
    try {
      await pointAssistantAt(api, assistantId, url, options)
      current = { state: 'synced', error: null, synced_at: new Date(clock()).toISOString() }
      retryDelay = options.retryMs ?? 30_000
      options.log?.info('vapi assistant synced', { assistant_id: assistantId, server_url: url })
    } catch (error) {
      const message = describe(error, assistantId)
      current = { state: 'error', error: message, synced_at: current.synced_at }
      options.log?.warn('vapi sync failed', { error: message })
      if (error instanceof VapiApiError && error.transient) scheduleRetry()
    }
  }

  const scheduleRetry = (): void => {
    if (stopped || retryTimer) return
    retryTimer = setTimeout(() => {
      retryTimer = null
      if (lastUrl) void sync.syncNow(lastUrl)
    }, retryDelay)
    retryTimer.unref()
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS)
  }

  const drain = async (): Promise<void> => {
    while (pendingUrl !== null) {
      const url = pendingUrl
      pendingUrl = null
      await syncOnce(url)
    }
    running = null
  }

  const sync: VapiSync = {
    state: () => ({ ...current }),
    async syncNow(webhookUrl) {
      lastUrl = webhookUrl
      pendingUrl = webhookUrl
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      running ??= drain()
      await running
      return sync.state()
    },
    resync: () => (lastUrl ? sync.syncNow(lastUrl) : Promise.resolve(sync.state())),
    stop() {
      stopped = true
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
    },
  }
  return sync
}

/**
 * One sync: upsert each Slotline tool (matched by function name, preferring tools the assistant
 * already uses), then PATCH the assistant with its whole model (toolIds added) and whole server
 * (url and secret header set), since Vapi replaces nested objects on PATCH.
 */
async function pointAssistantAt(api: VapiApi, assistantId: string, url: string, options: VapiSyncOptions): Promise<void> {
  const assistant = await api.getAssistant(assistantId).catch((error: unknown) => {
    if (error instanceof VapiApiError && error.status === 404) {
      throw new VapiApiError(`Vapi has no assistant with id ${assistantId}; check the assistant id.`, 404, false)
    }
    throw error
  })
  if (assistant.latestVersion) {
    options.log?.warn('the Vapi assistant uses versioning: publish its draft in the Vapi dashboard for the new server URL to reach live calls')
  }
  if (!assistant.model) throw new VapiApiError('The Vapi assistant has no model yet; choose one in the Vapi dashboard first.', null, false)
  const secret = options.secret()
  const existing = (await api.listTools()).filter((tool) => tool.type === 'function')
  const inUse = new Set(assistant.model.toolIds ?? [])
  const toolIds: string[] = []
  for (const definition of toolDefinitions({ serverUrl: url, secret, meetingTypes: options.meetingTypes() })) {
    const body = asFunctionTool(definition)
    const match = findTool(existing, body.function?.name ?? '', inUse)
    const saved = match ? await api.updateTool(match.id, body) : await api.createTool(body)
    toolIds.push(saved.id)
  }
  await api.updateAssistant(assistantId, {
    model: { ...assistant.model, toolIds: [...new Set([...(assistant.model.toolIds ?? []), ...toolIds])] },
    server: { ...assistant.server, url, headers: withSecret(assistant.server?.headers, secret) },
  })
}

/** Slotline's tool definition as the SDK's create/update body (`type: "function"`). */
function asFunctionTool(definition: object): CreateFunctionTool {
  const tool = definition as CreateFunctionTool
  return { type: 'function', async: tool.async, function: tool.function, server: tool.server, messages: tool.messages }
}

function findTool(tools: readonly ToolRecord[], name: string, inUse: ReadonlySet<string>): ToolRecord | undefined {
  const named = tools.filter((tool) => tool.function?.name === name)
  return named.find((tool) => inUse.has(tool.id)) ?? named.find((tool) => tool.server?.url?.endsWith('/vapi/webhook'))
}

function withSecret(headers: Record<string, unknown> | undefined, secret: string | null): Record<string, unknown> | undefined {
  if (!secret) return headers
  const others = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== SECRET_HEADER.toLowerCase())
  return { ...Object.fromEntries(others), [SECRET_HEADER]: secret }
}

function describe(error: unknown, assistantId: string): string {
  if (error instanceof VapiApiError) return error.message
  return `Vapi sync failed for assistant ${assistantId}: ${(error as Error).message}`
}
