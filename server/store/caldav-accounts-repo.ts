import { statement, type Db } from './open-database.ts'

/** A calendar found on a CalDAV account (its collection URL and what the server calls it). */
export interface CaldavCalendarRow {
  url: string
  name: string
  color: string | null
  timeZone: string | null
  /** False when the server refuses this user's writes there; absent (older rows) means writable. */
  writable?: boolean
}

/** A CalDAV account's metadata; its password lives in the secret store, never here. */
export interface CaldavAccountRow {
  id: string
  label: string
  serverUrl: string
  username: string
  principalUrl: string | null
  homeUrl: string | null
  selfAddresses: string[]
  calendars: CaldavCalendarRow[]
  status: 'connected' | 'error'
  error: string | null
  createdAt: number
  updatedAt: number
}

interface RawRow {
  id: string
  label: string
  server_url: string
  username: string
  principal_url: string | null
  home_url: string | null
  self_addresses: string
  calendars: string
  status: 'connected' | 'error'
  error: string | null
  created_at: number
  updated_at: number
}

const fromRaw = (row: RawRow): CaldavAccountRow => ({
  id: row.id,
  label: row.label,
  serverUrl: row.server_url,
  username: row.username,
  principalUrl: row.principal_url,
  homeUrl: row.home_url,
  selfAddresses: JSON.parse(row.self_addresses) as string[],
  calendars: JSON.parse(row.calendars) as CaldavCalendarRow[],
  status: row.status,
  error: row.error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** Every CalDAV account, oldest first. */
export function listCaldavAccounts(db: Db): CaldavAccountRow[] {
  return (statement(db, 'SELECT * FROM caldav_accounts ORDER BY created_at, id').all() as RawRow[]).map(fromRaw)
}

/** The account, or undefined. */
export function getCaldavAccount(db: Db, id: string): CaldavAccountRow | undefined {
  const row = statement(db, 'SELECT * FROM caldav_accounts WHERE id = ?').get(id) as RawRow | undefined
  return row ? fromRaw(row) : undefined
}

/** The account already added for this server and user, if any. */
export function findCaldavAccount(db: Db, serverUrl: string, username: string): CaldavAccountRow | undefined {
  const row = statement(db, 'SELECT * FROM caldav_accounts WHERE server_url = ? AND username = ?').get(serverUrl, username) as RawRow | undefined
  return row ? fromRaw(row) : undefined
}

/** Inserts the account, or replaces what discovery found for an existing one (same id). */
export function saveCaldavAccount(db: Db, account: CaldavAccountRow): void {
  statement(
    db,
    `INSERT INTO caldav_accounts (id, label, server_url, username, principal_url, home_url, self_addresses, calendars, status, error, created_at, updated_at)
     VALUES (@id, @label, @serverUrl, @username, @principalUrl, @homeUrl, @selfAddresses, @calendars, @status, @error, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET label = excluded.label, principal_url = excluded.principal_url, home_url = excluded.home_url,
       self_addresses = excluded.self_addresses, calendars = excluded.calendars, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
  ).run({ ...account, selfAddresses: JSON.stringify(account.selfAddresses), calendars: JSON.stringify(account.calendars) })
}

/** Records whether the account's server last accepted its credentials. */
export function setCaldavAccountStatus(db: Db, id: string, status: 'connected' | 'error', error: string | null, now: number): void {
  statement(db, 'UPDATE caldav_accounts SET status = ?, error = ?, updated_at = ? WHERE id = ?').run(status, error, now, id)
}

/** Removes the account's metadata. */
export function deleteCaldavAccount(db: Db, id: string): void {
  statement(db, 'DELETE FROM caldav_accounts WHERE id = ?').run(id)
}
