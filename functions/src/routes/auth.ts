import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../../shared/errors'
import { login, publicUser } from '../auth/login'
import { requireAuth } from '../auth/middleware'
import { communesInScope } from '../auth/scope'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody, OrgUnitSchema, UserSchema } from '../http/schemas'

const LoginRequest = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .openapi('LoginRequest', { example: { username: 'officer.sondung', password: '…' } })

const LoginResponse = z
  .object({ token: z.string(), expiresAt: z.string(), user: UserSchema })
  .openapi('LoginResponse')

const MeResponse = z
  .object({ user: UserSchema, orgUnit: OrgUnitSchema.nullable(), communes: z.array(OrgUnitSchema) })
  .openapi('Me')

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Exchange username and password for a bearer token',
  request: { body: jsonBody(LoginRequest) },
  responses: { 200: json(LoginResponse, 'Logged in'), 400: errors[400], 401: errors[401], 503: errors[503] },
})

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The caller, their unit and the communes they may open',
  security: bearer,
  responses: { 200: json(MeResponse, 'The caller'), 401: errors[401], 503: errors[503] },
})

export const authRoutes = (ctx: Ctx) => {
  const app = newRouter()
  app.use('/me', requireAuth(ctx))
  return app
    .openapi(loginRoute, async (c) => {
      const { username, password } = c.req.valid('json')
      return c.json(await login(ctx.store, ctx.tokens, username, password), 200)
    })
    .openapi(meRoute, async (c) => {
      const who = c.var.principal
      const [user, orgUnit, communes] = await Promise.all([
        ctx.store.users.getByUsername(who.username),
        ctx.store.orgUnits.get(who.orgUnitId),
        communesInScope(ctx.store, who),
      ])
      // A token outlives a deactivation by at most its TTL; here, at least, the account is re-checked.
      if (!user || !user.active || user.id !== who.id) throw new AppError('unauthenticated', 'This account is no longer active')
      return c.json({ user: publicUser(user), orgUnit: orgUnit ?? null, communes }, 200)
    })
}
