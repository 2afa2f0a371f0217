import { createRoute, z } from '@hono/zod-openapi'
import { assertCanRead } from '../auth/scope'
import type { Principal } from '../auth/token'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody } from '../http/schemas'
import { SavedAssessmentSchema } from '../assessments/schemas'
import { addComment, listComments, previousYear, timeline } from './read'
import {
  AcceptRemainingBody,
  ApproveBody,
  AuditEventSchema,
  CommentBody,
  CommentSchema,
  CommuneYearParams,
  IndicatorParams,
  PreviousSchema,
  ReasonBody,
  RecogniseBody,
  ReturnBody,
  ReviewBody,
  type DecisionBody,
} from './schemas'
import { acceptRemaining, decide, reviewIndicator, type DecisionAction } from './service'

/*
 * docs/REVIEW.md routes under /communes/{communeId}/assessments/{year}. Every handler: scope (404/403) → service → JSON.
 */

const path = '/communes/{communeId}/assessments/{year}'
const tags = ['review']

const writeErrors = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  404: errors[404],
  409: { ...errors[409], description: '`invalid_transition` (wrong status; `details.status`, `details.allowedActions`) or `version_conflict`' },
  422: errors[422],
  503: errors[503],
}
const readErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] }

// S stays a literal type so each action keeps its own path (and body type) in the typed web client.
const decisionRoute = <S extends string, B extends z.ZodType>(suffix: S, body: B, summary: string) =>
  createRoute({
    method: 'post',
    path: `${path}/${suffix}`,
    tags,
    summary,
    security: bearer,
    request: { params: CommuneYearParams, body: jsonBody(body) },
    responses: { 200: json(SavedAssessmentSchema, 'The new version and its score summary'), ...writeErrors },
  })

const reviewRoute = createRoute({
  method: 'post',
  path: `${path}/reviews/{indicatorId}`,
  tags,
  summary: 'Review one indicator: accept, adjust (the adjusted value is what scores) or ask for evidence; reviewer',
  security: bearer,
  request: { params: IndicatorParams, body: jsonBody(ReviewBody) },
  responses: { 200: json(SavedAssessmentSchema, 'The new version and its score summary (reviewed* included)'), ...writeErrors },
})
const acceptRemainingRoute = createRoute({
  method: 'post',
  path: `${path}/reviews/accept-remaining`,
  tags,
  summary: 'Accept, as declared, every indicator without a verdict: one version, one audit event listing them; reviewer',
  security: bearer,
  request: { params: CommuneYearParams, body: jsonBody(AcceptRemainingBody) },
  responses: {
    200: json(SavedAssessmentSchema.extend({ accepted: z.array(z.string()) }).openapi('AcceptedRemaining'), 'The new version; `accepted` lists the indicators, in rubric order'),
    ...writeErrors,
  },
})
const returnRoute = decisionRoute('return', ReturnBody, 'Return a submitted assessment to the officer for correction, with a comment; reviewer')
const approveRoute = decisionRoute('approve', ApproveBody, 'Approve a submitted assessment at district level; reviewer')
const rejectRoute = decisionRoute('reject', ReasonBody, 'Reject a submitted assessment at district level, with a reason; reviewer')
const recogniseRoute = createRoute({
  ...decisionRoute('recognise', RecogniseBody, 'Recognise a district-approved commune; admin'),
  responses: {
    200: json(SavedAssessmentSchema, 'Recognised'),
    ...writeErrors,
    422: { ...errors[422], description: '`not_eligible`: the reviewed values fail the rubric’s recognition rule; `details.failures` lists each rule' },
  },
})
const notRecogniseRoute = decisionRoute('not-recognise', ReasonBody, 'Decide not to recognise a district-approved commune, with a reason; admin')
const reopenRoute = decisionRoute('reopen', ReasonBody, 'Reopen a decided (recognised, not recognised, rejected) assessment for review, with a reason; admin')

const timelineRoute = createRoute({
  method: 'get',
  path: `${path}/timeline`,
  tags,
  summary: 'The audit log of the assessment, oldest first (edits with old → new per field)',
  security: bearer,
  request: { params: CommuneYearParams },
  responses: { 200: json(z.object({ events: z.array(AuditEventSchema) }).openapi('Timeline'), 'Every event'), ...readErrors },
})
const commentsRoute = createRoute({
  method: 'get',
  path: `${path}/comments`,
  tags,
  summary: 'Comments on the assessment, oldest first; thread them by indicatorId and replyTo',
  security: bearer,
  request: { params: CommuneYearParams },
  responses: { 200: json(z.object({ comments: z.array(CommentSchema) }).openapi('Comments'), 'Every comment'), ...readErrors },
})
const addCommentRoute = createRoute({
  method: 'post',
  path: `${path}/comments`,
  tags,
  summary: 'Comment on the assessment or one indicator, or reply to a comment; anyone in scope, not once recognised',
  security: bearer,
  request: { params: CommuneYearParams, body: jsonBody(CommentBody) },
  responses: { 200: json(z.object({ comment: CommentSchema }).openapi('CommentCreated'), 'Stored with its event'), ...writeErrors },
})
const previousRoute = createRoute({
  method: 'get',
  path: `${path}/previous`,
  tags,
  summary: 'Last year’s assessment if it was district-approved or recognised (else 404), scored on its reviewed values',
  security: bearer,
  request: { params: CommuneYearParams },
  responses: { 200: json(PreviousSchema, 'Last year’s approved assessment'), ...readErrors },
})

export const assessmentReviewRoutes = (ctx: Ctx) => {
  const app = newRouter()
  const decision = async (who: Principal, params: { communeId: string; year: number }, action: DecisionAction, body: DecisionBody) => {
    await assertCanRead(ctx.store, who, params.communeId)
    return decide(ctx.store, who, params.communeId, params.year, action, body, ctx.now())
  }
  return app
    // Registered before reviews/{indicatorId}, which would otherwise take "accept-remaining" for an indicator id.
    .openapi(acceptRemainingRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await acceptRemaining(ctx.store, c.var.principal, communeId, year, c.req.valid('json'), ctx.now()), 200)
    })
    .openapi(reviewRoute, async (c) => {
      const { communeId, year, indicatorId } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await reviewIndicator(ctx.store, c.var.principal, communeId, year, indicatorId, c.req.valid('json'), ctx.now()), 200)
    })
    .openapi(returnRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'return', c.req.valid('json')), 200))
    .openapi(approveRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'approve', c.req.valid('json')), 200))
    .openapi(rejectRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'reject', c.req.valid('json')), 200))
    .openapi(recogniseRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'recognise', c.req.valid('json')), 200))
    .openapi(notRecogniseRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'not_recognise', c.req.valid('json')), 200))
    .openapi(reopenRoute, async (c) => c.json(await decision(c.var.principal, c.req.valid('param'), 'reopen', c.req.valid('json')), 200))
    .openapi(timelineRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await timeline(ctx.store, communeId, year), 200)
    })
    .openapi(commentsRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await listComments(ctx.store, communeId, year), 200)
    })
    .openapi(addCommentRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await addComment(ctx.store, c.var.principal, communeId, year, c.req.valid('json'), ctx.now()), 200)
    })
    .openapi(previousRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await previousYear(ctx.store, communeId, year), 200)
    })
}
