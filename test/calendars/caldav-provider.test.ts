// The CalDAV provider against Radicale, with a small proxy in front of it that can add what
// Radicale lacks (free-busy-query) or break things on purpose (a 503, a multistatus error).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fileSecretStore } from '../../server/auth/secret-store.ts'
import { CaldavAccounts, caldavCalendarId } from '../../server/calendars/caldav/caldav-accounts.ts'
import { caldavProvider } from '../../server/calendars/caldav/caldav-provider.ts'
import { calendarsAfterAdd, calendarsAfterRemove } from '../../server/calendars/caldav/caldav-settings.ts'
import type { CalendarProvider } from '../../server/calendars/provider.ts'
import { createLogger } from '../../server/log.ts'
import { openDatabase, type Db } from '../../server/store/open-database.ts'
import { startDavProxy, type DavProxy } from '../helpers/dav-proxy.ts'
import { startRadicale, type Radicale } from '../helpers/radicale.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const DAY = Date.parse('2030-03-05T00:00:00Z')
const HOUR = 3_600_000
const signal = () => AbortSignal.timeout(10_000)
const freeBusyReply = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VFREEBUSY', 'DTSTAMP:20300101T000000Z', 'FREEBUSY;FBTYPE=BUSY:20300305T150000Z/20300305T160000Z', 'FREEBUSY;FBTYPE=FREE:20300305T170000Z/PT1H', 'END:VFREEBUSY', 'END:VCALENDAR', ''].join('\r\n')
const isFreeBusyQuery = (body: string) => body.includes('free-busy-query')

