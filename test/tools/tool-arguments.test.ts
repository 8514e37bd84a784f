import { describe, expect, it } from 'vitest'
import { findArgs, parseArguments, parseWhen, scheduleArgs } from '../../server/tools/tool-arguments.ts'
import { ToolFailure } from '../../server/tools/tool-result.ts'

function failure(run: () => unknown): ToolFailure {
  try {
    run()
  } catch (error) {
    if (error instanceof ToolFailure) return error
    throw error
  }
  throw new Error('expected a ToolFailure')
}

const booking = { title: 'Intro', start_time: '2030-03-05T14:00:00-05:00', duration: 30, attendee_email: 'sam@example.com', description: 'x' }

describe('argument validation', () => {
  it('accepts a duration as a number or a numeric string, and normalises the email', () => {
    expect(parseArguments(scheduleArgs, { ...booking, duration: '45', attendee_email: ' Sam@Example.COM ' })).toMatchObject({ duration: 45, attendee_email: 'sam@example.com' })
  })

  it.each([
    [{ ...booking, attendee_email: 'sam at example dot com' }, "That email address doesn't look right. Could you spell it out again?"],
    [{ ...booking, duration: 'half an hour' }, 'The meeting length must be a number of minutes.'],
    [{ ...booking, duration: 2 }, 'A meeting must be at least 5 minutes long.'],
    [{ ...booking, duration: 30.5 }, 'The meeting length must be whole minutes.'],
    [{ ...booking, attendee_email: undefined }, "I still need the caller's email."],
    [{ ...booking, time_zone: 'Mars/Olympus' }, "I don't recognise that time zone."],
  ])('answers invalid_argument with a sentence to say: %j', (args, message) => {
    const error = failure(() => parseArguments(scheduleArgs, args))
    expect(error.code).toBe('invalid_argument')
    expect(error.message).toBe(message)
  })

  it('ignores keys it does not know (Vapi static parameters)', () => {
    expect(parseArguments(findArgs, { start_date: '2030-03-05', duration: 30, caller_id: '+1415' })).toMatchObject({ start_date: '2030-03-05' })
  })

  it('reads a time without an offset in the given zone, and keeps an explicit offset', () => {
    expect(parseWhen('2030-03-05T14:00', 'America/Los_Angeles', 'start_time').at.toISO()).toBe('2030-03-05T14:00:00.000-08:00')
    expect(parseWhen('2030-03-05T14:00:00+01:00', 'America/Los_Angeles', 'start_time').at.toMillis()).toBe(Date.parse('2030-03-05T13:00:00Z'))
    expect(parseWhen('2030-03-05', 'Asia/Kolkata', 'start_date')).toMatchObject({ dateOnly: true })
    expect(parseWhen('2030-03-05 09:30', 'UTC', 'start_time').at.toISO()).toBe('2030-03-05T09:30:00.000Z')
  })

  it('answers an unparseable time with invalid_argument', () => {
    const error = failure(() => parseWhen('next Tuesday-ish', 'UTC', 'start_time'))
    expect(error).toMatchObject({ code: 'invalid_argument', message: "I couldn't understand the start time. Could you say the day and time again?" })
  })
})
