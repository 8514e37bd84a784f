import { statement, type Db } from './open-database.ts'

/** Every stored settings key with its JSON-decoded value. */
export function readSettings(db: Db): Record<string, unknown> {
  const rows = statement(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[]
  return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]))
}

/** Writes the given keys in one transaction. */
export function writeSettings(db: Db, values: Record<string, unknown>, now: number): void {
  const put = statement(db, 
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  )
  db.transaction(() => {
    for (const [key, value] of Object.entries(values)) put.run(key, JSON.stringify(value), now)
  })()
}
