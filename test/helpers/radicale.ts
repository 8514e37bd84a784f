import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '../../server/free-port.ts'
import { tempDir } from './temp-dir.ts'

/** The CalDAV user every Radicale test logs in as (an email, as on Fastmail, iCloud or Nextcloud). */
export const CALDAV_USER = 'consultant@example.com'
export const CALDAV_PASSWORD = 'app-specific-password-1'

export interface Radicale {
  /** The server root, e.g. http://127.0.0.1:PORT/ */
  url: string
  username: string
  password: string
  /** The user's calendar home. */
  homeUrl: string
  /** Makes a calendar collection (MKCALENDAR) and answers its URL. */
  makeCalendar(slug: string, displayName: string): Promise<string>
  /** PUTs raw iCalendar text as `<uid>.ics` in the calendar. */
  putEvent(calendarUrl: string, uid: string, ics: string): Promise<void>
  /** Every object in the calendar: href and raw iCalendar text. */
  objects(calendarUrl: string): Promise<{ href: string; ics: string }[]>
  /** Changes the user's password on the server (as when they revoke an app password). */
  setPassword(password: string): void
  /** Stops the server (it can be started again on the same port and storage). */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

/** Starts Debian's Radicale on 127.0.0.1 with a throwaway config, htpasswd and storage. */
export async function startRadicale(): Promise<Radicale> {
  if (spawnSync('radicale', ['--version']).error) throw new Error('radicale is not installed: apt-get install radicale (.ci/run does)')
  const dir = tempDir()
  mkdirSync(join(dir.path, 'collections'))
  writeFileSync(join(dir.path, 'users'), `${CALDAV_USER}:${CALDAV_PASSWORD}\n`)
  const port = await freePort()
  const configPath = join(dir.path, 'config')
  writeFileSync(
    configPath,
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir.path, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0',
      '[storage]',
      `filesystem_folder = ${join(dir.path, 'collections')}`,
      '[web]',
      'type = none',
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  )
  const url = `http://127.0.0.1:${port}/`
  const auth = `Basic ${Buffer.from(`${CALDAV_USER}:${CALDAV_PASSWORD}`).toString('base64')}`
  let child: ChildProcess | null = null
  let output = ''

  const start = async (): Promise<void> => {
    const proc = spawn('radicale', ['--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    for (let attempt = 0; attempt < 200; attempt++) {
      if (proc.exitCode !== null) throw new Error(`radicale exited (${proc.exitCode}): ${output}`)
      const answered = await fetch(url, { method: 'OPTIONS' }).then(() => true, () => false)
      if (answered) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`radicale did not start: ${output}`)
  }
  const stop = async (): Promise<void> => {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGTERM')
    await exited
  }
  const dav = async (target: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<Response> => {
    const response = await fetch(target, { method: init.method, body: init.body, headers: { authorization: auth, ...init.headers } })
    if (!response.ok) throw new Error(`${init.method} ${target}: ${response.status} ${await response.text()}`)
    return response
  }
  await start()
  const homeUrl = new URL(`${encodeURIComponent(CALDAV_USER)}/`, url).href
  // Radicale makes the user's home on first authenticated access.
  await dav(homeUrl, { method: 'PROPFIND', headers: { depth: '0' } })

  return {
    url,
    username: CALDAV_USER,
    password: CALDAV_PASSWORD,
    homeUrl,
    async makeCalendar(slug, displayName) {
      const target = new URL(`${slug}/`, homeUrl).href
      await dav(target, {
        method: 'MKCALENDAR',
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body:
          '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>' +
          `<D:displayname>${displayName}</D:displayname>` +
          '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>',
      })
      return target
    },
    async putEvent(calendarUrl, uid, ics) {
      await dav(new URL(`${uid}.ics`, calendarUrl).href, { method: 'PUT', headers: { 'content-type': 'text/calendar; charset=utf-8' }, body: ics })
    },
    async objects(calendarUrl) {
      const response = await dav(calendarUrl, {
        method: 'REPORT',
        headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body:
          '<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>' +
          '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>',
      })
      const xml = await response.text()
      return [...xml.matchAll(/<href>([^<]+)<\/href>.*?<C:calendar-data>([\s\S]*?)<\/C:calendar-data>/g)].map((match) => ({
        href: match[1] ?? '',
        ics: decodeXml(match[2] ?? ''),
      }))
    },
    setPassword(password) {
      writeFileSync(join(dir.path, 'users'), `${CALDAV_USER}:${password}\n`)
    },
    stop,
    start,
    async close() {
      await stop()
      dir.remove()
    },
  }
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#13;/g, '\r').replace(/&amp;/g, '&')
}
