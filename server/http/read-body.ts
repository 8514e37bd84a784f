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

/** Parses JSON bytes, answering 400 for anything that is not JSON. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new RequestError(400, 'The body is empty; expected JSON.')
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new RequestError(400, 'The body is not valid JSON.')
  }
}

/** Reads and parses a JSON body. */
export async function readJson(ctx: Context, limit = 1_000_000): Promise<unknown> {
  return parseJson(await readRawBody(ctx, limit))
}
