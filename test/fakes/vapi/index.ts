// A fake of Vapi's REST API (the paths Slotline's sync uses): bearer auth, strict bodies, in-memory
// tools and assistants, PATCH replacing whole top-level fields, and a request log.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { z } from 'zod'
import { createFunctionTool, updateAssistant, updateFunctionTool, validationMessages } from './schemas.ts'

type Json = Record<string, unknown>

export interface LoggedRequest {
  method: string
  path: string
  authorization: string | null
  body: unknown
}

export interface FakeVapi {
  url: string
  apiKey: string
  tools: Map<string, Json>
  assistants: Map<string, Json>
  requests: LoggedRequest[]
  /** Adds an assistant as the dashboard would create it; returns its id. */
  addAssistant(fields?: Json): string
  /** Answers the next `count` requests with `status` (e.g. 500 to test retries). */
  failNext(status: number, count?: number): void
  close(): Promise<void>
}

const ORG = 'org-fake-0001'

/** Starts the fake on 127.0.0.1 (port 0). */
export async function startFakeVapi(options: { apiKey?: string } = {}): Promise<FakeVapi> {
  const apiKey = options.apiKey ?? `vapi-private-${randomUUID()}`
  const tools = new Map<string, Json>()
  const assistants = new Map<string, Json>()
  const requests: LoggedRequest[] = []
  let failures: { status: number; count: number } | null = null

  const handle = (method: string, path: string, body: unknown): [number, unknown] => {
    const now = new Date().toISOString()
    const [route, id] = matchPath(path)
    if (route === 'tool' && method === 'GET' && !id) return [200, [...tools.values()]]
    if (route === 'tool' && method === 'POST' && !id) {
      const dto = parse(createFunctionTool, body)
      if ('error' in dto) return dto.error
      const tool = { ...dto.value, id: randomUUID(), orgId: ORG, createdAt: now, updatedAt: now }
      tools.set(tool.id, tool)
      return [201, tool]
    }
    if (route === 'tool' && id) {
      const tool = tools.get(id)
      if (!tool) return notFound()
      if (method === 'GET') return [200, tool]
      if (method !== 'PATCH') return notFound()
      const dto = parse(updateFunctionTool, body)
      if ('error' in dto) return dto.error
      if (dto.value.type !== tool.type) return badRequest([`type must match the existing tool's type (${String(tool.type)})`])
      const updated = { ...tool, ...dto.value, updatedAt: now }
      tools.set(id, updated)
      return [200, updated]
    }
    if (route === 'assistant' && id) {
      const assistant = assistants.get(id)
      if (!assistant) return notFound()
      if (method === 'GET') return [200, assistant]
      if (method !== 'PATCH') return notFound()
      const dto = parse(updateAssistant, body)
      if ('error' in dto) return dto.error
      const unknownTools = (dto.value.model?.toolIds ?? []).filter((toolId) => !tools.has(toolId))
      if (unknownTools.length) return badRequest([`model.toolIds contains tools that do not exist: ${unknownTools.join(', ')}`])
      const updated = { ...assistant, ...dto.value, updatedAt: now }
      assistants.set(id, updated)
      return [200, updated]
    }
    if (route === 'assistant' && method === 'GET') return [200, [...assistants.values()]]
    return [404, { message: `Cannot ${method} ${path}`, error: 'Not Found', statusCode: 404 }]
  }

  const server = createServer(async (req, res) => {
    const raw = await readBody(req)
    const path = req.url ?? '/'
    const authorization = req.headers.authorization ?? null
    let body: unknown = undefined
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = raw
    }
    requests.push({ method: req.method ?? 'GET', path, authorization, body })
    if (failures && failures.count > 0) {
      failures.count--
      return send(res, failures.status, { message: 'Internal server error', statusCode: failures.status })
    }
    if (authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, { message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.', error: 'Unauthorized', statusCode: 401 })
    }
    if (typeof body === 'string') return send(res, 400, { message: ['body must be JSON'], error: 'Bad Request', statusCode: 400 })
    const [status, reply] = handle(req.method ?? 'GET', path, body)
    send(res, status, reply)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    tools,
    assistants,
    requests,
    addAssistant(fields = {}) {
      const now = new Date().toISOString()
      const id = randomUUID()
      assistants.set(id, { id, orgId: ORG, createdAt: now, updatedAt: now, name: 'Front desk', model: { provider: 'openai', model: 'gpt-4o', temperature: 0.3, messages: [{ role: 'system', content: 'You book meetings.' }] }, ...fields })
      return id
    },
    failNext(status, count = 1) {
      failures = { status, count }
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

function matchPath(path: string): [string, string | undefined] {
  const [pathname] = path.split('?')
  const [, route = '', id] = (pathname ?? '').split('/')
  return [route, id ? decodeURIComponent(id) : undefined]
}

function parse<T extends z.ZodType>(schema: T, body: unknown): { value: z.output<T> } | { error: [number, unknown] } {
  const result = schema.safeParse(body ?? {})
  return result.success ? { value: result.data } : { error: badRequest(validationMessages(result.error)) }
}

function badRequest(message: string[]): [number, unknown] {
  return [400, { message, error: 'Bad Request', statusCode: 400 }]
}

function notFound(): [number, unknown] {
  return [404, { message: 'Not Found', error: 'Not Found', statusCode: 404 }]
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
