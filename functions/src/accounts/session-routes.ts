import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../../shared/errors'
import { clientIp } from '../auth/client-ip'
import { issueDeviceId, readDeviceId } from '../auth/device'
import { changePassword, login, logout, publicUser, rememberDevice } from '../auth/login'
import { endSession, startSession } from '../auth/session'
import { communesInScope } from '../auth/scope'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody, OrgUnitSchema, orNull, UserSchema } from '../http/schemas'
import { predecessorsOf } from '../units/predecessors'
import { reviewTierFor } from '../units/review-tier'
import type { OrgUnit, Store } from '../storage/store'
import { REVIEW_TIERS } from '../../../shared/review-tier'

const LoginRequest = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .openapi('LoginRequest', { example: { username: 'officer.sondung', password: '…' } })

const LoginResponse = z
  .object({
    token: z.string().openapi({ description: 'With `mustChangePassword`, valid only for POST /api/auth/change-password' }),
    expiresAt: z.string(),
    user: UserSchema,
    mustChangePassword: z.literal(true).optional().openapi({ description: 'Logged in with a one-time password: change it first' }),
  })
  .openapi('LoginResponse')

const ChangePasswordRequest = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(1).max(1000).openapi({ description: '≥ 10 characters (Vietnamese letters welcome), not the username, not a common password' }),
  })
  .openapi('ChangePasswordRequest')

const MeResponse = z
  .object({
    user: UserSchema,
    orgUnit: orNull(OrgUnitSchema),
    communes: z.array(OrgUnitSchema),
    predecessors: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .optional()
      .openapi({ description: 'The communes merged into the caller’s commune, directly or through an earlier merge (nearest first), by today’s name: the form looks for edits this device made for them and never sent' }),
    reviewTier: z.enum(REVIEW_TIERS).openapi({ description: 'What the province calls its review level: the pages say “khu vực” (area) or “huyện” (district)' }),
  })
  .openapi('Me')

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Exchange username and password for a bearer token',
  request: { body: jsonBody(LoginRequest) },
  responses: {
    200: json(LoginResponse, 'Logged in'),
    400: errors[400],
    401: errors[401],
    429: errors[429],
    503: errors[503],
  },
})

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/auth/change-password',
  tags: ['auth'],
  summary: 'Replace the caller’s password (required after a one-time password); revokes older tokens, returns a fresh one',
  security: bearer,
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: {
    200: json(LoginResponse, 'Changed; use the new token'),
    400: errors[400],
    401: errors[401],
    409: errors[409],
    429: errors[429],
    503: errors[503],
  },
})

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End this login’s session: its cookie and bearer token are refused from now on (other devices stay logged in)',
  security: bearer,
  responses: { 200: json(z.object({ ok: z.literal(true) }).openapi('LoggedOut'), 'Logged out'), 401: errors[401], 503: errors[503] },
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
  return app
    .openapi(loginRoute, async (c) => {
      const { username, password } = c.req.valid('json')
      const { result, principal } = await login(ctx, username, password, await clientIp(c, ctx.edgeKey), readDeviceId(c))
      await rememberDevice(ctx, result.user.username, issueDeviceId(c))
      await startSession(c, principal, ctx.tokens)
      return c.json(result, 200)
    })
    .openapi(changePasswordRoute, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      const { result, principal } = await changePassword(ctx, c.var.principal, currentPassword, newPassword)
      // The old session's tokens died with the password (tokenVersion); this is the new one.
      await startSession(c, principal, ctx.tokens)
      return c.json(result, 200)
    })
    .openapi(logoutRoute, async (c) => {
      await logout(ctx, c.var.principal)
      endSession(c)
      return c.json({ ok: true as const }, 200)
    })
    .openapi(meRoute, async (c) => {
      const who = c.var.principal
      // The province's word for the review level is a walk up the unit tree: read beside the rest, not after it.
      const [user, orgUnit, communes, reviewTier] = await Promise.all([
        ctx.store.users.getByUsername(who.username),
        ctx.store.orgUnits.get(who.orgUnitId),
        communesInScope(ctx.store, who),
        reviewTierFor(ctx.store, who.orgUnitId),
      ])
      // A token outlives a deactivation by at most its TTL; here, at least, the account is re-checked.
      if (!user || !user.active || user.id !== who.id) throw new AppError('unauthenticated', 'This account is no longer active')
      const predecessors = orgUnit?.kind === 'commune' ? await predecessorNames(ctx.store, orgUnit) : undefined
      return c.json({ user: publicUser(user), orgUnit: orgUnit ?? null, communes, ...(predecessors ? { predecessors } : {}), reviewTier }, 200)
    })
}

/** The communes merged into this one (units/predecessors.ts) by today's name, or undefined when there are none. */
async function predecessorNames(store: Store, commune: OrgUnit): Promise<{ id: string; name: string }[] | undefined> {
  const ids = (await predecessorsOf(store, commune)).map((u) => u.id)
  if (ids.length === 0) return undefined
  const names = await store.orgUnits.names(ids)
  return ids.map((id) => ({ id, name: names.get(id) ?? id }))
}
