import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGoogle } from '../fakes/google/index.ts'
import type { FakeGoogle } from '../helpers/test-app.ts'
import { connectServeProcess, startServeProcess as serve, stopServeProcess as kill, type ServeProcess as Running } from '../helpers/serve-process.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { until, upcomingSlot } from '../helpers/wait-until.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const api = (running: Running, path: string, init: RequestInit = {}) => running.api(path, init)

describe('crash safety: SIGKILL at each step of a booking, then restart', () => {
  let google: FakeGoogle
  const dir = tempDir()

  beforeAll(async () => {
    google = await startFakeGoogle()
    const first = await serve(google, dir.path, { SLOTLINE_TOOL_BUDGET_MS: '60000' })
    await connectServeProcess(first)
    expect((await api(first, '/api/settings', { method: 'PUT', body: JSON.stringify({ time_zone: 'America/New_York' }) })).status).toBe(200)
    await kill(first)
  })
  afterAll(async () => {
    await google?.close()
    dir.remove()
  })

  const steps = [
    { name: 'while reading free/busy', fault: { method: 'POST', path: /\/freeBusy$/, status: 500 as const, hang: true }, waitFor: /\/freeBusy$/, expectEvent: false, expectBooking: null },
    { name: 'while the insert is on its way to Google', fault: { method: 'POST', path: /\/events$/, status: 500 as const, hang: true }, waitFor: /\/events$/, expectEvent: false, expectBooking: 'failed' },
    { name: 'after Google inserted the event, before the answer came back', fault: { method: 'POST', path: /\/events$/, status: 500 as const, hangAfterApplying: true }, waitFor: /\/events$/, expectEvent: true, expectBooking: 'confirmed' },
  ]

  steps.forEach((step, index) => {
    it(`leaves at most one event and a log that agrees: killed ${step.name}`, async () => {
      const running = await serve(google, dir.path, { SLOTLINE_TOOL_BUDGET_MS: '60000' })
      google.clearFaults()
      google.fail(step.fault)
      const start = upcomingSlot(index)
      const toolCallId = `tc-crash-${index}`
      const message = toolCallsMessage(`call-crash-${index}`, [{ id: toolCallId, name: 'schedule_meeting', args: { title: `Crash ${index}`, start_time: start, duration: 30, attendee_email: 'sam@example.com', description: 'x' } }])
      const seen = google.requests.length
      void running.post(message).catch(() => undefined)
      await until(() => (google.requests.slice(seen).some((request) => step.waitFor.test(request.path)) ? true : undefined), step.name)
      await kill(running)
      google.clearFaults()

      const restarted = await serve(google, dir.path, { SLOTLINE_TOOL_BUDGET_MS: '60000' })
      try {
        const bookings = await until(async () => {
          const { bookings: rows } = (await (await api(restarted, '/api/bookings')).json()) as { bookings: { title: string; status: string }[] }
          const mine = rows.filter((row) => row.title === `Crash ${index}`)
          return mine.some((row) => row.status === 'pending') ? undefined : mine
        }, 'the journal to be reconciled')
        const events = google.events(google.accountEmail).filter((event) => event.summary === `Crash ${index}`)
        expect(events).toHaveLength(step.expectEvent ? 1 : 0)
        expect(bookings.map((row) => row.status)).toEqual(step.expectBooking ? [step.expectBooking] : [])

        // Vapi retries the same tool call: it is booked exactly once, and the log agrees.
        const response = await restarted.post(message)
        const [entry] = decodeResults(await response.json())
        expect(entry!.result).toMatchObject({ ok: true, booking: { start } })
        const [event] = google.events(google.accountEmail).filter((e) => e.summary === `Crash ${index}`)
        expect(google.events(google.accountEmail).filter((e) => e.summary === `Crash ${index}`)).toHaveLength(1)
        expect(event!._writes.filter((write) => write.sendUpdates === 'all')).toHaveLength(1) // the invitation went out once
        const { bookings: after } = (await (await api(restarted, '/api/bookings')).json()) as { bookings: { title: string; status: string }[] }
        expect(after.filter((row) => row.title === `Crash ${index}`).map((row) => row.status)).toEqual(['confirmed'])
      } finally {
        await kill(restarted)
      }
    })
  })
})
