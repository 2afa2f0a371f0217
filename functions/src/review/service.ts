import { randomUUID } from 'node:crypto'
import { emptyAssessment, type Assessment, type Decision, type IndicatorReview } from '../../../shared/assessment'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { reviewedValues, type Comment } from '../../../shared/review'
import type { Rubric } from '../../../shared/rubric/schema'
import { flattenIndicators, indexRubric } from '../../../shared/rubric/walk'
import { approvalReadiness, checkApproval } from '../../../shared/workflow'
import { scoreAssessment } from '../../../shared/scoring'
import { validateAnswer } from '../../../shared/validation'
import type { Principal } from '../auth/token'
import type { Store } from '../storage/store'
import { commit, eventBy, rubricOf, type SavedAssessment } from '../assessments/service'
import type { DecisionBody, ReviewBody } from './schemas'
import { actorOf, assertTransition, assertVersion, type Actor } from '../auth/workflow-guard'

/*
 * The reviewer's and admin's writes: per-indicator review and the status transitions. Each is
 * read → check (role, status, version, body against the rubric) → commit (new version + its event in one
 * transaction). Scope was checked by the route before.
 */

/** The decisions that move an assessment between statuses (docs/REVIEW.md rows return … reopen). */
export type DecisionAction = 'return' | 'approve' | 'reject' | 'recognise' | 'not_recognise' | 'reopen'

async function loadForWrite(store: Store, who: Principal, communeId: string, year: number) {
  const [stored, actor] = await Promise.all([store.assessments.get(communeId, year), actorOf(store, who)])
  const current = stored ?? emptyAssessment(communeId, year)
  // Judged by the rubric the assessment was submitted with (a version published since does not apply to it).
  return { rubric: await rubricOf(store, current), current, actor }
}

/** An adjusted answer is checked like an officer's; issues are renamed to the request's own field (`answer.…`). */
function adjustedAnswerIssues(rubric: Rubric, current: Assessment, indicatorId: string, answer: unknown): FieldIssue[] {
  const prefix = `answers.${indicatorId}`
  return validateAnswer(rubric, indicatorId, answer, current.profile).map((issue) => ({
    ...issue,
    field: issue.field.startsWith(prefix) ? `answer${issue.field.slice(prefix.length)}` : issue.field,
  }))
}

export async function reviewIndicator(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  indicatorId: string,
  body: ReviewBody,
  now: Date,
): Promise<SavedAssessment> {
  const { rubric, current, actor } = await loadForWrite(store, who, communeId, year)
  assertTransition(actor.role, current, 'review_indicator')
  assertVersion(current, body.version)
  if (!indexRubric(rubric).indicators.has(indicatorId))
    throw new AppError('validation', `No indicator "${indicatorId}" in the ${year} rubric`, {
      fields: [{ field: 'indicatorId', code: 'unknown_indicator', message: { vi: `Không có chỉ tiêu ${indicatorId}`, en: `Unknown indicator ${indicatorId}` } }],
    })
  if (body.decision === 'adjusted') {
    const issues = adjustedAnswerIssues(rubric, current, indicatorId, body.answer)
    if (issues.length > 0) throw new AppError('invalid_answers', 'The adjusted value breaks the rubric’s rules', { fields: issues })
  }

  const officerAnswer = current.answers[indicatorId]
  const review: IndicatorReview = {
    decision: body.decision,
    ...(body.decision === 'adjusted' ? { answer: body.answer } : {}),
    ...(body.reason !== undefined ? { reason: body.reason } : {}),
    ...(officerAnswer ? { officerAnswer } : {}),
    by: actor.id,
    byName: actor.name,
    at: now.toISOString(),
  }
  const previous = current.reviews?.[indicatorId]
  const next: Assessment = {
    ...current,
    reviews: { ...current.reviews, [indicatorId]: review },
    version: current.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: actor.id,
  }
  return commit(
    store,
    rubric,
    current,
    next,
    eventBy(actor, now, 'review_indicator', {
      indicatorId,
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      changes: [{ field: `reviews.${indicatorId}`, from: previous ?? null, to: review }],
    }),
  )
}

