import { sign, verify } from 'hono/jwt'

import { ROLES, type Role } from '../../../shared/roles'

export type { Role } from '../../../shared/roles'

/** Who is calling, as carried in the bearer token. */
export interface Principal {
  id: string
  username: string
  role: Role
  orgUnitId: string
  /** The user's tokenVersion when the token was issued (claim `tv`); a different stored version revokes it. */
  tokenVersion?: number
  /** A token from a login with a one-time password (claim `pwc`): it may only change the password. */
  passwordChangeOnly?: boolean
  /** The login session (claim `sid`): every token of one login shares it, and logout revokes it (auth/session.ts). */
  sessionId?: string
}

export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60

export interface TokenConfig {
  secret: string
  ttlSeconds: number
  /** Injected so tests can issue and expire tokens deterministically. */
  now: () => Date
}

export async function issueToken(principal: Principal, config: TokenConfig): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(config.now().getTime() / 1000)
  const exp = iat + config.ttlSeconds
  const token = await sign(
    {
      sub: principal.id,
      username: principal.username,
      role: principal.role,
      orgUnitId: principal.orgUnitId,
      ...(principal.tokenVersion ? { tv: principal.tokenVersion } : {}),
      ...(principal.passwordChangeOnly ? { pwc: true } : {}),
      ...(principal.sessionId ? { sid: principal.sessionId } : {}),
      iat,
      exp,
    },
    config.secret,
    'HS256',
  )
  return { token, expiresAt: new Date(exp * 1000).toISOString() }
}

/** The principal, or undefined for any token that is malformed, forged, expired or lacks our claims. */
export async function readToken(token: string, config: Pick<TokenConfig, 'secret' | 'now'>): Promise<(Principal & { expiresAtMs: number }) | undefined> {
  const payload = await verifiedPayload(token, config.secret)
  if (!payload) return undefined
  const { sub, username, role, orgUnitId, exp, tv, pwc, sid } = payload
  if (typeof exp !== 'number' || exp * 1000 <= config.now().getTime()) return undefined
  if (typeof sub !== 'string' || typeof username !== 'string' || typeof orgUnitId !== 'string') return undefined
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return undefined
  if (tv !== undefined && (typeof tv !== 'number' || !Number.isInteger(tv) || tv < 0)) return undefined
  if (sid !== undefined && (typeof sid !== 'string' || !/^[\w-]{8,64}$/.test(sid))) return undefined
  return {
    id: sub,
    username,
    role: role as Role,
    orgUnitId,
    ...(typeof tv === 'number' && tv > 0 ? { tokenVersion: tv } : {}),
    ...(pwc === true ? { passwordChangeOnly: true } : {}),
    ...(typeof sid === 'string' ? { sessionId: sid } : {}),
    expiresAtMs: exp * 1000,
  }
}

/** How many verified tokens one process remembers per secret (an officer's session keeps one token for hours). */
const VERIFIED_MAX = 2_000
const verifiedBySecret = new Map<string, Map<string, Record<string, unknown>>>()

/**
 * The payload of a token whose HS256 signature is good, or undefined. A token's signature never changes, so a
 * good one is remembered per secret: an officer's autosave every few seconds then skips WebCrypto's verify (a
 * thread-pool round trip, about a fifth of an autosave's CPU in issue 8's profile). Only exact token strings
 * hit; expiry and every claim are still checked by the caller on each request, and a forged or malformed token
 * is never remembered, so it is verified (and refused) each time.
 */
async function verifiedPayload(token: string, secret: string): Promise<Record<string, unknown> | undefined> {
  let known = verifiedBySecret.get(secret)
  const hit = known?.get(token)
  if (hit) return hit
  let payload: Record<string, unknown>
  try {
    // exp/iat are checked by readToken against the injected clock rather than the wall clock.
    payload = await verify(token, secret, { alg: 'HS256', exp: false, iat: false, nbf: false })
  } catch {
    return undefined
  }
  if (!known) verifiedBySecret.set(secret, (known = new Map()))
  // Oldest first out: a Map iterates in insertion order.
  if (known.size >= VERIFIED_MAX) known.delete(known.keys().next().value!)
  known.set(token, payload)
  return payload
}
