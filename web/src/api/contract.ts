// The review shapes the browser reads (docs/REVIEW.md), from shared/ (types only: nothing here reaches the bundle).
import type { Assessment } from '../../../shared/assessment'
import type { Score } from '../../../shared/scoring'
import type { Action } from '../../../shared/workflow'

export type { AssessmentStatus as Status, IndicatorReview, ReviewDecision as Decision, Decision as LastDecision } from '../../../shared/assessment'
export type { AuditEvent, Change, Comment, EventRole as Role, QueueSummary } from '../../../shared/review'
export type { Action } from '../../../shared/workflow'
export type { QueueItem } from '../../../shared/queue'

/**
 * GET …/assessments/:year as a reviewer or administrator receives it. The per-indicator reviews are read from
 * `assessment.reviews` (typed by shared/assessment); the top-level copy is documented as a plain record.
 */
export type ReviewView = { assessment: Assessment; score: Score; reviewedScore?: Score; allowedActions?: Action[] }
