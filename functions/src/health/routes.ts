import { createRoute, z } from '@hono/zod-openapi'
import { newRouter, type Ctx } from '../http/env'
import { json } from '../http/schemas'

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness (does not touch storage; GET /api/ready checks the database)',
  responses: { 200: json(z.object({ ok: z.literal(true) }).openapi('Health'), 'Up') },
})

const Readiness = z
  .object({ ok: z.boolean(), database: z.enum(['ok', 'unavailable']) })
  .openapi('Readiness')

const readyRoute = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['system'],
  summary: 'Readiness: one consistent read of the table; 503 while the database cannot be reached',
  responses: { 200: json(Readiness, 'The API and its database answer'), 503: json(Readiness, 'The database does not answer') },
})

// Longer than the deployed client's own 3 s request timeout, so that one decides; this only bounds a hung socket.
const READY_TIMEOUT_MS = 5_000

export const healthRoutes = (ctx: Pick<Ctx, 'store'>) =>
  newRouter()
    .openapi(route, (c) => c.json({ ok: true as const }, 200))
    .openapi(readyRoute, async (c) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('readiness probe timed out')), READY_TIMEOUT_MS)
      })
      try {
        // Any item's key will do; a login counter's read is a consistent GetItem that is never cached.
        await Promise.race([ctx.store.loginAttempts.get('readiness#probe'), timeout])
        c.header('Cache-Control', 'no-store')
        return c.json({ ok: true, database: 'ok' as const }, 200)
      } catch {
        c.header('Cache-Control', 'no-store')
        return c.json({ ok: false, database: 'unavailable' as const }, 503)
      } finally {
        clearTimeout(timer)
      }
    })
