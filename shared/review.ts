import { z } from 'zod'
import type { Answer, Answers, Assessment, Profile } from './assessment'
import type { Rubric } from './rubric/schema'
import { indexRubric } from './rubric/walk'
import type { ScoredDoc } from './roster-derive'
import { reviewedRoster } from './roster-review'
import { scoreAssessment, type Score } from './scoring'
import { ROLES } from './roles'
import { WORKFLOW_ACTIONS, type WorkflowRole } from './workflow'

/*
 * Review data of docs/REVIEW.md that is not the workflow table: reviewed values, audit events, comments, and
 * the queue summary. Pure and browser-safe: the reviewer's page computes the same reviewed values as the server.
 */

export { IndicatorReview, ReviewDecision, Decision } from './assessment'

/** The officer's answers with every `adjusted` answer in their place: what the reviewer's verdict scores. */
export function reviewedAnswers(assessment: Pick<Assessment, 'answers' | 'reviews'>): Answers {
  const reviews = assessment.reviews ?? {}
  let out: Answers | undefined
  for (const [id, review] of Object.entries(reviews)) {
    if (review.decision !== 'adjusted' || !review.answer) continue
    out ??= { ...assessment.answers }
    out[id] = review.answer
  }
  return out ?? assessment.answers
}

export const hasAdjustments = (assessment: Pick<Assessment, 'reviews' | 'rosterReviews'>): boolean =>
  Object.values(assessment.reviews ?? {}).some((r) => r.decision === 'adjusted' && r.answer !== undefined) ||
  Object.keys(assessment.rosterReviews ?? {}).length > 0

/**
 * What the reviewer's verdict scores: the officer's values with every adjusted answer and every adjusted village
 * row (issue 13, shared/roster-review.ts) in place, so the answers derived from the roster follow the reviewer.
 */
export function reviewedValues(assessment: Pick<Assessment, 'profile' | 'answers' | 'reviews' | 'roster' | 'rosterReviews'>): ScoredDoc {
  return { profile: assessment.profile, answers: reviewedAnswers(assessment), roster: reviewedRoster(assessment) }
}

/** A reviewer has judged something: an indicator, or a village's row. */
export const hasVerdicts = (assessment: Pick<Assessment, 'reviews' | 'rosterReviews'>): boolean =>
  Object.keys(assessment.reviews ?? {}).length > 0 || Object.keys(assessment.rosterReviews ?? {}).length > 0

/** Structural equality of JSON values (answers, facts, reviews); key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length) return false
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

export const Change = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })
/** One field's old → new value; `null` stands for "none" on either side. */
export type Change = { field: string; from: unknown; to: unknown }

/**
 * old → new for the facts and answers a request touched (ids in `touched`), skipping those it left equal.
 * Fields are named as everywhere else: `profile.<factId>`, `answers.<indicatorId>`.
 */
export function editChanges(
  before: { profile: Profile; answers: Answers },
  after: { profile: Profile; answers: Answers },
  touched: { profile?: Iterable<string>; answers?: Iterable<string> },
): Change[] {
  const changes: Change[] = []
  for (const id of touched.profile ?? []) {
    const from = before.profile[id] ?? null
    const to = after.profile[id] ?? null
    if (!sameValue(from, to)) changes.push({ field: `profile.${id}`, from, to })
  }
  for (const id of touched.answers ?? []) {
    const from = before.answers[id] ?? null
    const to = after.answers[id] ?? null
    if (!sameValue(from, to)) changes.push({ field: `answers.${id}`, from, to })
  }
  return changes
}

/** Reviews whose verdict was given on an answer the officer has since changed: they must be reviewed again. */
export function staleReviewIds(assessment: Pick<Assessment, 'answers' | 'reviews'>): string[] {
  return Object.entries(assessment.reviews ?? {})
    .filter(([id, review]) => !sameValue(review.officerAnswer ?? null, (assessment.answers[id] as Answer | undefined) ?? null))
    .map(([id]) => id)
}

