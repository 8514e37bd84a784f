// Minimal HTTP plumbing for the fake: the request view handlers see, the reply they return,
// and body/query helpers. Handlers stay free of node:http so they read like a spec.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { apiError } from './errors.ts'

export interface FakeRequest {
  method: string
  /** Decoded path without query. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  rawBody: string
}

/** What a handler answers: JSON, an HTML page, a 302, or an empty body (e.g. 204). */
export interface Reply {
  status: number
  json?: unknown
  html?: string
  location?: string
}

export interface Route {
  method: string
  /** Tested against the raw (still percent-encoded) path; capture groups become params. */
  pattern: RegExp
  /** Calendar API routes need a valid Bearer token; OAuth routes do not. */
  requiresAuth: boolean
  handle(req: FakeRequest, params: string[]): Reply | Promise<Reply>
}

/** Reads the whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Writes a Reply the way Google does (JSON with charset, 204 without body). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (reply.location !== undefined) {
    res.writeHead(reply.status, { location: reply.location, 'content-type': 'text/html; charset=UTF-8' })
    res.end()
  } else if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' })
    res.end(reply.html)
  } else if (reply.json !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' })
    res.end(JSON.stringify(reply.json, null, 2))
  } else {
    res.writeHead(reply.status)
    res.end()
  }
}

/** Query params as a plain record; a repeated key becomes an array. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key)
    out[key] = all.length === 1 ? (all[0] ?? '') : all
  }
  return out
}

/** Parses a JSON body, throwing Google's 400 parseError when it is not JSON. Empty → {}. */
export function jsonBody(req: FakeRequest): Record<string, unknown> {
  if (req.rawBody.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(req.rawBody)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  throw apiError(400, 'parseError')
}

/** Form fields of an OAuth request: urlencoded body (or JSON body), falling back to the query. */
export function formFields(req: FakeRequest): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '')
  const fields = new URLSearchParams(req.query)
  if (type.includes('application/json') && req.rawBody.trim() !== '') {
    try {
      const parsed = JSON.parse(req.rawBody) as Record<string, unknown>
      for (const [k, v] of Object.entries(parsed)) fields.set(k, String(v))
    } catch {
      // treated as an empty form
    }
  } else {
    for (const [k, v] of new URLSearchParams(req.rawBody)) fields.set(k, v)
  }
  return fields
}

/** Best-effort parsed body for the request log. */
export function loggedBody(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody === '') return undefined
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(rawBody))
  }
  try {
    return JSON.parse(rawBody) as unknown
  } catch {
    return rawBody
  }
}

/** Escapes text for the HTML error pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
