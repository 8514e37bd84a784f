import type { Vapi } from '@vapi-ai/server-sdk'

/** The request bodies Slotline sends, exactly as the Vapi SDK types them. */
export type CreateFunctionTool = Vapi.CreateToolsRequest.Function
export type UpdateFunctionTool = Vapi.UpdateToolsRequestBody.Function
export type UpdateAssistant = Omit<Vapi.UpdateAssistantDto, 'id'>
export type AssistantRecord = Vapi.Assistant
/** A saved tool as `GET /tool` lists it (Slotline only reads function tools). */
export type ToolRecord = Vapi.FunctionTool & { type: string }

/** A failed Vapi call; `message` is safe to show and never contains the API key. */
export class VapiApiError extends Error {
  readonly status: number | null
  /** Worth retrying later: network trouble, timeouts, 429, 5xx. */
  readonly transient: boolean
  constructor(message: string, status: number | null, transient: boolean) {
    super(message)
    this.name = 'VapiApiError'
    this.status = status
    this.transient = transient
  }
}

export interface VapiApiOptions {
  apiRoot: string
  apiKey: string
  timeoutMs?: number
  /** Extra attempts for transient failures (default 2, like the SDK). */
  retries?: number
  retryDelayMs?: number
}

/** The five Vapi REST calls Slotline needs, with timeouts, retries and error mapping. */
export interface VapiApi {
  listTools(): Promise<ToolRecord[]>
  createTool(body: CreateFunctionTool): Promise<ToolRecord>
  updateTool(id: string, body: UpdateFunctionTool): Promise<ToolRecord>
  getAssistant(id: string): Promise<AssistantRecord>
  updateAssistant(id: string, body: UpdateAssistant): Promise<AssistantRecord>
}

/** A typed client for Vapi's REST API (`Authorization: Bearer <private key>`). */
export function createVapiApi(options: VapiApiOptions): VapiApi {
  const root = options.apiRoot.replace(/\/+$/, '')
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const retries = options.retries ?? 2
    for (let attempt = 0; ; attempt++) {
      try {
        return await once<T>(method, path, body)
      } catch (error) {
        if (!(error instanceof VapiApiError) || !error.transient || attempt >= retries) throw error
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 500) * 2 ** attempt))
      }
    }
  }
  const once = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      })
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError'
      throw new VapiApiError(timedOut ? `Vapi did not answer ${method} ${path} in time` : `Vapi is unreachable (${causeOf(error)})`, null, true)
    }
    const text = await response.text()
    if (!response.ok) throw errorFor(response.status, method, path, text)
    try {
      return JSON.parse(text) as T
    } catch {
      throw new VapiApiError(`Vapi answered ${method} ${path} with something that is not JSON`, response.status, true)
    }
  }
  return {
    listTools: () => call('GET', '/tool?limit=1000'),
    createTool: (body) => call('POST', '/tool', body),
    updateTool: (id, body) => call('PATCH', `/tool/${encodeURIComponent(id)}`, body),
    getAssistant: (id) => call('GET', `/assistant/${encodeURIComponent(id)}`),
    updateAssistant: (id, body) => call('PATCH', `/assistant/${encodeURIComponent(id)}`, body),
  }
}

function errorFor(status: number, method: string, path: string, text: string): VapiApiError {
  const detail = vapiMessage(text)
  if (status === 401 || status === 403) {
    return new VapiApiError(`Vapi rejected the API key (${status}). Use the private API key from the Vapi dashboard (API Keys).`, status, false)
  }
  if (status === 404) return new VapiApiError(`Vapi has no such resource (${method} ${path}: 404)`, status, false)
  if (status === 408 || status === 429 || status >= 500) {
    return new VapiApiError(`Vapi is having trouble (${method} ${path}: ${status}${detail ? `, ${detail}` : ''})`, status, true)
  }
  return new VapiApiError(`Vapi refused ${method} ${path} (${status}${detail ? `: ${detail}` : ''})`, status, false)
}

/** Vapi (NestJS) errors look like `{"message": string | string[], "error": "Bad Request", "statusCode": 400}`. */
function vapiMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown }
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message
    return typeof message === 'string' ? message.slice(0, 300) : ''
  } catch {
    return ''
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}
