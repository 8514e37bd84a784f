import { apiBase } from './token.ts'
import { authHeaders } from './client.ts'
import { parseEventBlock } from './sse-parse.ts'

export type LiveEventName = 'call' | 'tool-call' | 'booking'
export type LiveListener = (name: LiveEventName, data: { callId?: string | null }) => void

const listeners = new Set<LiveListener>()
let stop: (() => void) | null = null

/**
 * Subscribes to the server's live events (`GET /api/events`). One shared stream, opened for the
 * first listener and closed after the last; it reconnects after a drop. fetch, not EventSource,
 * because the stream needs the Authorization header.
 */
export function subscribeLive(listener: LiveListener): () => void {
  listeners.add(listener)
  if (!stop) stop = openStream()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && stop) {
      stop()
      stop = null
    }
  }
}

function openStream(): () => void {
  const controller = new AbortController()
  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        await readStream(controller.signal)
      } catch {
        // dropped or refused: retry below
      }
      if (controller.signal.aborted) return
      await new Promise((resolve) => setTimeout(resolve, 3000))
    }
  }
  void loop()
  return () => controller.abort()
}

async function readStream(signal: AbortSignal): Promise<void> {
  const response = await fetch(apiBase() + '/api/events', { headers: { ...authHeaders(), Accept: 'text/event-stream' }, signal })
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    let cut: number
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, cut))
      buffer = buffer.slice(cut + 2)
    }
  }
}

function dispatch(block: string): void {
  const event = parseEventBlock(block)
  if (!event || !['call', 'tool-call', 'booking'].includes(event.name)) return
  for (const listener of listeners) listener(event.name as LiveEventName, (event.data ?? {}) as { callId?: string | null })
}
