import { emptyAssessment, type Assessment, type AssessmentStatus } from '../../../shared/assessment'
import { reviewedRoster } from '../../../shared/roster-review'
import { rosterSectionOf } from '../../../shared/roster-validate'
import type { Rubric } from '../../../shared/rubric/schema'
import type { Store } from '../storage/store'

/*
 * Year rollover of the village roster (issue 13): a commune's first assessment of a year whose rubric has a
 * roster starts from last year's roster with the same village ids, so the officer only changes what changed.
 * Nothing is written until the officer's first save: the version-0 draft a GET shows and the one a first PATCH
 * starts from are both computed here from the same stored data (last year's assessment, frozen once decided).
 *
 * Which rows: last year's REVIEWED roster (the reviewer's adjusted rows in place) when the district vouched for
 * it (district_approved, and recognised / not_recognised, which come after it). Otherwise (submitted, returned,
 * rejected, or a draft never submitted) the officer's own rows as last saved: a commune never retypes what it
 * typed, and `rosterFrom.reviewed: false` tells the reviewer these rows were never checked.
 */

const VOUCHED: readonly AssessmentStatus[] = ['district_approved', 'recognised', 'not_recognised']

/** The assessment a commune starts the year with when none is stored. */
export async function startingAssessment(store: Store, rubric: Rubric, communeId: string, year: number): Promise<Assessment> {
  const empty = emptyAssessment(communeId, year)
  if (!rosterSectionOf(rubric)) return empty
  const last = await store.assessments.get(communeId, year - 1)
  if (!last?.roster || Object.keys(last.roster).length === 0) return empty
  const reviewed = VOUCHED.includes(last.status)
  const roster = reviewed ? reviewedRoster(last) : last.roster
  if (!roster || Object.keys(roster).length === 0) return empty
  return { ...empty, roster, rosterFrom: { year: year - 1, version: last.version, status: last.status, reviewed } }
}
