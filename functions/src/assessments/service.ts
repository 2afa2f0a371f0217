import { contributionOf } from '../../../shared/dashboard'
import { emptyAssessment, mergePatch, recordedRubricVersion, type Assessment, type AssessmentPatch } from '../../../shared/assessment'
import { AppError, type FieldIssue } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { indexRubric } from '../../../shared/rubric/walk'
import { editChanges, hasVerdicts, reviewedValues, reviewedScore, reviewProgress, sameValue, staleReviewIds, type Change, type QueueSummary } from '../../../shared/review'
import { scoreAssessment, scoreSummary, type Score, type ScoreSummary } from '../../../shared/scoring'
import { closedSubmission } from '../../../shared/survey-year'
import { validateAnswer, validateForSubmit, validateProfile } from '../../../shared/validation'
import { allowedActions, type Action } from '../../../shared/workflow'
import type { Principal } from '../auth/token'
import type { SaveRecord, Store } from '../storage/store'
import { actorOf, assertTransition, assertVersion, type Actor } from '../auth/workflow-guard'
import { startingAssessment } from '../roster/carry-over'
import { reviewedRoster, staleRosterReviewIds } from '../../../shared/roster-review'
import { rosterChanges, validateRosterPatch } from '../../../shared/roster-validate'

/*
 * Assessment use cases behind the routes. Every write is read → check → store.assessments.save(next, expected,
 * {event}), and save is one transaction conditional on the stored version, so a lost race becomes
 * version_conflict and nothing partial is ever written: the new version and its audit event, or neither.
 */

export type AssessmentView = {
  assessment: Assessment
  score: Score
  /** The reviewer's verdicts per indicator (empty until the first). */
  reviews: NonNullable<Assessment['reviews']>
  /** The score of the reviewed values (adjusted answers in place), once anything was reviewed. */
  reviewedScore?: Score
  /** What the caller may do now, by role and status (shared/workflow.ts). */
  allowedActions: Action[]
}
/** The score columns of a save's answer; reviewed* once anything was reviewed. */
export type SavedSummary = ScoreSummary & { reviewedTotal?: number; reviewedEligible?: boolean }
/** A reviewer's or administrator's write answers with the new assessment and its summary. */
export type SavedAssessment = { assessment: Assessment; summary: SavedSummary }
/** Autosave runs every few seconds over weak 3G: the officer's save answers with the version and a summary only. */
export type SavedVersion = { version: number; summary: SavedSummary }

// Ids that do not exist in the rubric are a malformed request (400), not a wrong value (422).
const UNKNOWN_ID_CODES = new Set(['unknown_fact', 'unknown_indicator'])

export async function rubricFor(store: Store, year: number): Promise<Rubric> {
  const rubric = await store.rubrics.get(year)
  if (!rubric) throw new AppError('not_found', `No rubric for ${year}`)
  return rubric
}

/**
 * The rubric that scores an assessment. A submitted one keeps the version it was submitted with (a rubric
 * published later never changes a verdict already given); a draft or returned one follows the year's current
 * version, which it will be saved and submitted with. Data from before rubricVersion existed: the latest.
 */
export async function rubricOf(store: Store, assessment: Pick<Assessment, 'year' | 'status' | 'rubricVersion'>, latest?: Rubric): Promise<Rubric> {
  const version = recordedRubricVersion(assessment)
  if (version !== undefined) {
    if (latest?.version === version) return latest
    const recorded = await store.rubrics.getVersion(assessment.year, version)
    if (recorded) return recorded
  }
  return latest ?? rubricFor(store, assessment.year)
}

/** `submissionClosed`: the deadline has passed for this draft, so `submit` is not offered (submitAssessment refuses it). */
export function view(rubric: Rubric, assessment: Assessment, role: Principal['role'], submissionClosed = false): AssessmentView {
  const reviewed = reviewedScore(rubric, assessment)
  const actions = allowedActions(role, assessment.status)
  return {
    assessment,
    score: scoreAssessment(rubric, assessment),
    reviews: assessment.reviews ?? {},
    ...(reviewed ? { reviewedScore: reviewed } : {}),
    allowedActions: submissionClosed ? actions.filter((a) => a !== 'submit') : actions,
  }
}

