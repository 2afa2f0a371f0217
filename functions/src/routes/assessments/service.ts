import { emptyAssessment, mergePatch, type Assessment, type AssessmentPatch } from '../../../../shared/assessment'
import { AppError, type FieldIssue } from '../../../../shared/errors'
import type { Rubric } from '../../../../shared/rubric/schema'
import { indexRubric } from '../../../../shared/rubric/walk'
import { scoreAssessment, summarizeScore, type Score, type ScoreSummary } from '../../../../shared/scoring'
import { validateAnswer, validateForSubmit, validateProfile } from '../../../../shared/validation'
import type { Principal } from '../../auth/token'
import type { Store } from '../../storage/store'

/*
 * Assessment use cases behind the routes. Every write is read → check → store.assessments.save(next, expected),
 * and save is conditional on the stored version, so a lost race becomes version_conflict and nothing partial is
 * ever written (one item, one conditional put).
 */

export type AssessmentView = { assessment: Assessment; score: Score }
/** Autosave runs every few seconds over weak 3G: a save answers with the new version and a summary only. */
export type SavedAssessment = { assessment: Assessment; summary: ScoreSummary }

// Ids that do not exist in the rubric are a malformed request (400), not a wrong value (422).
const UNKNOWN_ID_CODES = new Set(['unknown_fact', 'unknown_indicator'])

export async function rubricFor(store: Store, year: number): Promise<Rubric> {
  const rubric = await store.rubrics.get(year)
  if (!rubric) throw new AppError('not_found', `No rubric for ${year}`)
  return rubric
}

export const view = (rubric: Rubric, assessment: Assessment): AssessmentView => ({
  assessment,
  score: scoreAssessment(rubric, assessment),
})

export async function loadAssessment(store: Store, communeId: string, year: number): Promise<AssessmentView> {
  const [rubric, stored] = await Promise.all([rubricFor(store, year), store.assessments.get(communeId, year)])
  return view(rubric, stored ?? emptyAssessment(communeId, year))
}

function assertWritable(current: Assessment, version: number): void {
  if (current.status !== 'draft')
    throw new AppError('not_editable', `The ${current.year} assessment is ${current.status} and can no longer be changed`, {
      details: { status: current.status, currentVersion: current.version },
    })
  if (current.version !== version)
    throw new AppError('version_conflict', 'Someone saved this assessment after you loaded it; reload to see their changes', {
      details: { currentVersion: current.version },
    })
}

/** Issues for the fields this patch touches only: a draft may be incomplete or inconsistent elsewhere. */
export function patchIssues(rubric: Rubric, current: Assessment, patch: AssessmentPatch): FieldIssue[] {
  const merged = mergePatch(current, patch)
  const index = indexRubric(rubric)
  const issues: FieldIssue[] = []

  // null on an id the rubric does not know is still accepted when that id is stored: it is how data left
  // over from an older rubric gets cleaned up.
  for (const [id, value] of Object.entries(patch.profile ?? {})) {
    if (value === null && (index.facts.has(id) || id in current.profile)) continue
    // The merged profile, so bounds (atMost) are checked against facts this patch did not touch; a null
    // reaching here is an unknown id, reported as such.
    const source = value === null ? { [id]: 0 } : merged.profile
    issues.push(...validateProfile(rubric, source).filter((i) => i.field === `profile.${id}`))
  }
  for (const [id, answer] of Object.entries(patch.answers ?? {})) {
    if (answer === null && (index.indicators.has(id) || id in current.answers)) continue
    // answer is null only for an unknown id here, which validateAnswer reports before looking at the value.
    issues.push(...validateAnswer(rubric, id, answer ?? {}, merged.profile))
  }
  return issues
}

export async function patchAssessment(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  patch: AssessmentPatch,
  now: Date,
): Promise<SavedAssessment> {
  const [rubric, stored] = await Promise.all([rubricFor(store, year), store.assessments.getForWrite(communeId, year, patch.version)])
  const current = stored ?? emptyAssessment(communeId, year)
  assertWritable(current, patch.version)

  const issues = patchIssues(rubric, current, patch)
  const unknown = issues.filter((i) => UNKNOWN_ID_CODES.has(i.code))
  if (unknown.length > 0)
    throw new AppError('validation', `Not in the ${year} rubric: ${unknown.map((i) => i.field).join(', ')}`, { fields: unknown })
  if (issues.length > 0) throw new AppError('invalid_answers', 'Some values break the rubric’s rules', { fields: issues })

  const next: Assessment = {
    ...current,
    ...mergePatch(current, patch),
    version: current.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: who.id,
  }
  await store.assessments.save(next, current.version)
  return { assessment: next, summary: summarizeScore(scoreAssessment(rubric, next)) }
}

export async function submitAssessment(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  version: number,
  now: Date,
): Promise<AssessmentView> {
  const [rubric, stored] = await Promise.all([rubricFor(store, year), store.assessments.get(communeId, year)])
  const current = stored ?? emptyAssessment(communeId, year)
  assertWritable(current, version)

  const issues = validateForSubmit(rubric, current)
  if (issues.length > 0)
    throw new AppError('incomplete', `${issues.length} field(s) are missing or invalid; fix them before submitting`, {
      fields: issues,
    })

  const next: Assessment = {
    ...current,
    status: 'submitted',
    version: current.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: who.id,
  }
  await store.assessments.save(next, current.version)
  return view(rubric, next)
}
