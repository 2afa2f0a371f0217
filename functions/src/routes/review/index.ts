import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../auth/middleware'
import { newRouter, type Ctx } from '../../http/env'
import { bearer, errors, json, jsonBody } from '../../http/schemas'
import { listQueue } from './read'
import { recogniseMany } from './recognitions'
import { QueuePageSchema, QueueQuery, RecognitionResultSchema, RecognitionsBody } from './schemas'

// The review routes that are not about one commune: the queue of a review unit and bulk recognition.

const queueRoute = createRoute({
  method: 'get',
  path: '/review/queue',
  tags: ['review'],
  summary: 'A review unit’s assessments of a year, by status then commune, one page (cursor) at a time; reviewer (own unit), admin',
  security: bearer,
  request: { query: QueueQuery },
  responses: { 200: json(QueuePageSchema, 'One page; nextCursor when there is more'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] },
})

const recognitionsRoute = createRoute({
  method: 'post',
  path: '/recognitions',
  tags: ['review'],
  summary: 'Recognise many district-approved communes at once; each item succeeds or fails on its own; admin',
  security: bearer,
  request: { body: jsonBody(RecognitionsBody) },
  responses: {
    200: json(z.object({ results: z.array(RecognitionResultSchema) }).openapi('RecognitionResults'), 'One result per item, in order'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    503: errors[503],
  },
})

export const reviewRoutes = (ctx: Ctx) => {
  const app = newRouter()
  app.use('/review/*', requireAuth(ctx))
  app.use('/recognitions', requireAuth(ctx))
  return app
    .openapi(queueRoute, async (c) => c.json(await listQueue(ctx.store, c.var.principal, c.req.valid('query'), ctx.now()), 200))
    .openapi(recognitionsRoute, async (c) => c.json(await recogniseMany(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 200))
}
