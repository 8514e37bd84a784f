import getRawBody from 'raw-body'
import type { Context } from 'koa'
import { RequestError } from '../errors.ts'

/** Reads the request body as bytes, refusing more than `limit` bytes with 413. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  try {
    return await getRawBody(ctx.req, { limit, length: ctx.request.length ?? null })
  } catch (error) {
    const type = (error as { type?: string }).type
    if (type === 'entity.too.large') throw new RequestError(413, `The body is larger than ${limit} bytes.`)
    throw new RequestError(400, 'The request body could not be read.')
  }
}

/** Deeper JSON than any Vapi message has (~10 levels) is refused before anything walks it. */
export const MAX_JSON_DEPTH = 64

/** Parses JSON bytes, answering 400 for anything that is not JSON or is nested too deeply. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new RequestError(400, 'The body is empty; expected JSON.')
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new RequestError(400, 'The body is not valid JSON.')
  }
  if (depthOf(value) > MAX_JSON_DEPTH) throw new RequestError(400, `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`)
  return value
}

/** Nesting depth of a parsed JSON value, walked without recursion (stops counting past the limit). */
export function depthOf(value: unknown): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_JSON_DEPTH) return deepest
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return deepest
}

/** Reads and parses a JSON body. */
export async function readJson(ctx: Context, limit = 1_000_000): Promise<unknown> {
  return parseJson(await readRawBody(ctx, limit))
}
