import type { Settings } from '../../../server/settings/settings-schema.ts'
import type { CallSummary, CallRow } from '../../../server/store/calls-repo.ts'
import type { ToolCallRow } from '../../../server/store/tool-calls-repo.ts'
import type { BookingRow } from '../../../server/store/bookings-repo.ts'
import type { Insights } from '../../../server/insights/build-insights.ts'
import type { WeekExplanation } from '../../../server/insights/explain-week.ts'
import type { ToolResult } from '../../../server/tools/tool-result.ts'
import type { LiveEvents } from '../../../server/events.ts'
export type { Settings, CallSummary, CallRow, ToolCallRow, BookingRow, Insights, WeekExplanation, ToolResult, LiveEvents }
