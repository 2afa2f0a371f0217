// The review shapes the browser reads (docs/REVIEW.md), from shared/ (types only: nothing here reaches the bundle).
import type { Assessment } from '../../../shared/assessment'
import type { Score } from '../../../shared/scoring'
import type { Action } from '../../../shared/workflow'

export type { AssessmentStatus as Status, IndicatorReview, ReviewDecision as Decision, Decision as LastDecision } from '../../../shared/assessment'
export type { AuditEvent, Change, Comment, EventRole as Role, QueueSummary } from '../../../shared/review'
export type { Action } from '../../../shared/workflow'
import type { AssessmentStatus } from '../../../shared/assessment'
import type { QueueSummary } from '../../../shared/review'

export type QueueItem = {
  communeId: string
  communeName: string
  status: AssessmentStatus
  version: number
  updatedAt: string | null
  /** When the officer submitted (absent from servers older than the reviewer's desk). */
  submittedAt?: string | null
  /** The reviewer of the unit this commune is assigned to, if any. */
  assignee?: { id: string; name: string }
  summary: QueueSummary
}

/**
 * GET …/assessments/:year as a reviewer or administrator receives it. The per-indicator reviews are read from
 * `assessment.reviews` (typed by shared/assessment); the top-level copy is documented as a plain record.
 */
export type ReviewView = { assessment: Assessment; score: Score; reviewedScore?: Score; allowedActions?: Action[] }
