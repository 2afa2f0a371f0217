import { createRoute, z } from '@hono/zod-openapi'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody } from '../http/schemas'
import { listQueue, queueUnit } from './read'
import { assign, reviewersOf } from './assignments'
import { AssignBody, QueuePageSchema, QueueQuery, ReviewerSchema, ReviewersQuery } from './schemas'

// The review routes that are not about one commune: the queue of a review unit and its assignments.

const queueRoute = createRoute({
  method: 'get',
  path: '/review/queue',
  tags: ['review'],
  summary: 'A review unit’s assessments of a year, by status then commune, one page (cursor) at a time; reviewer (own unit), admin',
  security: bearer,
  request: { query: QueueQuery },
  responses: { 200: json(QueuePageSchema, 'One page; nextCursor when there is more'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] },
})

const reviewersRoute = createRoute({
  method: 'get',
  path: '/review/reviewers',
  tags: ['review'],
  summary: 'The active reviewers of a review unit (reviewer: their own; admin: unitId), for assigning communes',
  security: bearer,
  request: { query: ReviewersQuery },
  responses: { 200: json(z.object({ reviewers: z.array(ReviewerSchema) }).openapi('Reviewers'), 'By name'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] },
})

const assignRoute = createRoute({
  method: 'put',
  path: '/review/assignments',
  tags: ['review'],
  summary: 'Assign a commune of a year to a named reviewer of its unit (reviewerId null: unassign); admin, or a reviewer of that unit',
  security: bearer,
  request: { body: jsonBody(AssignBody) },
  responses: {
    200: json(z.object({ assignment: z.object({ communeId: z.string(), reviewerId: z.string(), reviewerName: z.string(), by: z.string(), at: z.string() }).nullable() }).openapi('Assignment'), 'Stored'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    503: errors[503],
  },
})

export const reviewRoutes = (ctx: Ctx) => {
  const app = newRouter()
  return app
    .openapi(queueRoute, async (c) => c.json(await listQueue(ctx.store, c.var.principal, c.req.valid('query'), ctx.now()), 200))
    .openapi(reviewersRoute, async (c) => {
      const unitId = await queueUnit(ctx.store, c.var.principal, c.req.valid('query').unitId)
      return c.json({ reviewers: await reviewersOf(ctx.store, unitId) }, 200)
    })
    .openapi(assignRoute, async (c) => c.json(await assign(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 200))
}
