import { describe, expect, it } from 'vitest'
import { round2 } from '../../shared/round'
import { scoreAssessment } from '../../shared/scoring'
import type { Rubric } from '../../shared/rubric/schema'
import { clone, perfectAnswers, profile, rubric } from './fixtures'

describe('round2: half away from zero on the decimal value', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [-1.005, -1.01],
    [3.2608695652, 3.26],
    [0.125, 0.13],
    [29.997, 30],
    [10, 10],
  ])('%d → %d', (x, want) => expect(round2(x)).toBe(want))
})

describe('worked examples of RUBRIC-FORMAT.md', () => {
  it('Bắc Trà My: 10 of 46 cultural houses with Wi-Fi gives A3.5 = 3.26 points', () => {
    const s = scoreAssessment(rubric, { profile, answers: { 'A3.5': { numerator: 10 } } })
    expect(s.indicators['A3.5']).toMatchObject({ status: 'scored', points: 3.26, max: 15, met: false })
  })

  it('Bắc Trà My: villages still in signal gaps leave A3.3 unmet and the commune ineligible whatever its total', () => {
    const answers = { ...perfectAnswers(), 'A3.3': { count: 2 } }
    const s = scoreAssessment(rubric, { profile, answers })
    expect(s.indicators['A3.3']).toMatchObject({ points: 0, met: false })
    expect(s.total).toBe(970)
    expect(s.verdict.eligible).toBe(false)
    expect(s.verdict.failures).toEqual([
      expect.objectContaining({ rule: 'mandatory', subject: 'A3.3', message: { vi: 'Chỉ tiêu bắt buộc A3.3 chưa đạt', en: 'mandatory A3.3 not met' } }),
    ])
    expect(s.verdict.toMeet.map((a) => a.message.vi)).toEqual(['A3.3 cần không quá 0 thôn, hiện có 2'])
  })

  it('one village in a signal gap earns the second step (15 of 30)', () => {
    const s = scoreAssessment(rubric, { profile, answers: { 'A3.3': { count: 1 } } })
    expect(s.indicators['A3.3']).toMatchObject({ points: 15, met: false })
  })

  it('A3.1 advice: "cần 960/1200 hộ (80%), hiện có 900"', () => {
    const s = scoreAssessment(rubric, { profile, answers: { 'A3.1': { numerator: 900 } } })
    expect(s.indicators['A3.1']?.points).toBe(28.13) // 30 × min(1, 0.75 / 0.8) = 28.125 → 28.13
    const advice = s.verdict.toMeet.find((a) => a.indicatorId === 'A3.1')
    expect(advice?.message).toEqual({
      vi: 'A3.1 cần 960/1.200 hộ (80%), hiện có 900',
      en: 'A3.1 needs 960 of 1200 households (80%), has 900',
    })
  })

  it('a perfect assessment scores 1000 and is eligible', () => {
    const s = scoreAssessment(rubric, { profile, answers: perfectAnswers() })
    expect(s.total).toBe(1000)
    expect(s.maxTotal).toBe(1000)
    expect(s.missing).toEqual([])
    expect(s.verdict).toEqual({ eligible: true, failures: [], toMeet: [] })
  })
})

