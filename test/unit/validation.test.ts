import { describe, expect, it } from 'vitest'
import { mergePatch } from '../../shared/assessment'
import { validateAnswer, validateForSubmit, validateProfile } from '../../shared/validation'
import { perfectAnswers, profile, rubric } from './fixtures'

const fields = (issues: { field: string }[]) => issues.map((i) => i.field)

describe('validateProfile', () => {
  it('accepts a complete, consistent profile', () => expect(validateProfile(rubric, profile)).toEqual([]))

  it('rejects zero unless mayBeZero, unknown facts, non-whole numbers and atMost violations', () => {
    const issues = validateProfile(rubric, { households: 0, businesses: 0, adults: 13000, population: 12000, pets: 3, villages: 2.5 })
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['profile.households', 'zero'],
      ['profile.adults', 'above_bound'],
      ['profile.pets', 'unknown_fact'],
      ['profile.villages', 'not_whole'],
    ])
    expect(issues[1]?.message.vi).toBe('Dân số từ 15 tuổi trở lên (13000) không được lớn hơn tổng dân số của xã (12000)')
  })
})

describe('validateAnswer', () => {
  it.each([
    ['A3.1', { numerator: 1300 }, 'answers.A3.1.numerator', 'above_denominator'],
    ['A3.1', { numerator: 3, denominator: 4 }, 'answers.A3.1.denominator', 'unexpected'],
    ['B1', { numerator: 3 }, 'answers.B1.denominator', 'required'],
    ['B1', { numerator: 5, denominator: 3 }, 'answers.B1.numerator', 'above_denominator'],
    ['A3.3', { count: 47 }, 'answers.A3.3.count', 'above_bound'],
    ['A1.1', { choice: 'mayor' }, 'answers.A1.1.choice', 'unknown_option'],
    ['A1.3', { numerator: 1 }, 'answers.A1.3', 'wrong_shape'],
    ['A1.2', { count: -1 }, 'answers.A1.2', 'wrong_shape'],
    ['A1.2', { count: 1.5 }, 'answers.A1.2', 'wrong_shape'],
    ['A1.2', { count: 1, note: 'x'.repeat(2001) }, 'answers.A1.2.note', 'note_too_long'],
    ['Z9', { yes: true }, 'answers.Z9', 'unknown_indicator'],
  ])('%s %j → %s (%s)', (id, answer, field, code) => {
    const issues = validateAnswer(rubric, id, answer, profile)
    expect(issues.map((i) => [i.field, i.code])).toContainEqual([field, code])
    for (const i of issues) expect(i.message.vi.length).toBeGreaterThan(0)
  })

  it('accepts valid answers with notes', () => {
    expect(validateAnswer(rubric, 'A3.1', { numerator: 1200, note: 'Theo số liệu VNPT' }, profile)).toEqual([])
    expect(validateAnswer(rubric, 'B1', { numerator: 0, denominator: 10 }, profile)).toEqual([])
    expect(validateAnswer(rubric, 'A1.1', { choice: 'deputy' }, profile)).toEqual([])
  })

  it('defers profile-bound checks until the profile fact is entered', () => {
    expect(validateAnswer(rubric, 'A3.1', { numerator: 99999 }, {})).toEqual([])
  })
})

describe('validateForSubmit', () => {
  it('a complete valid assessment has no issues', () => {
    expect(validateForSubmit(rubric, { profile, answers: perfectAnswers() })).toEqual([])
  })

  it('lists every missing fact and indicator by field', () => {
    const answers = perfectAnswers()
    delete answers['B3']
    const { schools: _drop, ...partial } = profile
    const issues = validateForSubmit(rubric, { profile: partial, answers })
    expect(fields(issues)).toEqual(['profile.schools', 'answers.B3'])
    expect(issues[1]?.message.vi).toMatch(/^B3 chưa trả lời/)
  })
})

describe('mergePatch', () => {
  it('merges per fact and per indicator, null removes, absent keys stay', () => {
    const merged = mergePatch(
      { profile: { villages: 46, households: 1200 }, answers: { 'A1.3': { yes: true }, 'A3.1': { numerator: 5 } } },
      { profile: { villages: 47, households: null }, answers: { 'A3.1': null, 'A1.4': { yes: false } } },
    )
    expect(merged).toEqual({ profile: { villages: 47 }, answers: { 'A1.3': { yes: true }, 'A1.4': { yes: false } } })
  })
})
