// explainAvailability: reasons, their priority, the grid, and agreement with findSlots.

import { describe, expect, it } from 'vitest'
import { explainAvailability, findSlots, type Refusal } from '../../server/scheduling/index.ts'
import { at, busy, iso, queryFor, rulesFor } from './fixtures.ts'

const NY = 'America/New_York'
const tue = (hhmm: string): string => `2026-01-13T${hhmm}:00-05:00`
const label = (r: Refusal): string => `${iso(r.start, NY).slice(5, 16)} ${r.reason}${r.calendarId === undefined ? '' : `:${r.calendarId}`}`

describe('explainAvailability', () => {
  it('reports each refused grid point with its first reason, in order', () => {
    const q = queryFor(rulesFor(NY, { minNotice: 60, horizonDays: 1, bufferBefore: 30 }), tue('08:00'), '2026-01-14T11:00:00-05:00', {
      now: at(tue('10:00')),
      busy: [busy(tue('11:00'), tue('12:00'), { calendarId: 'work' })],
    })
    const result = explainAvailability(q)
    expect(result.slots.map((s) => iso(s.start, NY).slice(5, 16))).toEqual(['01-13T13:00', '01-13T14:00', '01-13T15:00', '01-13T16:00', '01-14T09:00'])
    expect(result.refused.map(label)).toEqual([
      '01-13T08:00 min_notice', '01-13T09:00 min_notice', '01-13T10:00 min_notice',
      '01-13T11:00 busy:work', '01-13T12:00 buffer',
      ...['17', '18', '19', '20', '21', '22', '23'].map((h) => `01-13T${h}:00 outside_hours`),
      ...['00', '01', '02', '03', '04', '05', '06', '07', '08'].map((h) => `01-14T${h}:00 outside_hours`),
      '01-14T10:00 beyond_horizon',
    ])
    expect(result.workingRanges).toEqual([{ start: at(tue('09:00')), end: at(tue('17:00')) }, { start: at('2026-01-14T09:00:00-05:00'), end: at('2026-01-14T17:00:00-05:00') }])
  })

  it('weekend, date override and daily limit reasons', () => {
    const now = at('2026-01-12T00:00:00-05:00')
    const weekend = explainAvailability(queryFor(rulesFor(NY, { slotStep: 360 }), '2026-01-17T00:00:00-05:00', '2026-01-18T00:00:00-05:00', { now }))
    expect(weekend.refused.map(label)).toEqual(['01-17T00:00 weekend', '01-17T06:00 weekend', '01-17T12:00 weekend', '01-17T18:00 weekend'])
    const dayOff = explainAvailability(queryFor(rulesFor(NY, { slotStep: 720, dateOverrides: [{ date: '2026-01-13', ranges: [] }] }), tue('00:00'), '2026-01-14T00:00:00-05:00', { now }))
    expect(dayOff.refused.map(label)).toEqual(['01-13T00:00 date_override', '01-13T12:00 date_override'])
    const full = explainAvailability(queryFor(rulesFor(NY, { maxPerDay: 1 }), tue('09:00'), tue('12:00'), { now, busy: [busy(tue('09:00'), tue('10:00'), { kind: 'booking' })] }))
    expect(full.refused.map(label)).toEqual(['01-13T09:00 daily_limit', '01-13T10:00 daily_limit', '01-13T11:00 daily_limit'])
  })

  it('priority: horizon before notice before weekend before override before hours before limit before busy', () => {
    const now = at('2026-01-16T12:00:00-05:00') // Friday noon
    const rules = rulesFor(NY, { minNotice: 24 * 60, horizonDays: 3, maxPerDay: 0 })
    const r = explainAvailability(queryFor(rules, '2026-01-17T00:00:00-05:00', '2026-01-20T00:00:00-05:00', { now, busy: [busy('2026-01-19T09:00:00-05:00', '2026-01-19T17:00:00-05:00')] }))
    const reasonAt = (isoString: string): string | undefined => r.refused.find((x) => x.start === at(isoString))?.reason
    expect(reasonAt('2026-01-17T10:00:00-05:00')).toBe('min_notice') // also a weekend
    expect(reasonAt('2026-01-18T10:00:00-05:00')).toBe('weekend')
    expect(reasonAt('2026-01-19T10:00:00-05:00')).toBe('daily_limit') // also busy
    expect(reasonAt('2026-01-19T08:00:00-05:00')).toBe('outside_hours')
    expect(reasonAt('2026-01-19T13:00:00-05:00')).toBe('beyond_horizon') // also busy
    const later = explainAvailability(queryFor(rules, '2026-01-19T12:00:00-05:00', '2026-01-19T13:00:00-05:00', { now: at('2026-01-16T11:00:00-05:00') }))
    expect(later.refused.map((x) => x.reason)).toEqual(['beyond_horizon'])
  })

  it('a start that does not fit before the range end is outside_hours', () => {
    const q = queryFor(rulesFor(NY, { slotStep: 30 }), tue('16:00'), tue('17:00'), { now: at('2026-01-12T00:00:00-05:00') })
    expect(explainAvailability(q).refused.map(label)).toEqual(['01-13T16:30 outside_hours'])
  })

  it('a finer grid: points passing every rule but off the slot step are neither slots nor refusals', () => {
    const q = queryFor(rulesFor(NY), tue('15:00'), tue('17:00'), { now: at('2026-01-12T00:00:00-05:00') })
    const r = explainAvailability(q, { stepMinutes: 30 })
    expect(r.slots.map((s) => iso(s.start, NY).slice(11, 16))).toEqual(['15:00', '16:00'])
    expect(r.refused.map(label)).toEqual(['01-13T16:30 outside_hours'])
  })

  it('slots are exactly findSlots', () => {
    const q = queryFor(rulesFor(NY, { slotStep: 15, bufferAfter: 10 }), tue('00:00'), '2026-01-20T00:00:00-05:00', {
      now: at(tue('09:20')), duration: 45, busy: [busy(tue('13:05'), tue('14:10'))],
    })
    expect(explainAvailability(q).slots).toEqual(findSlots(q))
  })
})
