import { describe, expect, it } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import { exportColumns, exportRow } from '../../shared/export-columns'
import { reviewedValues } from '../../shared/review'
import { reviewedRoster, staleRosterReviewIds } from '../../shared/roster-review'
import { defaultRubric2026 } from '../../shared/rubric/default'
import { scoreAssessment } from '../../shared/scoring'

// The reviewer's village rows (issue 13): what the reviewed values, the reviewed score and the export carry.
const v = (name: string, level: '3g' | '4g') => ({ name, kind: 'thon' as const, coverage: { viettel: { level } } })
const review = { by: 'u-r', byName: 'R', at: '2026-05-01T00:00:00.000Z', reason: 'Đo thực tế' }
const assessment: Assessment = {
  communeId: 'c',
  year: 2026,
  status: 'district_approved',
  version: 5,
  profile: {},
  answers: {},
  roster: { t1: v('Thôn 1', '4g'), t2: v('Thôn 2', '4g'), t3: v('Thôn 3', '4g') },
  rosterReviews: { t1: { ...review, village: v('Thôn 1', '3g'), officerVillage: v('Thôn 1', '4g') }, t3: { ...review, village: null, officerVillage: v('Thôn 3', '4g') } },
  reviews: {},
  updatedAt: null,
  updatedBy: null,
}

describe('reviewed roster', () => {
  it('puts the reviewer’s rows in place and drops the villages found not to exist', () => {
    expect(reviewedRoster(assessment)).toEqual({ t1: v('Thôn 1', '3g'), t2: v('Thôn 2', '4g') })
    expect(staleRosterReviewIds(assessment)).toEqual([])
    expect(staleRosterReviewIds({ ...assessment, roster: { ...assessment.roster, t1: v('Thôn 1', '3g') } })).toEqual(['t1'])
  })

  it('the derived A3.3 of the reviewed values counts the reviewer’s rows; the export shows that figure after review', () => {
    const own = scoreAssessment(defaultRubric2026, assessment)
    const reviewed = scoreAssessment(defaultRubric2026, reviewedValues(assessment))
    expect(own.indicators['A3.3']?.value).toBe(0)
    expect(reviewed.indicators['A3.3']?.value).toBe(1)
    const columns = exportColumns(defaultRubric2026)
    const row = exportRow(defaultRubric2026, { assessment, communeName: 'Xã C', unitName: 'Huyện U' })
    const cell = (id: string) => row[columns.findIndex((c) => c.key === id)]
    expect(columns.some((c) => c.key === 'reviewedValue.A3.3')).toBe(true)
    expect(cell('value.A3.3')).toBe(0)
    expect(cell('reviewedValue.A3.3')).toBe(1)
  })
})