export const EventRole = z.enum([...ROLES, 'system'])
/** `system`: a write made by a tool (demo seed, tests) rather than through the API. */
export type EventRole = WorkflowRole | 'system'

/**
 * What the audit trail records: every workflow action, plus changes that are not transitions (`merged`: a merge of
 * communes carried drafts into this assessment, or carried this draft away; shared/merge.ts; `evidence_stored`: a
 * confirmed upload with its SHA-256).
 */
export const AUDIT_ACTIONS = [...WORKFLOW_ACTIONS, 'evidence_deleted', 'evidence_stored', 'merged'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AuditEvent = z.object({
  communeId: z.string(),
  year: z.number().int(),
  /** The version the change produced (for a comment: the version it was written on). */
  version: z.number().int(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  role: EventRole,
  action: z.enum(AUDIT_ACTIONS),
  changes: z.array(Change).optional(),
  reason: z.string().optional(),
  comment: z.string().optional(),
  indicatorId: z.string().optional(),
  decisionNumber: z.string().optional(),
  decisionDate: z.string().optional(),
})
export type AuditEvent = z.infer<typeof AuditEvent>

export const Comment = z.object({
  id: z.string(),
  indicatorId: z.string().optional(),
  text: z.string(),
  by: z.string(),
  byName: z.string(),
  role: EventRole,
  at: z.string(),
  replyTo: z.string().optional(),
})
export type Comment = z.infer<typeof Comment>

/** What the queue shows per commune without reading the answers; written with every save. */
export const QueueSummary = z.object({
  total: z.number(),
  eligible: z.boolean(),
  reviewedTotal: z.number().optional(),
  reviewedEligible: z.boolean().optional(),
  /** Indicators of the rubric, indicators with a verdict, and verdicts asking for more evidence (reviewer's desk). */
  indicators: z.number().optional(),
  reviewed: z.number().optional(),
  openEvidence: z.number().optional(),
})
export type QueueSummary = z.infer<typeof QueueSummary>

/**
 * The score of the reviewed values, once a reviewer has judged at least one indicator (before that it would
 * only repeat the officer's score).
 */
export function reviewedScore(rubric: Rubric, assessment: Assessment): Score | undefined {
  if (!hasVerdicts(assessment)) return undefined
  return scoreAssessment(rubric, reviewedValues(assessment))
}

/** The queue's review columns: how many indicators, how many judged, how many wait for evidence. */
export function reviewProgress(rubric: Rubric, assessment: Pick<Assessment, 'reviews'>): Pick<QueueSummary, 'indicators' | 'reviewed' | 'openEvidence'> {
  const { indicators } = indexRubric(rubric)
  const verdicts = Object.entries(assessment.reviews ?? {}).filter(([id]) => indicators.has(id))
  return {
    indicators: indicators.size,
    reviewed: verdicts.length,
    openEvidence: verdicts.filter(([, r]) => r.decision === 'needs_evidence').length,
  }
}

export function queueSummary(score: Score, reviewed?: Score, assessment?: Pick<Assessment, 'reviews'>): QueueSummary {
  const verdicts = Object.entries(assessment?.reviews ?? {}).filter(([id]) => id in score.indicators)
  return {
    total: score.total,
    eligible: score.verdict.eligible,
    ...(reviewed ? { reviewedTotal: reviewed.total, reviewedEligible: reviewed.verdict.eligible } : {}),
    ...(assessment
      ? {
          indicators: Object.keys(score.indicators).length,
          reviewed: verdicts.length,
          openEvidence: verdicts.filter(([, r]) => r.decision === 'needs_evidence').length,
        }
      : {}),
  }
}

/** Comments grouped by indicator (undefined key: general comments), each thread oldest first. */
export function threadsByIndicator(comments: Comment[]): Map<string | undefined, Comment[]> {
  const threads = new Map<string | undefined, Comment[]>()
  for (const c of [...comments].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))) {
    const list = threads.get(c.indicatorId) ?? []
    list.push(c)
    threads.set(c.indicatorId, list)
  }
  return threads
}
