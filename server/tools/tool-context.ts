import type { CalendarProvider } from '../calendars/provider.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import type { Db } from '../store/open-database.ts'
import type { KeyedLock } from './keyed-lock.ts'

/** What the assistant's functions need: the store, the calendar, the settings and a clock. */
export interface ToolContext {
  db: Db
  provider: CalendarProvider
  settings: SettingsService
  clock: () => number
  locks: KeyedLock
}

/** Where a function call came from; `toolCallId` makes it idempotent. */
export interface CallInfo {
  toolCallId: string | null
  callId: string | null
  source: 'vapi' | 'control'
}
