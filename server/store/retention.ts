import type { Logger } from '../log.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { purgeTranscripts } from './calls-repo.ts'
import type { Db } from './open-database.ts'

const SWEEP_EVERY_MS = 6 * 3_600_000

/**
 * Applies `transcript_retention_days`: call transcripts (and summaries) older than that are
 * deleted now, whenever the settings change, and every six hours. Returns a stop function.
 */
export function startRetention(deps: { db: Db; settings: SettingsService; log: Logger; clock: () => number }): () => void {
  const sweep = (): void => {
    const days = deps.settings.get().transcript_retention_days
    if (days === null) return
    const purged = purgeTranscripts(deps.db, deps.clock() - days * 86_400_000)
    if (purged > 0) deps.log.info('deleted old call transcripts', { calls: purged, older_than_days: days })
  }
  const run = (): void => {
    try {
      sweep()
    } catch (error) {
      deps.log.warn('transcript retention failed', { error: (error as Error).message })
    }
  }
  run()
  deps.settings.onChange(run)
  const timer = setInterval(run, SWEEP_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
