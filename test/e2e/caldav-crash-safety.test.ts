// The real `serve` process booking on Radicale is killed (SIGKILL) while its PUT is in flight, then
// restarted and retried by Vapi: exactly one event on the server, and a journal that agrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGoogle } from '../fakes/google/index.ts'
import { startDavProxy, type DavProxy } from '../helpers/dav-proxy.ts'
import { startRadicale, type Radicale } from '../helpers/radicale.ts'
import { startServeProcess as serve, stopServeProcess as kill, type ServeProcess } from '../helpers/serve-process.ts'
import type { FakeGoogle } from '../helpers/test-app.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { until, upcomingSlot } from '../helpers/wait-until.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

describe('crash safety on CalDAV: SIGKILL while the event is being written, then restart', () => {
  let google: FakeGoogle
  let radicale: Radicale
  let proxy: DavProxy
  let work: string
  const dir = tempDir()
  const env = { SLOTLINE_TOOL_BUDGET_MS: '60000' }

  beforeAll(async () => {
    google = await startFakeGoogle()
    radicale = await startRadicale()
    work = await radicale.makeCalendar('work', 'Work')
    proxy = await startDavProxy(radicale.url)
    const first = await serve(google, dir.path, env)
    expect((await first.api('/api/settings', { method: 'PUT', body: JSON.stringify({ time_zone: 'America/New_York' }) })).status).toBe(200)
    const added = await first.api('/api/caldav/accounts', { method: 'POST', body: JSON.stringify({ server_url: proxy.url, username: radicale.username, password: radicale.password }) })
    expect(added.status).toBe(201)
    await kill(first)
  })
  afterAll(async () => {
    await proxy?.close()
    await radicale?.close()
    await google?.close()
    dir.remove()
  })

  const steps = [
    { name: 'before the PUT reached the server', fault: 'hang' as const, expectObject: false, expectBooking: 'failed' },
    { name: 'after the server stored the event, before the answer came back', fault: 'apply-then-hang' as const, expectObject: true, expectBooking: 'confirmed' },
  ]

  steps.forEach((step, index) => {
    it(`leaves exactly one event and a log that agrees: killed ${step.name}`, async () => {
      const title = `Crash ${index}`
      const running: ServeProcess = await serve(google, dir.path, env)
      proxy.intercept.current = (request) => (request.method === 'PUT' ? step.fault : null)
      const start = upcomingSlot(index)
      const message = toolCallsMessage(`call-dav-crash-${index}`, [{ id: `tc-dav-crash-${index}`, name: 'schedule_meeting', args: { title, start_time: start, duration: 30, attendee_email: 'sam@example.com', description: 'x' } }])
      const seen = proxy.seen.length
      void running.post(message).catch(() => undefined)
      await until(() => (proxy.seen.slice(seen).some((request) => request.method === 'PUT') ? true : undefined), 'the PUT')
      if (step.fault === 'apply-then-hang') await until(async () => ((await radicale.objects(work)).some((o) => o.ics.includes(`SUMMARY:${title}`)) ? true : undefined), 'the event to be stored')
      await kill(running)
      proxy.intercept.current = null

      const restarted = await serve(google, dir.path, env)
      try {
        const bookings = await until(async () => {
          const { bookings: rows } = (await (await restarted.api('/api/bookings')).json()) as { bookings: { title: string; status: string }[] }
          const mine = rows.filter((row) => row.title === title)
          return mine.some((row) => row.status === 'pending') ? undefined : mine
        }, 'the journal to be reconciled')
        expect(bookings.map((row) => row.status)).toEqual([step.expectBooking])
        expect((await radicale.objects(work)).filter((o) => o.ics.includes(`SUMMARY:${title}`))).toHaveLength(step.expectObject ? 1 : 0)

        // Vapi retries the same tool call: booked exactly once.
        const [entry] = decodeResults(await (await restarted.post(message)).json())
        expect(entry!.result).toMatchObject({ ok: true, booking: { start } })
        expect((await radicale.objects(work)).filter((o) => o.ics.includes(`SUMMARY:${title}`))).toHaveLength(1)
      } finally {
        await kill(restarted)
      }
    }, 120_000)
  })
})
