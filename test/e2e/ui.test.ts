// The window in a real browser against the real server and a fake Google: connect, edit a rule,
// test availability around a busy block, book, and watch a webhook call arrive live.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startRadicale, type Radicale } from '../helpers/radicale.ts'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { toolCallsMessage } from '../helpers/vapi-messages.ts'

const root = new URL('../..', import.meta.url).pathname
const uiDir = join(root, 'out/renderer')
const artifacts = join(root, 'test/artifacts')
// Monday 2030-03-04, 9:00 in New York: a fixed "now" for the engine.
const NOW = Date.parse('2030-03-04T14:00:00Z')
const CALL_ID = 'ui-e2e-call-0001'
const WAIT = { timeout: 20_000 }

/** Newest modification time under a directory. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name)
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }, 0)
}

/** Builds the renderer alone when the build is missing or older than its sources (no Electron entry points needed). */
export function ensureRendererBuilt(): void {
  const index = join(uiDir, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(root, 'renderer'))) return
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'renderer/vite.config.ts')], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`renderer build failed:\n${build.stdout}\n${build.stderr}`)
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SLOTLINE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

describe('the window, in a browser', () => {
  let t: TestApp
  let radicale: Radicale
  let browser: Browser
  let page: Page
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `ui-${name}.png`), fullPage: true })
  const go = async (label: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe(heading)
  }

  beforeAll(async () => {
    ensureRendererBuilt()
    mkdirSync(artifacts, { recursive: true })
    t = await startTestApp({ start: { uiDir, clock: () => NOW } })
    radicale = await startRadicale()
    await radicale.makeCalendar('work', 'Work on Radicale')
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
    page = await context.newPage()
    page.setDefaultTimeout(20_000)
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await radicale?.close()
  })

  it('opens with the token from the fragment and removes it from the address bar', async () => {
    await page.goto(`${t.app.controlUrl}#token=${t.app.controlToken}`)
    await page.getByRole('heading', { name: 'Calendar', exact: true }).waitFor()
    expect(page.url()).not.toContain(t.app.controlToken)
    await page.getByText('Not connected').first().waitFor()
    await expect.poll(() => page.getByTestId('webhook-url').textContent(), WAIT).toBe(t.app.webhookUrl)
    await shot('status')
  })

  it('connects Google through the popup and lists the calendars', async () => {
    await go('Calendar', 'Calendar')
    const popupOpened = page.context().waitForEvent('page')
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click()
    const popup = await popupOpened
    await popup.waitForLoadState('load')
    await page.getByTestId('account').filter({ hasText: t.google.accountEmail }).waitFor()
    await popup.close()
    await page.getByRole('checkbox', { name: /primary/ }).waitFor()
    await page.getByLabel('Book new meetings on').waitFor()
    await shot('calendar')
  })

  it('adds a CalDAV account beside Google: a refused password is shown at the field, then its calendars join the list', async () => {
    await page.getByRole('button', { name: 'Add CalDAV account' }).click()
    await page.getByLabel('Provider').selectOption('other')
    await page.getByLabel('Server address').fill(radicale.url)
    await page.getByLabel('Username').fill(radicale.username)
    await page.getByLabel('App password').fill('wrong-password')
    await page.getByRole('button', { name: 'Connect account' }).click()
    await page.locator('#caldav-password-error').filter({ hasText: 'refused the username or app password' }).waitFor()
    await page.getByLabel('App password').fill(radicale.password)
    await page.getByRole('button', { name: 'Connect account' }).click()
    await page.getByTestId('caldav-account').filter({ hasText: radicale.username }).waitFor()
    const work = page.getByRole('checkbox', { name: /Work on Radicale/ })
    await work.waitFor()
    expect(await work.isChecked()).toBe(true)
    expect(await page.getByRole('checkbox', { name: /primary/ }).isChecked()).toBe(true)
    const settings = (await (await t.api('/api/settings')).json()) as { calendar_ids: string[]; booking_calendar_id: string }
    expect(settings.calendar_ids).toEqual(expect.arrayContaining([expect.stringMatching(/^caldav:/)]))
    expect(settings.booking_calendar_id).not.toMatch(/^caldav:/)
    await shot('calendar-caldav')
  })

  it('checks a rule as you type and saves it', async () => {
    await go('Availability rules', 'Availability rules')
    const step = page.getByLabel('Slot step (minutes)')
    await step.fill('3')
    await page.getByText('Must be between 5 and 240.').waitFor()
    expect(await page.getByRole('button', { name: 'Save rules' }).isDisabled()).toBe(true)
    await step.fill('30')
    await page.getByLabel('Minimum notice (minutes)').fill('90')
    await page.getByRole('button', { name: 'Save rules' }).click()
    await page.getByTestId('rules-save-state').filter({ hasText: 'Saved.' }).waitFor()
    const saved = (await (await t.api('/api/settings')).json()) as { min_notice: number; slot_step: number }
    expect(saved).toMatchObject({ min_notice: 90, slot_step: 30 })
    await shot('rules')
  })

  it('draws a busy block in the tester and offers nothing that overlaps it', async () => {
    t.google.addEvent(t.google.accountEmail, { start: '2030-03-05T10:00:00-05:00', end: '2030-03-05T11:00:00-05:00', summary: 'Dentist' })
    await go('Availability tester', 'Availability tester')
    await page.getByLabel('Week starting').fill('2030-03-05')
    await page.getByLabel('Length (minutes)').fill('30')
    await page.getByRole('button', { name: 'Show the week' }).click()
    const busy = page.locator('[data-testid="busy-block"][data-start="2030-03-05T10:00:00-05:00"]')
    await busy.waitFor()
    expect(await busy.getAttribute('data-end')).toBe('2030-03-05T11:00:00-05:00')
    const slots = await page.getByTestId('offered-slot').evaluateAll((nodes) => nodes.map((node) => ({ start: node.getAttribute('data-start')!, end: node.getAttribute('data-end')! })))
    expect(slots.length).toBeGreaterThan(0)
    const [busyStart, busyEnd] = [Date.parse('2030-03-05T10:00:00-05:00'), Date.parse('2030-03-05T11:00:00-05:00')]
    for (const slot of slots) expect(Date.parse(slot.start) >= busyEnd || Date.parse(slot.end) <= busyStart).toBe(true)
    expect(await page.locator('[data-reason="busy"]').count()).toBeGreaterThan(0)
    await shot('tester')
  })

  it('books a test meeting on an offered slot', async () => {
    await page.locator('[data-testid="offered-slot"][data-start="2030-03-05T14:00:00-05:00"]').click()
    await expect.poll(() => page.getByLabel('Attendee email').inputValue(), WAIT).toBe(t.google.accountEmail)
    await page.getByRole('button', { name: 'Book a test meeting' }).click()
    await page.getByTestId('booking-result').filter({ hasText: 'Booked.' }).waitFor()
    expect(t.google.events(t.google.accountEmail).filter((event) => event.summary === 'Slotline test meeting')).toHaveLength(1)
    await page.locator('[data-testid="busy-block"][data-start="2030-03-05T14:00:00-05:00"]').waitFor()
    await shot('tester-booked')
  })

  it('lists the meeting and cancels it from the window: the event is deleted, the row says so', async () => {
    await go('Meetings', 'Meetings')
    const row = page.getByTestId('meeting-row').filter({ hasText: 'Slotline test meeting' })
    await row.waitFor()
    await shot('meetings')
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: /^Cancel Slotline test meeting/ }).click()
    await row.getByText('cancelled', { exact: true }).waitFor()
    expect(t.google.events(t.google.accountEmail).filter((event) => event.summary === 'Slotline test meeting' && event.status !== 'cancelled')).toHaveLength(0)
    const { bookings } = (await (await t.api('/api/bookings')).json()) as { bookings: { title: string; status: string }[] }
    expect(bookings.find((booking) => booking.title === 'Slotline test meeting')?.status).toBe('cancelled')
  })

  it('shows a webhook call in the call log without a reload', async () => {
    await go('Call log', 'Call log')
    await page.getByText('No calls yet.', { exact: false }).waitFor()
    const response = await t.webhook(toolCallsMessage(CALL_ID, [{ id: 'ui_find_1', name: 'find_available_times', args: { start_date: '2030-03-06', duration: 30 } }]))
    expect(response.status).toBe(200)
    const row = page.locator(`[data-testid="call-row"][data-call-id="${CALL_ID}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain('+14155550123')
    await shot('calls')
    await row.getByRole('link').click()
    await page.getByTestId('tool-call').filter({ hasText: 'find_available_times' }).waitFor()
    await page.getByText('I have', { exact: false }).first().waitFor()
    await shot('call')
  })

  it('shows the Vapi tools and the insights', async () => {
    await go('Vapi setup', 'Vapi setup')
    await page.getByText('schedule_meeting', { exact: true }).first().waitFor()
    // This server's secret comes from SLOTLINE_VAPI_SECRET, so the window explains why it cannot replace it.
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Generate a new secret' }).click()
    await page.getByRole('alert').filter({ hasText: 'set by SLOTLINE_VAPI_SECRET' }).waitFor()
    // Connect the assistant from the window: the key goes to the secret store, never back to the page.
    await page.getByLabel('Vapi private API key').fill('vapi-private-key-from-the-window')
    await page.getByLabel('Assistant id').fill('asst-window-0001')
    await page.getByRole('button', { name: 'Save and sync' }).click()
    await page.getByTestId('vapi-assistant').filter({ hasText: 'asst-window-0001' }).waitFor()
    await page.getByTestId('vapi-sync-note').filter({ hasText: 'as soon as the tunnel has a public address' }).waitFor()
    expect(await page.content()).not.toContain('vapi-private-key-from-the-window')
    await shot('vapi')
    await go('Insights', 'Insights')
    await page.getByRole('heading', { name: 'Calls per day' }).waitFor()
    await page.getByRole('cell', { name: 'find_available_times' }).waitFor()
    await shot('insights')
  })

  it('stops listening to the live bus when the page goes away', async () => {
    expect(t.app.bus.listenerCount('call')).toBeGreaterThan(0)
    await page.close()
    await vi.waitFor(() => expect(t.app.bus.listenerCount('call')).toBe(0), { timeout: 20_000, interval: 100 })
  })
})