export async function loadAssessment(store: Store, who: Principal, communeId: string, year: number, now: Date): Promise<AssessmentView> {
  const [latest, stored, surveyYear] = await Promise.all([
    rubricFor(store, year),
    store.assessments.get(communeId, year),
    store.surveyYears.get(year),
  ])
  const assessment = stored ?? (await startingAssessment(store, latest, communeId, year))
  return view(await rubricOf(store, assessment, latest), assessment, who.role, !!closedSubmission(surveyYear, assessment, now))
}

/**
 * The score columns of a save's answer (and of the queue's row): the core's figures only, no record or advice.
 * reviewed* once a reviewer has judged anything (shared/review.ts reviewedScore).
 */
export function savedSummary(rubric: Rubric, assessment: Assessment): SavedSummary {
  const own = scoreSummary(rubric, assessment)
  if (!hasVerdicts(assessment)) return own
  const reviewed = scoreSummary(rubric, reviewedValues(assessment))
  return { ...own, reviewedTotal: reviewed.total, reviewedEligible: reviewed.eligible }
}

const queueColumns = (rubric: Rubric, s: SavedSummary, a: Assessment): QueueSummary => ({
  total: s.total,
  eligible: s.eligible,
  ...(s.reviewedTotal !== undefined ? { reviewedTotal: s.reviewedTotal, reviewedEligible: s.reviewedEligible! } : {}),
  ...reviewProgress(rubric, a),
})

/**
 * Stores `next` over `current` with its audit event (and a comment that came with it) in one transaction, and
 * answers with the new version and its score columns, which also go onto the item for the queue.
 */
export async function commit(
  store: Store,
  rubric: Rubric,
  current: Assessment,
  next: Assessment,
  event: NonNullable<SaveRecord['event']>,
  comment?: SaveRecord['comment'],
): Promise<SavedAssessment> {
  const summary = savedSummary(rubric, next)
  // The dashboard counters move in the same transaction, only when what they show changes (shared/dashboard.ts).
  const contribution = { before: contributionOf(rubric, current), after: contributionOf(rubric, next) }
  await store.assessments.save(next, current.version, {
    event,
    summary: queueColumns(rubric, summary, next),
    contribution,
    // The signal-gap map's item is rewritten only when the roster it shows changed: the officer's rows with the
    // reviewer's adjustments in place (storage/signal-gaps.ts), so a reviewer's village row reaches the map too.
    // A first save (version 0) may store a roster carried over from last year: the map needs it too.
    rosterChanged: current.version === 0 || !sameValue(reviewedRoster(current) ?? null, reviewedRoster(next) ?? null),
    ...(comment ? { comment } : {}),
  })
  return { assessment: next, summary }
}

export const eventBy = (actor: Actor, at: Date, action: Action, extra: Partial<NonNullable<SaveRecord['event']>> = {}) => ({
  at: at.toISOString(),
  by: actor.id,
  byName: actor.name,
  role: actor.role,
  action,
  ...extra,
})

// The officer's form has always answered `not_editable` for a status it cannot change; kept for its clients.
function assertWritable(actor: Actor, current: Assessment, action: 'edit' | 'submit', version: number): void {
  assertTransition(actor.role, current, action, 'not_editable')
  assertVersion(current, version)
}

