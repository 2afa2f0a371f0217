import { createMiddleware } from 'hono/factory'
import { AppError } from '../../../shared/errors'
import type { AppEnv, Ctx } from '../http/env'
import { readToken } from './token'

/** Puts the caller in `c.var.principal`, or fails with 401. One message for every failure: no oracle. */
export const requireAuth = (ctx: Pick<Ctx, 'tokens'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) throw new AppError('unauthenticated', 'Login required (Authorization: Bearer <token>)')
    const principal = await readToken(match[1], ctx.tokens)
    if (!principal) throw new AppError('unauthenticated', 'The login token is invalid or has expired; please log in again')
    c.set('principal', principal)
    await next()
  })
