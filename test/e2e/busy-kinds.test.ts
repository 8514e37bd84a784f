import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { decodeResults, toolCallsMessage } from '../helpers/vapi-messages.ts'

const NOW = Date.parse('2030-03-04T14:00:00Z')
let seq = 0

async function slotsOn(t: TestApp, date: string): Promise<{ start: string }[] | undefined> {
  const [entry] = decodeResults(await (await t.webhook(toolCallsMessage('call-kinds', [{ id: `tc-k-${++seq}`, name: 'find_available_times', args: { start_date: date, duration: 30, max_results: 20 } }]))).json())
  expect(entry!.result).toMatchObject({ ok: true })
  const slots = entry!.result!.slots as { start: string }[]
  return slots.filter((slot) => slot.start.startsWith(date))
}

describe('which events block: all-day (optional), transparent and declined never', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ start: { clock: () => NOW } })
    await t.connect()
    const calendar = t.google.accountEmail
    t.google.addEvent(calendar, { start: '2030-03-05', end: '2030-03-06', allDay: true, summary: 'Conference (all day)' })
    t.google.addEvent(calendar, { start: '2030-03-05T13:00:00-05:00', end: '2030-03-05T14:00:00-05:00', summary: 'Lunch with Kim' })
    t.google.addEvent(calendar, { start: '2030-03-05T09:00:00-05:00', end: '2030-03-05T10:00:00-05:00', summary: 'Maybe', transparency: 'transparent' })
    t.google.addEvent(calendar, {
      start: '2030-03-05T15:00:00-05:00',
      end: '2030-03-05T16:00:00-05:00',
      summary: 'Declined invite',
      attendees: [{ email: calendar, self: true, responseStatus: 'declined' }],
    })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('counts an all-day event as busy by default', async () => {
    expect(await slotsOn(t, '2030-03-05')).toEqual([])
  })

  it('with ignore_all_day, offers the day around its timed events, never blocked by free or declined ones', async () => {
    expect((await t.api('/api/settings', { method: 'PUT', body: { ignore_all_day: true } })).status).toBe(200)
    const starts = (await slotsOn(t, '2030-03-05'))!.map((slot) => Date.parse(slot.start))
    expect(starts.length).toBeGreaterThan(0)
    const at = (time: string) => Date.parse(`2030-03-05T${time}:00-05:00`)
    expect(starts.some((start) => start >= at('13:00') && start < at('14:00'))).toBe(false)
    expect(starts).toContain(at('09:00'))
    expect(starts).toContain(at('15:00'))
  })
})
