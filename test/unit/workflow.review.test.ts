import { describe, expect, it } from 'vitest'
import type { Assessment, IndicatorReview } from '../../shared/assessment'
import { editChanges, queueSummary, reviewedAnswers, reviewedScore, sameValue, staleReviewIds, threadsByIndicator, type Comment } from '../../shared/review'
import { emptyAssessment } from '../../shared/assessment'
import { scoreAssessment } from '../../shared/scoring'
import { perfectAnswers, profile, rubric } from './fixtures'

const by = { by: 'u-r', byName: 'Phạm Văn D', at: '2025-05-01T00:00:00.000Z' }
const review = (r: Partial<IndicatorReview>): IndicatorReview => ({ decision: 'accepted', ...by, ...r })

const base = (): Assessment => ({ ...emptyAssessment('c', 2025), status: 'submitted', version: 3, profile, answers: perfectAnswers() })

describe('reviewed values', () => {
  it('put every adjusted answer in place of the officer’s and leave the rest', () => {
    const a = base()
    a.reviews = {
      'A3.1': review({ decision: 'adjusted', answer: { numerator: 1 }, reason: 'Theo sổ hộ khẩu' }),
      'A1.2': review({ decision: 'accepted' }),
      'B1.1': review({ decision: 'needs_evidence', reason: 'Thiếu biên bản' }),
    }
    const reviewed = reviewedAnswers(a)
    expect(reviewed['A3.1']).toEqual({ numerator: 1 })
    expect(reviewed['A1.2']).toEqual(a.answers['A1.2'])
    expect(reviewed['B1.1']).toEqual(a.answers['B1.1'])
    expect(a.answers['A3.1']).not.toEqual({ numerator: 1 }) // not mutated
  })

  it('are the officer’s answers (same object) when nothing was adjusted, and score the same', () => {
    const a = base()
    expect(reviewedAnswers(a)).toBe(a.answers)
    expect(reviewedScore(rubric, a)).toBeUndefined()
    a.reviews = { 'A1.2': review({}) }
    expect(reviewedScore(rubric, a)!.total).toBe(scoreAssessment(rubric, a).total)
  })

  it('an adjustment lowers the reviewed score, and the summary carries both', () => {
    const a = base()
    a.reviews = { 'A3.1': review({ decision: 'adjusted', answer: { numerator: 0 }, reason: 'x' }) }
    const officer = scoreAssessment(rubric, a)
    const reviewed = reviewedScore(rubric, a)!
    expect(reviewed.total).toBeLessThan(officer.total)
    expect(queueSummary(officer, reviewed)).toEqual({
      total: officer.total,
      eligible: officer.verdict.eligible,
      reviewedTotal: reviewed.total,
      reviewedEligible: reviewed.verdict.eligible,
    })
    expect(queueSummary(officer)).toEqual({ total: officer.total, eligible: officer.verdict.eligible })
  })
})

describe('edit changes', () => {
  it('old → new for touched fields only, null for none, equal values skipped', () => {
    const before = { profile: { households: 100, adults: 5 }, answers: { 'A3.1': { numerator: 5, note: 'a' } } }
    const after = { profile: { households: 120, adults: 5 }, answers: { 'B1.1': { yes: true }, 'A3.1': { note: 'a', numerator: 5 } } }
    expect(editChanges(before, after, { profile: ['households', 'adults'], answers: ['A3.1', 'B1.1'] })).toEqual([
      { field: 'profile.households', from: 100, to: 120 },
      { field: 'answers.B1.1', from: null, to: { yes: true } },
    ])
    expect(editChanges(after, { profile: {}, answers: {} }, { profile: ['households'], answers: ['B1.1'] })).toEqual([
      { field: 'profile.households', from: 120, to: null },
      { field: 'answers.B1.1', from: { yes: true }, to: null },
    ])
  })

  it('sameValue ignores key order and undefined members', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true)
    expect(sameValue({ a: 1, n: undefined }, { a: 1 })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false)
    expect(sameValue([1], { 0: 1 })).toBe(false)
    expect(sameValue(null, {})).toBe(false)
  })
})

describe('stale reviews on resubmission', () => {
  it('are those whose answer changed since the verdict', () => {
    const a = base()
    const answered = Object.keys(a.answers).find((id) => id !== 'A3.1' && id !== 'A1.2')!
    a.reviews = {
      'A3.1': review({ officerAnswer: a.answers['A3.1'] }),
      'A1.2': review({ officerAnswer: { count: 999 } }),
      [answered]: review({}), // given on a missing answer, now answered
    }
    expect(staleReviewIds(a).sort()).toEqual(['A1.2', answered].sort())
  })
})

describe('comment threads', () => {
  it('group by indicator, oldest first', () => {
    const c = (id: string, at: string, indicatorId?: string): Comment => ({ id, text: id, by: 'u', byName: 'U', role: 'officer', at, ...(indicatorId ? { indicatorId } : {}) })
    const threads = threadsByIndicator([c('3', '2025-01-03', 'A3.1'), c('1', '2025-01-01', 'A3.1'), c('2', '2025-01-02')])
    expect(threads.get('A3.1')!.map((x) => x.id)).toEqual(['1', '3'])
    expect(threads.get(undefined)!.map((x) => x.id)).toEqual(['2'])
  })
})