describe('the three recognition rules', () => {
  it('total below minTotal fails with "total X < 800"', () => {
    const answers = perfectAnswers()
    // Drop non-mandatory points until the total falls under 800 while each pillar stays above 60%.
    for (const id of ['A3.4', 'A4.1', 'A4.3', 'B4', 'B5', 'B7', 'D3', 'D5', 'A3.2', 'B8', 'A3.1']) delete answers[id]
    const s = scoreAssessment(rubric, { profile, answers })
    const rules = s.verdict.failures.map((f) => f.rule)
    expect(rules).toContain('minTotal')
    const f = s.verdict.failures.find((x) => x.rule === 'minTotal')!
    expect(f.message.en).toBe(`total ${s.total} < 800`)
    expect(s.total).toBeLessThan(800)
  })

  it('a pillar under 60% of its maximum fails with "pillar C x < 72"', () => {
    const answers = perfectAnswers()
    for (const id of ['C1', 'C2', 'C3']) delete answers[id]
    const s = scoreAssessment(rubric, { profile, answers })
    const c = s.pillars.find((p) => p.id === 'C')!
    expect(c).toEqual({ id: 'C', points: 45, max: 120, minRequired: 72, meetsMinimum: false })
    expect(s.verdict.failures.map((f) => f.message.en)).toContain('pillar C 45 < 72 (60% of 120)')
  })

  it('mandatoryMustBeMet: false ignores unmet mandatory indicators', () => {
    const r: Rubric = clone(rubric)
    r.recognition.mandatoryMustBeMet = false
    const s = scoreAssessment(r, { profile, answers: { ...perfectAnswers(), 'A3.3': { count: 2 } } })
    expect(s.verdict.eligible).toBe(true)
    expect(s.verdict.toMeet.map((a) => a.indicatorId)).toEqual(['A3.3'])
  })
})

describe('zero denominators', () => {
  it('whenDenominatorZero: fullPoints earns full points when the profile fact is 0', () => {
    const s = scoreAssessment(rubric, { profile: { ...profile, businesses: 0 }, answers: { C1: { numerator: 0 } } })
    expect(s.indicators['C1']).toMatchObject({ status: 'scored', points: 30, met: true })
  })

  it('whenDenominatorZero: fullPoints earns full points when the entered denominator is 0', () => {
    const s = scoreAssessment(rubric, { profile, answers: { B8: { numerator: 0, denominator: 0 } } })
    expect(s.indicators['B8']).toMatchObject({ status: 'scored', points: 30, met: true })
  })

  it('without the flag a zero denominator makes the answer invalid', () => {
    const s = scoreAssessment(rubric, { profile, answers: { B1: { numerator: 0, denominator: 0 } } })
    expect(s.indicators['B1']).toMatchObject({ status: 'invalid', points: 0, met: false })
    expect(s.indicators['B1']?.issues[0]?.field).toBe('answers.B1.denominator')
    expect(s.invalid).toEqual(['B1'])
  })
})

describe('answers that cannot be scored', () => {
  it('an unanswered indicator earns 0 and is listed as missing', () => {
    const s = scoreAssessment(rubric, { profile, answers: {} })
    expect(s.total).toBe(0)
    expect(s.missing).toHaveLength(42)
  })

  it('a ratio over a profile fact not yet entered is invalid and says which fact is needed', () => {
    const s = scoreAssessment(rubric, { profile: {}, answers: { 'A3.1': { numerator: 5 } } })
    expect(s.indicators['A3.1']).toMatchObject({ status: 'invalid', points: 0 })
    expect(s.indicators['A3.1']?.issues[0]).toMatchObject({ field: 'profile.households', code: 'needs_profile' })
  })

  it('a numerator above its profile denominator is invalid', () => {
    const s = scoreAssessment(rubric, { profile, answers: { 'A3.1': { numerator: 1201 } } })
    expect(s.indicators['A3.1']).toMatchObject({ status: 'invalid', points: 0 })
  })

  it('an answer of the wrong shape is invalid, not a crash', () => {
    const s = scoreAssessment(rubric, { profile, answers: { 'A1.3': { count: 1 } } })
    expect(s.indicators['A1.3']).toMatchObject({ status: 'invalid', points: 0 })
  })
})

describe('pillar and total sums use rounded indicator points', () => {
  it('sums the rounded values, not the raw ones', () => {
    // A3.5 raw 3.2608…, A3.2 raw 15 × 7/46 = 2.2826… → 2.28; rounded sum 5.54 (raw sum 5.5434…)
    const s = scoreAssessment(rubric, { profile, answers: { 'A3.5': { numerator: 10 }, 'A3.2': { numerator: 7 } } })
    expect(s.indicators['A3.2']?.points).toBe(2.28)
    expect(s.pillars.find((p) => p.id === 'A')?.points).toBe(5.54)
    expect(s.total).toBe(5.54)
  })
})