/**
 * Accepts, as declared, every indicator that has no verdict yet: one new version, one transaction, one audit
 * event listing each indicator (the reviewer's "accept all remaining"). Verdicts already given (adjusted, evidence
 * requested, accepted) stay as they are. Nothing left to accept is a 409, so a double click writes nothing.
 */
export async function acceptRemaining(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  body: { version: number },
  now: Date,
): Promise<SavedAssessment & { accepted: string[] }> {
  const { rubric, current, actor } = await loadForWrite(store, who, communeId, year)
  assertTransition(actor.role, current, 'review_indicator')
  assertVersion(current, body.version)
  // Rubric order, bounded by the rubric (its indicators), never by the request.
  const ids = flattenIndicators(rubric)
    .map((f) => f.indicator.id)
    .filter((id) => !current.reviews?.[id])
  if (ids.length === 0)
    throw new AppError('conflict', 'Every indicator already has a verdict; nothing left to accept', {
      details: { currentVersion: current.version },
    })
  const at = now.toISOString()
  const reviews = { ...current.reviews }
  for (const id of ids) {
    const officerAnswer = current.answers[id]
    reviews[id] = { decision: 'accepted', ...(officerAnswer ? { officerAnswer } : {}), by: actor.id, byName: actor.name, at }
  }
  const next: Assessment = { ...current, reviews, version: current.version + 1, updatedAt: at, updatedBy: actor.id }
  const saved = await commit(
    store,
    rubric,
    current,
    next,
    eventBy(actor, now, 'review_indicator', {
      // The officer's answer is already in the assessment; the event names each indicator and its new verdict.
      changes: ids.map((id) => ({ field: `reviews.${id}`, from: null, to: { decision: 'accepted' } })),
    }),
  )
  return { ...saved, accepted: ids }
}

/** Recognition is judged on the reviewed values; a refusal lists every failing rule. */
function assertEligible(rubric: Rubric, current: Assessment): void {
  const verdict = scoreAssessment(rubric, reviewedValues(current), { advice: false }).verdict
  if (!verdict.eligible)
    throw new AppError('not_eligible', `The reviewed values do not meet the ${current.year} recognition rule (${verdict.failures.length} failing)`, {
      details: { failures: verdict.failures },
    })
}

const APPROVAL_MESSAGES = {
  not_reviewed: {
    vi: (n: number, e: number) =>
      [n > 0 ? `còn ${n} chỉ tiêu chưa thẩm định` : '', e > 0 ? `còn ${e} yêu cầu bổ sung minh chứng chưa đóng` : ''].filter(Boolean).join(' và '),
    en: (n: number, e: number) =>
      [n > 0 ? `${n} indicators are not reviewed` : '', e > 0 ? `${e} evidence requests are still open` : ''].filter(Boolean).join(' and '),
  },
}

/**
 * An approval vouches for every value (shared/workflow.ts checkApproval): refused while an indicator is unreviewed
 * or an evidence request is open, and a commune failing the recognition rule is approved only as "not meeting".
 */
function assertApprovable(rubric: Rubric, current: Assessment, body: DecisionBody): void {
  const readiness = approvalReadiness(
    flattenIndicators(rubric).map((f) => f.indicator.id),
    current.reviews,
  )
  const verdict = scoreAssessment(rubric, reviewedValues(current)).verdict
  const check = checkApproval(readiness, verdict.eligible, body)
  if (check.ok) return
  if (check.code === 'not_reviewed') {
    const n = readiness.unreviewed.length
    const e = readiness.openEvidence.length
    throw new AppError('not_reviewed', `Cannot approve: ${check.message}`, {
      details: { unreviewed: readiness.unreviewed, openEvidence: readiness.openEvidence, reviewed: readiness.reviewed, total: readiness.total },
      fields: [
        {
          field: 'reviews',
          code: 'not_reviewed',
          message: { vi: `Chưa thể duyệt: ${APPROVAL_MESSAGES.not_reviewed.vi(n, e)}.`, en: `Cannot approve yet: ${APPROVAL_MESSAGES.not_reviewed.en(n, e)}.` },
        },
      ],
    })
  }
  const field = check.field ?? 'notMeeting'
  const message =
    check.code === 'not_eligible'
      ? { vi: 'Theo số liệu sau thẩm định, xã chưa đạt điều kiện công nhận: chỉ có thể duyệt với kết luận “chưa đạt”, kèm lý do.', en: 'On the reviewed values the commune does not meet the recognition rule: approve it as not meeting, with a reason.' }
      : field === 'reason'
        ? { vi: 'Duyệt với kết luận “chưa đạt” cần ghi lý do.', en: 'Approving as not meeting needs a reason.' }
        : { vi: 'Theo số liệu sau thẩm định, xã đạt điều kiện: không thể duyệt với kết luận “chưa đạt”.', en: 'The reviewed values meet the recognition rule: it cannot be approved as not meeting.' }
  throw new AppError(check.code, check.message, {
    fields: [{ field, code: check.code, message }],
    ...(check.code === 'not_eligible' ? { details: { failures: verdict.failures } } : {}),
  })
}

