import { randomBytes } from 'node:crypto'
import type { SecretStore } from '../../auth/secret-store.ts'
import type { Logger } from '../../log.ts'
import { deleteCaldavAccount, findCaldavAccount, getCaldavAccount, listCaldavAccounts, saveCaldavAccount, setCaldavAccountStatus, type CaldavAccountRow } from '../../store/caldav-accounts-repo.ts'
import type { Db } from '../../store/open-database.ts'
import { CalendarError } from '../provider.ts'
import { CaldavClient, type CaldavLogin } from './caldav-client.ts'

const PREFIX = 'caldav:'

/** The calendar id Slotline uses for a CalDAV calendar: `caldav:<account>:<collection URL>`. */
export function caldavCalendarId(accountId: string, calendarUrl: string): string {
  return `${PREFIX}${accountId}:${calendarUrl}`
}

/** The account and collection URL of a CalDAV calendar id, or null for any other id (Google's). */
export function parseCaldavCalendarId(calendarId: string): { accountId: string; calendarUrl: string } | null {
  if (!calendarId.startsWith(PREFIX)) return null
  const rest = calendarId.slice(PREFIX.length)
  const colon = rest.indexOf(':')
  if (colon <= 0) return null
  return { accountId: rest.slice(0, colon), calendarUrl: rest.slice(colon + 1) }
}

export interface AddAccountInput {
  serverUrl: string
  username: string
  password: string
  label?: string
}

/**
 * The CalDAV accounts: metadata in SQLite, each app password in the secret store, one client per
 * account kept in memory (the password is read from the keychain once, not on every call).
 */
export class CaldavAccounts {
  readonly #db: Db
  readonly #secrets: SecretStore
  readonly #clock: () => number
  readonly #log: Logger
  readonly #clients = new Map<string, CaldavClient>()
  /** Whether an account's server answers free-busy-query (learnt on first use). */
  readonly freeBusySupport = new Map<string, boolean>()

  constructor(deps: { db: Db; secrets: SecretStore; clock: () => number; log: Logger }) {
    this.#db = deps.db
    this.#secrets = deps.secrets
    this.#clock = deps.clock
    this.#log = deps.log
  }

  list(): CaldavAccountRow[] {
    return listCaldavAccounts(this.#db)
  }

  get(id: string): CaldavAccountRow | undefined {
    return getCaldavAccount(this.#db, id)
  }

  /**
   * Logs in, discovers the calendars and keeps the account. Adding the same server and user again
   * replaces its password and calendars (a reconnect). Nothing is stored unless the login works.
   */
  async add(input: AddAccountInput, signal: AbortSignal): Promise<CaldavAccountRow> {
    const login: CaldavLogin = { serverUrl: input.serverUrl, username: input.username, password: input.password }
    const client = new CaldavClient(login)
    const found = await client.discover(signal)
    if (found.calendars.length === 0) throw new CalendarError('invalid', 'The account has no calendars for events.')
    const existing = findCaldavAccount(this.#db, input.serverUrl, input.username)
    const now = this.#clock()
    const account: CaldavAccountRow = {
      id: existing?.id ?? randomBytes(5).toString('hex'),
      label: input.label?.trim() || existing?.label || defaultLabel(input.serverUrl, input.username),
      serverUrl: input.serverUrl,
      username: input.username,
      principalUrl: found.principalUrl || null,
      homeUrl: found.homeUrl || null,
      selfAddresses: found.selfAddresses,
      calendars: found.calendars,
      status: 'connected',
      error: null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    }
    await this.#secrets.set(`caldav.password.${account.id}`, input.password)
    saveCaldavAccount(this.#db, account)
    this.#clients.set(account.id, client)
    this.freeBusySupport.delete(account.id)
    this.#log.info('CalDAV account added', { account: account.id, calendars: account.calendars.length })
    return account
  }

  /** Forgets the account and deletes its password. */
  async remove(id: string): Promise<boolean> {
    const account = this.get(id)
    if (!account) return false
    await this.#secrets.delete(`caldav.password.${id}`)
    deleteCaldavAccount(this.#db, id)
    this.#clients.delete(id)
    this.freeBusySupport.delete(id)
    this.#log.info('CalDAV account removed', { account: id })
    return true
  }

  /** The account and a client logged in as it; not_connected when it is gone or its password is. */
  async client(id: string): Promise<{ account: CaldavAccountRow; client: CaldavClient }> {
    const account = this.get(id)
    if (!account) throw new CalendarError('not_connected', 'That CalDAV account is no longer connected.')
    let client = this.#clients.get(id)
    if (!client) {
      const password = await this.#secrets.get(`caldav.password.${id}`).catch((error: unknown) => {
        throw new CalendarError('not_connected', `The CalDAV password could not be read: ${(error as Error).message}`, { cause: error })
      })
      if (!password) throw new CalendarError('not_connected', `The password of ${account.label} is missing; add the account again.`)
      client = new CaldavClient({ serverUrl: account.serverUrl, username: account.username, password })
      this.#clients.set(id, client)
    }
    return { account, client }
  }

  /**
   * Records the outcome of a call to the account's server, so the window can show a refused
   * password. Takes the account as `client()` read it, so a request costs no second read.
   */
  noteOutcome(account: CaldavAccountRow, error: CalendarError | null): void {
    if (error?.code === 'not_connected') {
      if (account.status !== 'error' || account.error !== error.message) setCaldavAccountStatus(this.#db, account.id, 'error', error.message, this.#clock())
    } else if (!error && account.status === 'error') {
      setCaldavAccountStatus(this.#db, account.id, 'connected', null, this.#clock())
    }
  }
}

function defaultLabel(serverUrl: string, username: string): string {
  try {
    return `${username} on ${new URL(serverUrl).host}`
  } catch {
    return username
  }
}
