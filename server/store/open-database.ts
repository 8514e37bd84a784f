import Database from 'better-sqlite3'
import { join } from 'node:path'
import { migrations } from './migrations.ts'

export type Db = Database.Database

/**
 * Opens (creating if needed) `slotline.db` in the data dir with WAL and foreign keys on,
 * and applies pending migrations, each in its own transaction.
 */
export function openDatabase(dataDir: string): Db {
  const db = new Database(join(dataDir, 'slotline.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

/** Applies every migration newer than the database's `user_version`. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>()

/** A prepared statement for `sql` on `db`, prepared once and reused (preparing costs more than running). */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db)
  if (!cache) statements.set(db, (cache = new Map()))
  let prepared = cache.get(sql)
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)))
  return prepared
}
