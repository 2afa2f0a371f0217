import { createRoute, z } from '@hono/zod-openapi'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody } from '../http/schemas'
import { RecognitionResultSchema, RecognitionsBody } from '../review/schemas'
import { recogniseMany } from './service'

// The province's bulk recognition decision (one commune's decision is a review route of that assessment).

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

export const recognitionRoutes = (ctx: Ctx) =>
  newRouter().openapi(recognitionsRoute, async (c) => c.json(await recogniseMany(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 200))
