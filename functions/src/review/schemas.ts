import { z } from '@hono/zod-openapi'
import { Answer, AssessmentStatus, ReasonText } from '../../../shared/assessment'
import { AuditEvent, Comment, QueueSummary } from '../../../shared/review'
import { QUEUE_SORTS } from '../../../shared/queue'
import { CommuneIdParam, YearParam, YearQuery } from '../http/schemas'
import { AssessmentSchema } from '../assessments/schemas'
import { ScoreSchema } from '../http/schemas'
import { SurveyYearNumber } from '../../../shared/survey-year'

// Request and response shapes of docs/REVIEW.md "HTTP API". Bodies are strict: an unknown field is a 400 naming it.

const Version = z.number().int().min(0)
const Id = z.string().trim().min(1).max(64)
const DecisionNumber = z.string().trim().min(1).max(100)
/** A calendar date; zod checks it exists (no 2025-02-30). */
const DecisionDate = z.iso.date()

export const CommuneYearParams = z.object({ communeId: CommuneIdParam, year: YearParam })
export const IndicatorParams = CommuneYearParams.extend({
  indicatorId: z.string().min(1).max(64).openapi({ param: { name: 'indicatorId', in: 'path' }, example: 'A3.1' }),
})

export const ReviewBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ version: Version, decision: z.literal('accepted'), reason: ReasonText.optional() }),
    z.strictObject({ version: Version, decision: z.literal('adjusted'), answer: Answer, reason: ReasonText }),
    z.strictObject({ version: Version, decision: z.literal('needs_evidence'), reason: ReasonText }),
  ])
  .openapi('ReviewRequest')
export type ReviewBody = z.infer<typeof ReviewBody>

export const AcceptRemainingBody = z.strictObject({ version: Version }).openapi('AcceptRemainingRequest')
export const ReturnBody = z.strictObject({ version: Version, comment: ReasonText }).openapi('ReturnRequest')
export const ApproveBody = z
  .strictObject({
    version: Version,
    comment: ReasonText.optional(),
    /** Required (true, with `reason`) when the reviewed values fail the recognition rule; refused otherwise. */
    notMeeting: z.boolean().optional(),
    reason: ReasonText.optional(),
  })
  .openapi('ApproveRequest')
export const ReasonBody = z.strictObject({ version: Version, reason: ReasonText }).openapi('ReasonRequest')
export const RecogniseBody = z
  .strictObject({ version: Version, decisionNumber: DecisionNumber.optional(), decisionDate: DecisionDate.optional() })
  .openapi('RecogniseRequest')
export type DecisionBody = {
  version: number
  comment?: string | undefined
  reason?: string | undefined
  decisionNumber?: string | undefined
  decisionDate?: string | undefined
  notMeeting?: boolean | undefined
}

export const RecognitionsBody = z
  .strictObject({
    year: SurveyYearNumber,
    items: z
      .array(
        z.strictObject({
          communeId: Id,
          version: Version,
          // Each recognition keeps its own decision: an item's number and date win over the request's.
          decisionNumber: DecisionNumber.optional(),
          decisionDate: DecisionDate.optional(),
        }),
      )
      .min(1)
      .max(500),
    decisionNumber: DecisionNumber.optional(),
    decisionDate: DecisionDate.optional(),
  })
  .openapi('RecognitionsRequest')
export type RecognitionsBody = z.infer<typeof RecognitionsBody>

export const CommentBody = z
  .strictObject({ indicatorId: Id.optional(), text: ReasonText, replyTo: Id.optional() })
  .openapi('CommentRequest')
export type CommentBody = z.infer<typeof CommentBody>

export const QueueQuery = z.object({
  year: YearQuery,
  unitId: z.string().min(1).max(64).optional(),
  status: AssessmentStatus.optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Search by commune name (case and diacritics ignored) or id; with `sort`, the whole unit is ordered. */
  q: z.string().trim().max(100).optional(),
  sort: z.enum(QUEUE_SORTS).optional(),
  /** `true`: only the communes assigned to the caller. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
})

export const AssignBody = z
  .strictObject({ year: SurveyYearNumber, communeId: Id, reviewerId: Id.nullable() })
  .openapi('AssignRequest')
export const ReviewerSchema = z.object({ id: z.string(), name: z.string() }).openapi('Reviewer')
export const ReviewersQuery = z.object({ unitId: z.string().min(1).max(64).optional() })

export const AuditEventSchema = AuditEvent.meta({ id: 'AuditEvent' })
export const CommentSchema = Comment.meta({ id: 'Comment' })

export const QueueItemSchema = z
  .object({
    communeId: z.string(),
    communeName: z.string(),
    status: AssessmentStatus,
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).optional(),
    summary: QueueSummary,
  })
  .openapi('QueueItem')

export const QueuePageSchema = z
  .object({
    items: z.array(QueueItemSchema),
    nextCursor: z.string().optional(),
    total: z.number().int().optional().openapi({ description: 'Sorted or searched listings: how many match in all' }),
  })
  .openapi('QueuePage')

export const PreviousSchema = z
  .object({ assessment: AssessmentSchema, score: ScoreSchema })
  .openapi('PreviousAssessment', { description: 'Last year’s approved assessment; `score` is of its reviewed (approved) values' })

export const RecognitionResultSchema = z
  .object({
    communeId: z.string(),
    ok: z.boolean(),
    status: AssessmentStatus.optional(),
    version: z.number().int().optional(),
    error: z
      .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })
      .optional(),
  })
  .openapi('RecognitionResult')
