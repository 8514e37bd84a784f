import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ProxiedRequest {
  method: string
  url: string
  body: string
}

/**
 * What to do with a request: answer it here, hang before it reaches the server, let it reach the
 * server and then hang (the write happened, the answer is lost), or null to pass it through.
 */
export type Intercept = (request: ProxiedRequest) => { status: number; type: string; body: string } | 'hang' | 'apply-then-hang' | null

export interface DavProxy {
  url: string
  intercept: { current: Intercept | null }
  /** Every request that reached the proxy. */
  seen: ProxiedRequest[]
  close: () => Promise<void>
}

/** A pass-through HTTP proxy in front of a CalDAV server, to add what it lacks or break it on purpose. */
export async function startDavProxy(target: string): Promise<DavProxy> {
  const intercept: { current: Intercept | null } = { current: null }
  const seen: ProxiedRequest[] = []
  const hanging = new Set<ServerResponse>()
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const request = { method: req.method ?? '', url: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') }
    seen.push(request)
    const own = intercept.current?.(request) ?? null
    if (own === 'hang') return void hanging.add(res)
    if (own && typeof own === 'object') {
      res.writeHead(own.status, { 'content-type': own.type })
      return void res.end(own.body)
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>
    const answer = await fetch(new URL(request.url, target), { method: request.method, headers, body: request.body.length > 0 ? request.body : undefined, redirect: 'manual' })
    const body = Buffer.from(await answer.arrayBuffer())
    if (own === 'apply-then-hang') return void hanging.add(res)
    const out: Record<string, string> = {}
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'content-encoding') out[name] = name === 'location' ? value.replace(target.replace(/\/$/, ''), '') : value
    })
    res.writeHead(answer.status, out)
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    intercept,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