describe('the CalDAV provider', () => {
  let radicale: Radicale
  let proxy: DavProxy
  let db: Db
  let accounts: CaldavAccounts
  let provider: CalendarProvider
  let calendarId: string
  let emptyId: string
  const dir = tempDir()

  beforeAll(async () => {
    radicale = await startRadicale()
    const work = await radicale.makeCalendar('work', 'Work')
    await radicale.putEvent(work, 'meeting', ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', 'BEGIN:VEVENT', 'UID:meeting', 'DTSTAMP:20300101T000000Z', 'DTSTART:20300305T100000Z', 'DTEND:20300305T110000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'))
    await radicale.putEvent(work, 'holiday', ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', 'BEGIN:VEVENT', 'UID:holiday', 'DTSTAMP:20300101T000000Z', 'DTSTART;VALUE=DATE:20300305', 'DTEND;VALUE=DATE:20300306', 'SUMMARY:Holiday', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'))
    const empty = await radicale.makeCalendar('empty', 'Empty')
    proxy = await startDavProxy(radicale.url)
    db = openDatabase(dir.path)
    accounts = new CaldavAccounts({ db, secrets: fileSecretStore(dir.path), clock: () => DAY, log: createLogger({ debug: false, write: () => undefined }) })
    const account = await accounts.add({ serverUrl: proxy.url, username: radicale.username, password: radicale.password }, signal())
    calendarId = caldavCalendarId(account.id, account.calendars.find((calendar) => calendar.name === 'Work')!.url)
    emptyId = caldavCalendarId(account.id, new URL(new URL(empty).pathname, proxy.url).href)
    expect(account.calendars.map((calendar) => calendar.url)).toContain(new URL(new URL(empty).pathname, proxy.url).href)
    provider = caldavProvider(accounts, { floatingZone: () => 'UTC', clock: () => DAY })
  })
  beforeEach(() => {
    proxy.intercept.current = null
    proxy.seen.length = 0
  })
  afterAll(async () => {
    db?.close()
    await proxy?.close()
    await radicale?.close()
    dir.remove()
  })

  it('reads busy time from events when the server has no free-busy-query, and asks only once', async () => {
    const first = await provider.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: false })
    expect(first.unavailable).toEqual([])
    expect(first.busy.map((b) => [b.start, b.end])).toEqual(expect.arrayContaining([[DAY + 10 * HOUR, DAY + 11 * HOUR], [DAY, DAY + 24 * HOUR]]))
    expect(proxy.seen.filter((request) => isFreeBusyQuery(request.body))).toHaveLength(1)
    await provider.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: false })
    expect(proxy.seen.filter((request) => isFreeBusyQuery(request.body))).toHaveLength(1)
  })

  it('reads an empty calendar as free, whichever query the server is asked first', async () => {
    accounts.freeBusySupport.clear()
    expect(await provider.freeBusy([emptyId], DAY, DAY + 24 * HOUR, signal())).toEqual({ busy: [], unavailable: [] })
    expect(await provider.freeBusy([emptyId], DAY, DAY + 24 * HOUR, signal())).toEqual({ busy: [], unavailable: [] })
  })

  it('works after a restart: a new instance reads the password from the secret store once', async () => {
    let reads = 0
    const store = fileSecretStore(dir.path)
    const counted = { ...store, get: (name: Parameters<typeof store.get>[0]) => (reads++, store.get(name)) }
    const restarted = new CaldavAccounts({ db, secrets: counted, clock: () => DAY, log: createLogger({ debug: false, write: () => undefined }) })
    const fresh = caldavProvider(restarted, { floatingZone: () => 'UTC', clock: () => DAY })
    for (let i = 0; i < 3; i++) expect((await fresh.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: true })).busy).toHaveLength(1)
    expect(reads).toBe(1)
  })

  it('marks a calendar the server shares read-only, so bookings are never aimed at it', async () => {
    const emptyPath = new URL(emptyId.split(':').slice(2).join(':')).pathname
    proxy.intercept.current = (request) =>
      request.method === 'PROPFIND' && request.body.includes('current-user-privilege-set')
        ? {
            status: 207,
            type: 'application/xml; charset=utf-8',
            body:
              '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">' +
              `<d:response><d:href>${emptyPath}</d:href><d:propstat><d:prop><d:current-user-privilege-set><d:privilege><d:read/></d:privilege><d:privilege><d:read-current-user-privilege-set/></d:privilege></d:current-user-privilege-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
              '</d:multistatus>',
          }
        : null
    const account = await accounts.add({ serverUrl: proxy.url, username: radicale.username, password: radicale.password }, signal())
    const byName = Object.fromEntries(account.calendars.map((calendar) => [calendar.name, calendar.writable]))
    expect(byName).toEqual({ Work: true, Empty: false })
    const listed = await provider.listCalendars(signal())
    expect(listed.find((calendar) => calendar.id === emptyId)?.accessRole).toBe('reader')
    expect(listed.find((calendar) => calendar.id === calendarId)?.accessRole).toBe('owner')
    const settings = calendarsAfterAdd({ calendar_ids: ['primary'], booking_calendar_id: 'primary' }, { ...account, calendars: [...account.calendars].sort((a) => (a.writable ? 1 : -1)) }, false)
    expect(settings.booking_calendar_id).toBe(calendarId)
    proxy.intercept.current = null
    await accounts.add({ serverUrl: proxy.url, username: radicale.username, password: radicale.password }, signal())
  })

  it('leaves all-day events out when asked to', async () => {
    const { busy } = await provider.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: true })
    expect(busy.map((b) => [b.start, b.end])).toEqual([[DAY + 10 * HOUR, DAY + 11 * HOUR]])
  })

  it('uses free-busy-query where the server answers it with VFREEBUSY', async () => {
    accounts.freeBusySupport.clear()
    proxy.intercept.current = (request) => (request.method === 'REPORT' && isFreeBusyQuery(request.body) ? { status: 200, type: 'text/calendar; charset=utf-8', body: freeBusyReply } : null)
    const { busy } = await provider.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: false })
    expect(busy.map((b) => [b.start, b.end])).toEqual([[DAY + 15 * HOUR, DAY + 16 * HOUR]])
    expect(proxy.seen.some((request) => request.body.includes('calendar-query'))).toBe(false)
  })

  it('never reads an unreadable calendar as free: a 403, a multistatus error, a broken event', async () => {
    accounts.freeBusySupport.set(calendarId.split(':')[1]!, false)
    proxy.intercept.current = (request) => (request.method === 'REPORT' ? { status: 403, type: 'text/plain', body: 'no' } : null)
    expect((await provider.freeBusy([calendarId], DAY, DAY + HOUR, signal())).unavailable).toEqual([{ calendarId, reason: 'calendar_unavailable' }])
    proxy.intercept.current = (request) =>
      request.method === 'REPORT'
        ? { status: 207, type: 'application/xml; charset=utf-8', body: '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/x/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response></d:multistatus>' }
        : null
    expect((await provider.freeBusy([calendarId], DAY, DAY + HOUR, signal())).unavailable).toHaveLength(1)
    proxy.intercept.current = (request) =>
      request.method === 'REPORT'
        ? { status: 207, type: 'application/xml; charset=utf-8', body: '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/x/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><c:calendar-data>not a calendar</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>' }
        : null
    const broken = await provider.freeBusy([calendarId], DAY, DAY + HOUR, signal())
    expect(broken.busy).toEqual([])
    expect(broken.unavailable[0]!.reason).toMatch(/unreadable event/)
  })

  it('retries a 503 and gets through', async () => {
    let failures = 2
    proxy.intercept.current = (request) => (request.method === 'REPORT' && failures-- > 0 ? { status: 503, type: 'text/plain', body: 'busy' } : null)
    const { busy, unavailable } = await provider.freeBusy([calendarId], DAY, DAY + 24 * HOUR, signal(), { ignoreAllDay: true })
    expect(unavailable).toEqual([])
    expect(busy).toHaveLength(1)
  })

  it('recognises its own event on a retried create, and refuses a stranger with the same name', async () => {
    const event = { id: 'abc123', title: 'Intro', description: null, start: DAY + 13 * HOUR, end: DAY + 14 * HOUR, timeZone: 'Europe/Berlin', attendee: { email: 'sam@example.com', name: 'Sam' }, sendInvitations: true, addMeetLink: false, marker: { slotline: '1', slotlineBooking: 'bk_1' } }
    const created = await provider.createEvent(calendarId, event, signal())
    const again = await provider.createEvent(calendarId, event, signal())
    expect(again).toMatchObject({ id: 'abc123', start: created.start, end: created.end, marker: { slotlineBooking: 'bk_1' } })
    await expect(provider.createEvent(calendarId, { ...event, marker: { slotline: '1', slotlineBooking: 'bk_2' } }, signal())).rejects.toMatchObject({ code: 'conflict' })
    expect(await provider.getEvent(calendarId, 'nothing-here', signal())).toBeNull()
    await provider.deleteEvent(calendarId, 'abc123', true, signal())
    await provider.deleteEvent(calendarId, 'abc123', true, signal())
    expect(await provider.getEvent(calendarId, 'abc123', signal())).toBeNull()
  })

  it('moves an event changed meanwhile without losing the change (If-Match, then re-read)', async () => {
    const event = { id: 'mv1', title: 'Move me', description: null, start: DAY + 13 * HOUR, end: DAY + 14 * HOUR, timeZone: 'UTC', attendee: { email: 'sam@example.com', name: null }, sendInvitations: false, addMeetLink: false, marker: { slotline: '1', slotlineBooking: 'bk_mv' } }
    await provider.createEvent(calendarId, event, signal())
    proxy.seen.length = 0
    let stale = 1
    proxy.intercept.current = (request) => (request.method === 'PUT' && stale-- > 0 ? { status: 412, type: 'text/plain', body: 'precondition failed' } : null)
    const moved = await provider.moveEvent(calendarId, 'mv1', { start: DAY + 15 * HOUR, end: DAY + 16 * HOUR, timeZone: 'UTC', sendUpdates: false }, signal())
    expect([moved.start, moved.end]).toEqual([DAY + 15 * HOUR, DAY + 16 * HOUR])
    expect(proxy.seen.filter((request) => request.method === 'PUT')).toHaveLength(2)
    await expect(provider.moveEvent(calendarId, 'gone', { start: DAY, end: DAY + HOUR, timeZone: 'UTC', sendUpdates: false }, signal())).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('calendar settings when accounts come and go', () => {
  const account = { id: 'a1', calendars: [{ url: 'https://dav.example.com/cal/work/', name: 'Work', color: null, timeZone: null }] } as Parameters<typeof calendarsAfterAdd>[1]
  const work = 'caldav:a1:https://dav.example.com/cal/work/'

  it('replaces the untouched Google default when Google is not connected', () => {
    expect(calendarsAfterAdd({ calendar_ids: ['primary'], booking_calendar_id: 'primary' }, account, false)).toEqual({ calendar_ids: [work], booking_calendar_id: work })
  })
  it('adds beside Google, and keeps bookings on Google, when Google is connected', () => {
    expect(calendarsAfterAdd({ calendar_ids: ['primary'], booking_calendar_id: 'primary' }, account, true)).toEqual({ calendar_ids: ['primary', work], booking_calendar_id: 'primary' })
  })
  it('takes an account’s calendars out again, falling back to the default', () => {
    expect(calendarsAfterRemove({ calendar_ids: [work], booking_calendar_id: work }, 'a1')).toEqual({ calendar_ids: ['primary'], booking_calendar_id: 'primary' })
    expect(calendarsAfterRemove({ calendar_ids: ['primary', work], booking_calendar_id: 'primary' }, 'a1')).toEqual({ calendar_ids: ['primary'], booking_calendar_id: 'primary' })
  })
})
