import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import { AppError } from '../../../shared/errors'
import type { AppEnv, Ctx } from '../http/env'
import type { UserRecord } from '../storage/store'
import { readSessionCookie, renewSession } from './session'
import { readToken, type Principal } from './token'

const INVALID = 'The login token is invalid or has expired; please log in again'

/** A token only stays good while the account it names is unchanged in what the token claims. */
function stillValid(principal: Principal, user: UserRecord | undefined): boolean {
  return (
    !!user &&
    user.active &&
    user.id === principal.id &&
    (user.tokenVersion ?? 0) === (principal.tokenVersion ?? 0) &&
    user.role === principal.role &&
    user.orgUnitId === principal.orgUnitId
  )
}

/**
 * Puts the caller in `c.var.principal`, or fails with 401. One message for every failure: no oracle.
 * Beyond the signature and expiry, the account is re-read (through the store's ≤ 30 s cache) so deactivation,
 * a password reset or change (tokenVersion) and a role or unit change revoke tokens already handed out.
 * A password-change-only token (first login with a one-time password) is refused with 403
 * `password_change_required` except where `allowPasswordChangeOnly` is set.
 */
export const requireAuth = (ctx: Pick<Ctx, 'tokens' | 'store'>, opts: { allowPasswordChangeOnly?: boolean } = {}) =>
  createMiddleware<AppEnv>(async (c, next) => {
    // Checked once per request even if a router still mounts its own guard beside the app's.
    const already = c.get('principal') as Principal | undefined
    if (already && !already.passwordChangeOnly) return next()
    // An API client's Authorization header wins; a browser sends its HttpOnly session cookie (auth/session.ts).
    const header = c.req.header('authorization')
    const match = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)
    const fromCookie = header === undefined ? readSessionCookie(c) : undefined
    const token = match?.[1] ?? fromCookie
    if (!token) throw new AppError('unauthenticated', 'Login required (Authorization: Bearer <token>, or the session cookie)')
    const read = await readToken(token, ctx.tokens)
    if (!read) throw new AppError('unauthenticated', INVALID)
    const { expiresAtMs, ...principal } = read
    const [user, revoked] = await Promise.all([
      ctx.store.users.getForAuth(principal.username),
      principal.sessionId ? ctx.store.loginAttempts.isSessionRevoked(principal.sessionId) : false,
    ])
    if (revoked || !stillValid(principal, user)) throw new AppError('unauthenticated', INVALID)
    if (principal.passwordChangeOnly && !opts.allowPasswordChangeOnly) {
      throw new AppError('password_change_required', 'Change the one-time password first (POST /api/auth/change-password)')
    }
    if (fromCookie) await renewSession(c, principal, expiresAtMs, ctx.tokens)
    c.set('principal', principal)
    await next()
  })

/** Routes as `METHOD /path` with the path as registered (`/api/communes/:communeId/...`). */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/${string}`

/**
 * The app's one authentication gate, mounted once on /api/*: every route needs a login except the `open` ones,
 * so a route added without a thought is protected, not public. `passwordChangeOnly` routes also take the token
 * of a first login with a one-time password. A path that names no route falls through to the JSON 404 (the
 * routes are public knowledge in openapi.json), as it did when each router guarded its own paths.
 */
export const authenticate = (ctx: Pick<Ctx, 'tokens' | 'store'>, routes: { open: readonly RouteKey[]; passwordChangeOnly: readonly RouteKey[] }) => {
  const open = new Set<string>(routes.open)
  const changeOnly = new Set<string>(routes.passwordChangeOnly)
  const strict = requireAuth(ctx)
  const lenient = requireAuth(ctx, { allowPasswordChangeOnly: true })
  return createMiddleware<AppEnv>(async (c, next) => {
    const endpoint = matchedRoutes(c).findLast((r) => r.method !== 'ALL')
    if (!endpoint) return next()
    const key = `${endpoint.method} ${endpoint.path}`
    if (open.has(key)) return next()
    return (changeOnly.has(key) ? lenient : strict)(c, next)
  })
}
