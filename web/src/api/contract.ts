// The review shapes the browser reads (docs/REVIEW.md): from shared/, or the API's answers through the typed client
// (types only: nothing here reaches the bundle).
export type { AssessmentStatus as Status, IndicatorReview, ReviewDecision as Decision, Decision as LastDecision } from '../../../shared/assessment'
export type { AuditEvent, Change, Comment, EventRole as Role, QueueSummary } from '../../../shared/review'
export type { Action } from '../../../shared/workflow'
import type { reviewApi } from './review-api'

/** One row of a review unit's queue, as GET /review/queue answers it (the typed client's type: never restated here). */
export type QueueItem = Awaited<ReturnType<typeof reviewApi.queue>>['items'][number]

/**
 * GET …/assessments/:year as a reviewer or administrator receives it (the typed client's type). The per-indicator
 * reviews are read from `assessment.reviews`.
 */
export type ReviewView = Awaited<ReturnType<typeof reviewApi.view>>
