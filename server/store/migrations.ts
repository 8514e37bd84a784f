/**
 * Numbered schema migrations. Append only: a released migration is never edited.
 * No column ever holds a token or a secret.
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE integrations (
        provider TEXT PRIMARY KEY,
        account TEXT,
        status TEXT NOT NULL CHECK (status IN ('connected', 'disconnected')),
        scopes TEXT,
        error TEXT,
        connected_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        status TEXT,
        type TEXT,
        customer_number TEXT,
        assistant_id TEXT,
        started_at INTEGER,
        ended_at INTEGER,
        ended_reason TEXT,
        summary TEXT,
        transcript TEXT,
        cost REAL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX calls_created ON calls (created_at DESC);
      CREATE INDEX calls_customer ON calls (customer_number);
      CREATE TABLE tool_calls (
        id INTEGER PRIMARY KEY,
        tool_call_id TEXT NOT NULL UNIQUE,
        call_id TEXT,
        source TEXT NOT NULL CHECK (source IN ('vapi', 'control')),
        name TEXT NOT NULL,
        arguments TEXT,
        result TEXT,
        ok INTEGER,
        code TEXT,
        error TEXT,
        latency_ms REAL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX tool_calls_call ON tool_calls (call_id);
      CREATE INDEX tool_calls_started ON tool_calls (started_at DESC);
      CREATE TABLE bookings (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'cancelled')),
        call_id TEXT,
        tool_call_id TEXT,
        calendar_id TEXT NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        attendee_email TEXT NOT NULL,
        attendee_name TEXT,
        title TEXT NOT NULL,
        description TEXT,
        meeting_type TEXT,
        html_link TEXT,
        meet_link TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX bookings_start ON bookings (start_at);
      CREATE INDEX bookings_attendee ON bookings (attendee_email);
      CREATE INDEX bookings_call ON bookings (call_id);
    `,
  },
  {
    version: 2,
    name: 'booking changes',
    sql: `
      CREATE TABLE booking_changes (
        id INTEGER PRIMARY KEY,
        booking_id TEXT NOT NULL REFERENCES bookings (id),
        action TEXT NOT NULL CHECK (action IN ('booked', 'moved', 'cancelled')),
        call_id TEXT,
        tool_call_id TEXT,
        from_start INTEGER,
        to_start INTEGER,
        at INTEGER NOT NULL
      );
      CREATE INDEX booking_changes_call ON booking_changes (call_id);
      CREATE INDEX booking_changes_booking ON booking_changes (booking_id);
    `,
  },
  {
    version: 3,
    name: 'caldav accounts',
    sql: `
      CREATE TABLE caldav_accounts (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        server_url TEXT NOT NULL,
        username TEXT NOT NULL,
        principal_url TEXT,
        home_url TEXT,
        self_addresses TEXT NOT NULL DEFAULT '[]',
        calendars TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('connected', 'error')),
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX caldav_accounts_login ON caldav_accounts (server_url, username);
    `,
  },
]
