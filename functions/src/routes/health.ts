import { createRoute, z } from '@hono/zod-openapi'
import { newRouter } from '../http/env'
import { json } from '../http/schemas'

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness (does not touch storage)',
  responses: { 200: json(z.object({ ok: z.literal(true) }).openapi('Health'), 'Up') },
})

export const healthRoutes = () => newRouter().openapi(route, (c) => c.json({ ok: true as const }, 200))
