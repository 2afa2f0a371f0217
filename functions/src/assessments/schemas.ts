import { z } from '@hono/zod-openapi'
import { Assessment } from '../../../shared/assessment'
import { WORKFLOW_ACTIONS } from '../../../shared/workflow'
import { ScoreSchema } from '../http/schemas'

// Response shapes shared by the officer's routes and the review routes (docs/REVIEW.md); one instance of each
// named schema, so openapi.json has one component per name.

export const AssessmentSchema = Assessment.meta({ id: 'Assessment' })

export const ActionSchema = z.enum(WORKFLOW_ACTIONS).openapi('WorkflowAction')

export const AssessmentViewSchema = z
  .object({
    assessment: AssessmentSchema,
    score: ScoreSchema,
    reviews: z.record(z.string(), z.unknown()).openapi({ description: 'IndicatorReview per indicator id (also on assessment.reviews)' }),
    reviewedScore: ScoreSchema.optional(),
    allowedActions: z.array(ActionSchema),
  })
  .openapi('AssessmentView')

const ScoreSummarySchema = z
  .object({
    total: z.number(),
    maxTotal: z.number(),
    eligible: z.boolean(),
    missing: z.number().int(),
    invalid: z.number().int(),
    reviewedTotal: z.number().optional(),
    reviewedEligible: z.boolean().optional(),
  })
  .openapi('ScoreSummary')

export const SavedAssessmentSchema = z.object({ assessment: AssessmentSchema, summary: ScoreSummarySchema }).openapi('SavedAssessment')

/** The officer's autosave answer (~120 bytes): the version to send next and the score's summary. */
export const SavedVersionSchema = z
  .object({ version: z.number().int().min(0), summary: ScoreSummarySchema })
  .openapi('SavedVersion')
