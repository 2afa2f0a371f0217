import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { secureCookies } from './device'
import { issueToken, type Principal, type TokenConfig } from './token'

/*
 * The browser's session: the login token in an HttpOnly, SameSite=Strict cookie (Secure on https, which a
 * deployment always is), so page script never holds it; the site and the API share one origin (stacks/router.ts), so the
 * cookie is first-party and no CORS is needed. It lives SESSION_TTL_SECONDS and slides: a request in the second
 * half of its life gets a fresh one. Logout revokes the session id server-side (DynamoDB with TTL), which also
 * kills the bearer token the same login returned. `Authorization: Bearer` stays for API clients.
 */
export const SESSION_COOKIE = 'xaso_session'
export const SESSION_TTL_SECONDS = 2 * 60 * 60

export function readSessionCookie(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE)
  return value && value.length <= 4096 ? value : undefined
}

/** Issues a session token for `principal` and sets it as the cookie; returns its expiry. */
export async function startSession(c: Context, principal: Principal, tokens: TokenConfig): Promise<string> {
  const { token, expiresAt } = await issueToken(principal, { ...tokens, ttlSeconds: Math.min(SESSION_TTL_SECONDS, tokens.ttlSeconds) })
  setCookie(c, SESSION_COOKIE, token, {
    path: '/api',
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Strict',
    maxAge: Math.min(SESSION_TTL_SECONDS, tokens.ttlSeconds),
  })
  return expiresAt
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/api', httpOnly: true, secure: secureCookies(c), sameSite: 'Strict' })
}

/** Sliding renewal: past half its life, a cookie session is replaced by a fresh one (same session id). */
export async function renewSession(c: Context, principal: Principal, expiresAtMs: number, tokens: TokenConfig): Promise<void> {
  const left = expiresAtMs - tokens.now().getTime()
  if (left < (Math.min(SESSION_TTL_SECONDS, tokens.ttlSeconds) * 1000) / 2) await startSession(c, principal, tokens)
}