function decisionRecord(actor: Actor, now: Date, action: Decision['action'], body: DecisionBody): Decision {
  return {
    action,
    by: actor.id,
    byName: actor.name,
    at: now.toISOString(),
    ...(body.reason !== undefined ? { reason: body.reason } : {}),
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    ...(body.decisionNumber !== undefined ? { decisionNumber: body.decisionNumber } : {}),
    ...(body.decisionDate !== undefined ? { decisionDate: body.decisionDate } : {}),
    ...(action === 'approve' && body.notMeeting ? { notMeeting: true } : {}),
  }
}

/** What a decision writes onto the assessment besides its status. */
function decisionFields(action: DecisionAction, decision: Decision | undefined): Partial<Assessment> {
  switch (action) {
    case 'return':
    case 'approve':
    case 'reject':
      return { districtDecision: decision! }
    case 'recognise':
    case 'not_recognise':
      return { provinceDecision: decision! }
    case 'reopen':
      return {}
  }
}

/** Applies one decision to a loaded assessment; the pure part of decide(), shared with the bulk recognition. */
export async function applyDecision(
  store: Store,
  rubric: Rubric,
  actor: Actor,
  current: Assessment,
  action: DecisionAction,
  body: DecisionBody,
  now: Date,
): Promise<SavedAssessment> {
  const to = assertTransition(actor.role, current, action)
  assertVersion(current, body.version)
  if (action === 'recognise') assertEligible(rubric, current)
  if (action === 'approve') assertApprovable(rubric, current, body)

  const decision = action === 'reopen' ? undefined : decisionRecord(actor, now, action, body)
  const next: Assessment = {
    ...current,
    ...decisionFields(action, decision),
    status: to,
    version: current.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: actor.id,
  }
  // A reopened assessment goes back to the district: the old decisions no longer stand (the log keeps them).
  if (action === 'reopen') {
    delete next.districtDecision
    delete next.provinceDecision
  }
  // A return's comment (and an approval's, if any) is also a general comment, so the officer's thread has it.
  const comment: Comment | undefined =
    body.comment !== undefined
      ? { id: randomUUID(), text: body.comment, by: actor.id, byName: actor.name, role: actor.role, at: now.toISOString() }
      : undefined
  return commit(
    store,
    rubric,
    current,
    next,
    eventBy(actor, now, action, {
      changes: [
        { field: 'status', from: current.status, to },
        ...(action === 'approve' && body.notMeeting ? [{ field: 'districtDecision.notMeeting', from: null, to: true }] : []),
      ],
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.comment !== undefined ? { comment: body.comment } : {}),
      ...(body.decisionNumber !== undefined ? { decisionNumber: body.decisionNumber } : {}),
      ...(body.decisionDate !== undefined ? { decisionDate: body.decisionDate } : {}),
    }),
    comment,
  )
}

export async function decide(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  action: DecisionAction,
  body: DecisionBody,
  now: Date,
): Promise<SavedAssessment> {
  const { rubric, current, actor } = await loadForWrite(store, who, communeId, year)
  return applyDecision(store, rubric, actor, current, action, body, now)
}
