// Regenerates docs/screenshots/*.png (the README's pictures) from the real server, a fake Google
// and the built window, the same way test/e2e/ui.test.ts drives it.
//   node --experimental-strip-types scripts/screenshots.ts
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startRadicale } from '../test/helpers/radicale.ts'
import { startTestApp } from '../test/helpers/test-app.ts'
import { endOfCallReport, toolCallsMessage } from '../test/helpers/vapi-messages.ts'

const root = new URL('..', import.meta.url).pathname
const uiDir = join(root, 'out/renderer')
const outDir = join(root, 'docs/screenshots')
const NOW = Date.parse('2030-03-04T14:00:00Z') // Monday 9:00 in New York

const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'renderer/vite.config.ts')], { cwd: root, stdio: 'inherit' })
if (build.status !== 0 || !existsSync(join(uiDir, 'index.html'))) throw new Error('renderer build failed')
mkdirSync(outDir, { recursive: true })

const t = await startTestApp({ start: { uiDir, clock: () => NOW } })
const radicale = await startRadicale()
const browser = await chromium.launch({
  executablePath: process.env.SLOTLINE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
})
try {
  await t.connect()
  await t.api('/api/settings', { method: 'PUT', body: { consultant_name: 'Dana Reyes', meeting_types: [{ id: 'intro', name: 'Intro call', duration: 30 }, { id: 'workshop', name: 'Workshop', duration: 90 }], default_meeting_type: 'intro' } })
  t.google.addEvent(t.google.accountEmail, { start: '2030-03-05T10:00:00-05:00', end: '2030-03-05T11:00:00-05:00', summary: 'Dentist' })
  t.google.addEvent(t.google.accountEmail, { start: '2030-03-07T13:00:00-05:00', end: '2030-03-07T15:00:00-05:00', summary: 'Client workshop' })
  // A CalDAV calendar beside Google (Debian's Radicale), with its own busy block.
  const personal = await radicale.makeCalendar('personal', 'Personal')
  await radicale.putEvent(personal, 'gym', ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Screenshots//EN', 'BEGIN:VEVENT', 'UID:gym', 'DTSTAMP:20300101T000000Z', 'DTSTART;TZID=America/New_York:20300306T080000', 'DTEND;TZID=America/New_York:20300306T100000', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Gym', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'))
  await t.api('/api/caldav/accounts', { body: { server_url: radicale.url, username: radicale.username, password: radicale.password, label: 'Personal (CalDAV)' } })
  const call = 'c0ffee00-0000-4000-8000-000000000001'
  await t.webhook(toolCallsMessage(call, [{ id: 'shot_find', name: 'find_available_times', args: { start_date: '2030-03-05', duration: 30 } }]))
  await t.webhook(toolCallsMessage(call, [{ id: 'shot_book', name: 'schedule_meeting', args: { title: 'Intro call with Sam Ortiz', start_time: '2030-03-05T14:00:00-05:00', duration: 30, attendee_email: 'sam@example.com', attendee_name: 'Sam Ortiz', description: 'New project' } }]))
  await t.webhook(endOfCallReport(call))
  await t.webhook(toolCallsMessage('c0ffee00-0000-4000-8000-000000000002', [{ id: 'shot_next', name: 'get_next_available', args: { duration: 30 } }]))

  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: scheme })
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    const suffix = scheme === 'dark' ? '-dark' : ''
    const shot = (name: string) => page.screenshot({ path: join(outDir, `${name}${suffix}.png`) })
    await page.goto(`${t.app.controlUrl}#token=${t.app.controlToken}`)
    await page.getByText('Connected', { exact: true }).first().waitFor()
    await shot('status')
    await open(page, 'Availability tester')
    await page.getByLabel('Week starting').fill('2030-03-05')
    await page.getByRole('button', { name: 'Show the week' }).click()
    await page.getByTestId('busy-block').first().waitFor()
    await shot('tester')
    if (scheme === 'dark') continue
    await open(page, 'Calendar')
    await page.getByLabel('Book new meetings on').waitFor()
    await shot('calendar')
    await open(page, 'Availability rules')
    await shot('rules')
    await open(page, 'Meetings')
    await page.getByTestId('meeting-row').first().waitFor()
    await shot('meetings')
    await open(page, 'Vapi setup')
    await page.getByText('schedule_meeting', { exact: true }).first().waitFor()
    await shot('vapi')
    await open(page, 'Call log')
    await page.getByTestId('call-row').first().waitFor()
    await shot('calls')
    await page.locator(`[data-call-id="${call}"] a`).click()
    await page.getByTestId('tool-call').first().waitFor()
    await shot('call')
    await open(page, 'Insights')
    await page.getByRole('heading', { name: 'Calls per day' }).waitFor()
    await page.waitForTimeout(300) // let the charts measure their container
    await shot('insights')
    await context.close()
  }
  process.stdout.write(`screenshots written to ${outDir}\n`)
} finally {
  await browser.close()
  await t.close()
  await radicale.close()
}

async function open(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
  await page.locator('main h1', { hasText: label }).waitFor()
}
