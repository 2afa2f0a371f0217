import type { FieldIssue } from '../../../shared/errors'
import { rosterSectionOf, villageOfEvidenceTarget } from '../../../shared/roster-validate'
import type { Rubric } from '../../../shared/rubric/schema'
import type { Store } from '../storage/store'
import { startingAssessment } from './carry-over'

/**
 * Why a `village:<villageId>` evidence target is refused, or undefined when the village is in the commune's roster
 * of that year (the stored one, or the one carried from last year that the officer's version-0 form shows).
 * Undefined for a target that is not a village's: the caller checks indicators as before.
 */
export async function villageEvidenceIssue(store: Store, rubric: Rubric, communeId: string, year: number, target: string): Promise<FieldIssue | undefined> {
  const villageId = villageOfEvidenceTarget(target)
  if (villageId === undefined) return undefined
  const issue = (code: string, vi: string, en: string): FieldIssue => ({ field: 'indicatorId', code, message: { vi, en } })
  if (!rosterSectionOf(rubric)) return issue('no_roster', `Năm ${year} không có danh sách thôn`, `The ${year} rubric has no village roster`)
  const assessment = (await store.assessments.get(communeId, year)) ?? (await startingAssessment(store, rubric, communeId, year))
  const roster = assessment.roster ?? {}
  if (!Object.hasOwn(roster, villageId))
    return issue('unknown_village', `Không có thôn "${villageId}" trong danh sách thôn của xã năm ${year}`, `No village "${villageId}" in the commune's ${year} roster`)
  return undefined
}
