import { describe, expect, it } from 'vitest'
import { checkClock, checkDate, checkRanges, checkTimeZone, checkTypeId, checkWhole, duplicateDates, fieldMessage, LIMITS } from '../../renderer/src/lib/validation.ts'

describe('the window validation module', () => {
  it('accepts whole minutes inside the limits and says why otherwise', () => {
    expect(checkWhole('30', LIMITS.slot_step)).toEqual({ value: 30 })
    expect(checkWhole(' 5 ', LIMITS.slot_step)).toEqual({ value: 5 })
    expect(checkWhole('240', LIMITS.slot_step)).toEqual({ value: 240 })
    expect(checkWhole('4', LIMITS.slot_step)).toEqual({ error: 'Must be between 5 and 240.' })
    expect(checkWhole('241', LIMITS.slot_step)).toEqual({ error: 'Must be between 5 and 240.' })
    expect(checkWhole('2.5', LIMITS.buffer)).toEqual({ error: 'Use a whole number.' })
    expect(checkWhole('', LIMITS.buffer)).toEqual({ error: 'Required.' })
    expect(checkWhole('525600', LIMITS.min_notice)).toEqual({ value: 525600 })
    expect(checkWhole('366', LIMITS.horizon_days)).toHaveProperty('error')
    expect(checkWhole('0', LIMITS.horizon_days)).toHaveProperty('error')
    expect(checkWhole('721', LIMITS.buffer)).toHaveProperty('error')
  })

  it('reads 24-hour clock times, 24:00 meaning end of day', () => {
    expect(checkClock('09:00')).toBeNull()
    expect(checkClock('24:00')).toBeNull()
    expect(checkClock('23:59')).toBeNull()
    expect(checkClock('9:00')).not.toBeNull()
    expect(checkClock('24:30')).not.toBeNull()
    expect(checkClock('12:60')).not.toBeNull()
  })

  it('refuses backwards, overlapping or too many ranges in a day', () => {
    expect(checkRanges([])).toBeNull()
    expect(checkRanges([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '17:00' }])).toBeNull()
    expect(checkRanges([{ start: '17:00', end: '09:00' }])).toMatch(/start must be before the end/)
    expect(checkRanges([{ start: '13:00', end: '17:00' }, { start: '09:00', end: '13:30' }])).toMatch(/overlaps/)
    expect(checkRanges(Array.from({ length: 13 }, (_, i) => ({ start: `${String(i).padStart(2, '0')}:00`, end: `${String(i).padStart(2, '0')}:30` })))).toMatch(/At most 12/)
  })

  it('checks dates, zones and meeting type ids', () => {
    expect(checkDate('2028-02-29')).toBeNull()
    expect(checkDate('2027-02-29')).toBe('Not a real date.')
    expect(checkDate('2027-2-1')).not.toBeNull()
    expect(checkTimeZone('America/New_York')).toBeNull()
    expect(checkTimeZone('UTC')).toBeNull()
    expect(checkTimeZone('Mars/Olympus')).not.toBeNull()
    expect(checkTimeZone('')).toBe('Required.')
    expect(checkTypeId('intro-call_2')).toBeNull()
    expect(checkTypeId('Intro')).not.toBeNull()
    expect(checkTypeId('-x')).not.toBeNull()
  })

  it('finds dates listed twice', () => {
    expect(duplicateDates(['2030-01-01', '2030-01-02', '2030-01-01'])).toEqual(['2030-01-01'])
    expect(duplicateDates([])).toEqual([])
  })

  it('puts the server 400 next to the field its key names', () => {
    const server = { key: 'business_hours.monday[0]', message: 'business_hours.monday[0]: start must be before end' }
    expect(fieldMessage('business_hours.monday', {}, server)).toBe(server.message)
    expect(fieldMessage('business_hours.tuesday', {}, server)).toBeUndefined()
    expect(fieldMessage('slot_step', { slot_step: 'Must be between 5 and 240.' }, server)).toBe('Must be between 5 and 240.')
    expect(fieldMessage('slot_step', {}, { key: 'slot_step', message: 'slot_step: too big' })).toBe('slot_step: too big')
    expect(fieldMessage('slot', {}, { key: 'slot_step', message: 'x' })).toBeUndefined()
  })
})
