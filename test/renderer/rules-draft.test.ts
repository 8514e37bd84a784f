import { describe, expect, it } from 'vitest'
import { checkDraft, draftFromSettings } from '../../renderer/src/lib/rules-draft.ts'
import { defaultSettings, settingsSchema } from '../../server/settings/settings-schema.ts'

describe('the rules form draft', () => {
  const settings = defaultSettings('America/New_York')

  it('round-trips the saved settings into a patch the server accepts', () => {
    const { errors, patch } = checkDraft(draftFromSettings(settings))
    expect(errors).toEqual({})
    expect(settingsSchema.safeParse({ ...settings, ...patch }).success).toBe(true)
    expect(patch).toMatchObject({ slot_step: 30, max_per_day: null, consultant_name: null })
  })

  it('keys each problem like the server does', () => {
    const draft = draftFromSettings(settings)
    draft.numbers.slot_step = '3'
    draft.numbers.max_per_day = '0'
    draft.business_hours.monday = [{ start: '10:00', end: '09:00' }]
    draft.date_overrides = [{ date: '2030-01-01', ranges: [] }, { date: '2030-01-01', ranges: [] }]
    draft.meeting_types[0]!.duration = '1000'
    const { errors, patch } = checkDraft(draft)
    expect(patch).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['business_hours.monday', 'date_overrides[1]', 'max_per_day', 'meeting_types[0].duration', 'slot_step'])
  })

  it('follows a renamed default meeting type only through the form, not by itself', () => {
    const draft = draftFromSettings(settings)
    draft.meeting_types[0]!.id = 'intro'
    expect(checkDraft(draft).errors).toHaveProperty('default_meeting_type')
    draft.default_meeting_type = 'intro'
    expect(checkDraft(draft).patch).toMatchObject({ default_meeting_type: 'intro', meeting_types: [{ id: 'intro', name: 'Meeting', duration: 30 }] })
  })
})
