import { statement, type Db } from './open-database.ts'

export interface IntegrationRow {
  provider: string
  account: string | null
  status: 'connected' | 'disconnected'
  scopes: string | null
  error: string | null
  connected_at: number | null
  updated_at: number
}

/** The integration's metadata (never its tokens), or undefined if it was never connected. */
export function getIntegration(db: Db, provider: string): IntegrationRow | undefined {
  return statement(db, 'SELECT * FROM integrations WHERE provider = ?').get(provider) as IntegrationRow | undefined
}

/** Records a successful connection. */
export function markConnected(db: Db, provider: string, account: string | null, scopes: string | null, now: number): void {
  statement(db, 
    `INSERT INTO integrations (provider, account, status, scopes, error, connected_at, updated_at)
     VALUES (?, ?, 'connected', ?, NULL, ?, ?)
     ON CONFLICT (provider) DO UPDATE SET account = excluded.account, status = 'connected', scopes = excluded.scopes,
       error = NULL, connected_at = excluded.connected_at, updated_at = excluded.updated_at`,
  ).run(provider, account, scopes, now, now)
}

/** Records that the integration no longer works (revoked, disconnected), with the reason. */
export function markDisconnected(db: Db, provider: string, error: string | null, now: number): void {
  statement(db, 
    `INSERT INTO integrations (provider, status, error, updated_at) VALUES (?, 'disconnected', ?, ?)
     ON CONFLICT (provider) DO UPDATE SET status = 'disconnected', error = excluded.error, updated_at = excluded.updated_at`,
  ).run(provider, error, now)
}
