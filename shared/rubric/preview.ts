import type { Assessment } from '../assessment'
import { reviewedValues } from '../review'
import { scoreAssessment } from '../scoring'
import type { Rubric } from './schema'

/*
 * "How would last year's assessments score under this rubric?" Each assessment is scored on the values that
 * count for recognition: the reviewed values (adjustments in place) once a reviewer judged it, else the
 * officer's. Answers to indicators the candidate does not have are ignored; its new indicators score 0.
 */

export type PreviewRow = {
  communeId: string
  status: Assessment['status']
  oldTotal: number
  newTotal: number
  oldEligible: boolean
  newEligible: boolean
  /** `gained`/`lost`: the recognition verdict changes; `same`: it does not. */
  change: 'gained' | 'lost' | 'same'
}

export type PreviewSummary = { assessments: number; gained: number; lost: number; unchanged: number }

export function previewRow(oldRubric: Rubric, candidate: Rubric, assessment: Assessment): PreviewRow {
  // The roster goes along: a candidate that derives answers from it (issue 13) scores them from the villages.
  const values = reviewedValues(assessment)
  const before = scoreAssessment(oldRubric, values, { advice: false })
  const after = scoreAssessment(candidate, values, { advice: false })
  const oldEligible = before.verdict.eligible
  const newEligible = after.verdict.eligible
  return {
    communeId: assessment.communeId,
    status: assessment.status,
    oldTotal: before.total,
    newTotal: after.total,
    oldEligible,
    newEligible,
    change: oldEligible === newEligible ? 'same' : newEligible ? 'gained' : 'lost',
  }
}

export function previewSummary(rows: PreviewRow[]): PreviewSummary {
  const gained = rows.filter((r) => r.change === 'gained').length
  const lost = rows.filter((r) => r.change === 'lost').length
  return { assessments: rows.length, gained, lost, unchanged: rows.length - gained - lost }
}