/** Issues for the fields this patch touches only: a draft may be incomplete or inconsistent elsewhere. */
export function patchIssues(rubric: Rubric, current: Assessment, patch: AssessmentPatch): FieldIssue[] {
  const merged = mergePatch(current, patch)
  const index = indexRubric(rubric)
  const issues: FieldIssue[] = []

  // null on an id the rubric does not know is still accepted when that id is stored: it is how data left
  // over from an older rubric gets cleaned up.
  for (const [id, value] of Object.entries(patch.profile ?? {})) {
    if (value === null && (index.facts.has(id) || Object.hasOwn(current.profile, id))) continue
    // The merged profile, so bounds (atMost) are checked against facts this patch did not touch; a null
    // reaching here is an unknown id, reported as such.
    const source = value === null ? { [id]: 0 } : merged.profile
    issues.push(...validateProfile(rubric, source).filter((i) => i.field === `profile.${id}`))
  }
  for (const [id, answer] of Object.entries(patch.answers ?? {})) {
    if (answer === null && (index.indicators.has(id) || Object.hasOwn(current.answers, id))) continue
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
): Promise<SavedVersion> {
  const [rubric, stored, actor] = await Promise.all([
    rubricFor(store, year),
    store.assessments.getForWrite(communeId, year, patch.version),
    actorOf(store, who),
  ])
  const current = stored ?? (await startingAssessment(store, rubric, communeId, year))
  assertWritable(actor, current, 'edit', patch.version)

  const merged = mergePatch(current, patch)
  // The roster in the same write, version and conflict rules as the answers (shared/roster-validate.ts).
  const roster = validateRosterPatch(rubric, current.roster, patch.roster, merged.profile, patch.profile?.households != null)
  const issues = [...patchIssues(rubric, current, patch), ...roster.issues]
  const unknown = issues.filter((i) => UNKNOWN_ID_CODES.has(i.code))
  if (unknown.length > 0)
    throw new AppError('validation', `Not in the ${year} rubric: ${unknown.map((i) => i.field).join(', ')}`, { fields: unknown })
  if (issues.length > 0) throw new AppError('invalid_answers', 'Some values break the rubric’s rules', { fields: issues })

  const changes = [
    ...editChanges(current, merged, { profile: Object.keys(patch.profile ?? {}), answers: Object.keys(patch.answers ?? {}) }),
    ...(roster.roster && patch.roster ? rosterChanges(current.roster, roster.roster, patch.roster) : []),
  ]
  // The first save of a year that started from last year's roster says so in the audit trail.
  if (!stored && current.rosterFrom && changes.length > 0) changes.push({ field: 'rosterFrom', from: null, to: current.rosterFrom })
  // Nothing changed (a retried autosave, an empty patch): the current version stands; no write, no empty event.
  // A stored form saved under an older rubric version is written, to record the version it now follows.
  if (changes.length === 0 && (!stored || stored.rubricVersion === rubric.version))
    return { version: current.version, summary: savedSummary(rubric, current) }
  const next: Assessment = {
    ...current,
    ...merged,
    ...(roster.roster ? { roster: roster.roster } : {}),
    version: current.version + 1,
    rubricVersion: rubric.version,
    updatedAt: now.toISOString(),
    updatedBy: who.id,
    updatedByName: actor.name,
  }
  const saved = await commit(store, rubric, current, next, eventBy(actor, now, 'edit', { changes }))
  return { version: next.version, summary: saved.summary }
}

export async function submitAssessment(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  version: number,
  now: Date,
): Promise<AssessmentView> {
  const [rubric, stored, actor, surveyYear] = await Promise.all([
    rubricFor(store, year),
    store.assessments.get(communeId, year),
    actorOf(store, who),
    store.surveyYears.get(year),
  ])
  const current = stored ?? emptyAssessment(communeId, year)
  assertWritable(actor, current, 'submit', version)
  const closed = closedSubmission(surveyYear, current, now)
  if (closed)
    throw new AppError('deadline_passed', `Submissions for ${year} closed on ${closed.extendedUntil ?? closed.deadline}`, {
      details: { deadline: closed.deadline, closesAt: closed.closesAt, ...(closed.extendedUntil ? { extendedUntil: closed.extendedUntil } : {}) },
    })

  const issues = validateForSubmit(rubric, current)
  if (issues.length > 0)
    throw new AppError('incomplete', `${issues.length} field(s) are missing or invalid; fix them before submitting`, {
      fields: issues,
    })

  // A resubmission after a return: verdicts on answers the officer changed no longer apply.
  const stale = staleReviewIds(current)
  const reviews = { ...current.reviews }
  const changes: Change[] = []
  for (const id of stale) {
    changes.push({ field: `reviews.${id}`, from: reviews[id], to: null })
    delete reviews[id]
  }
  // Likewise a reviewer's village row made on a row the officer has changed since (shared/roster-review.ts).
  const rosterReviews = { ...current.rosterReviews }
  for (const id of staleRosterReviewIds(current)) {
    changes.push({ field: `rosterReviews.${id}`, from: rosterReviews[id], to: null })
    delete rosterReviews[id]
  }
  const next: Assessment = {
    ...current,
    status: 'submitted',
    version: current.version + 1,
    rubricVersion: rubric.version,
    updatedAt: now.toISOString(),
    updatedBy: who.id,
    submittedAt: now.toISOString(),
    submittedBy: who.id,
    ...(current.reviews ? { reviews } : {}),
    ...(current.rosterReviews ? { rosterReviews } : {}),
  }
  await commit(store, rubric, current, next, eventBy(actor, now, 'submit', changes.length > 0 ? { changes } : {}))
  return view(rubric, next, who.role)
}

