// Server-sent events wire format, read by hand because the stream comes from fetch (EventSource
// cannot send the Authorization header). Pure: unit-tested in test/renderer/.

/** Parses one server-sent event block into its event name and JSON data (null for comments or bad data). */
export function parseEventBlock(block: string): { name: string; data: unknown } | null {
  let name = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue
    if (line.startsWith('event:')) name = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
  }
  if (data.length === 0) return null
  try {
    return { name, data: JSON.parse(data.join('\n')) as unknown }
  } catch {
    return null
  }
}

