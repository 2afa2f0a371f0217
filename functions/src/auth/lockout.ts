import { AppError } from '../../../shared/errors'
import type { AttemptState, LockoutPolicy, Store } from '../storage/store'

const MINUTE = 60_000

/**
 * Per username: 5 failures within an hour lock it for 1 minute, and every further failure doubles the lock up
 * to 15 minutes (growing delays: about ten guesses an hour). The lock does not bind the account's owner: from a
 * device that logged in before, or after an administrator's reset, the right password still gets in (login.ts),
 * so a stranger's wrong-password storm throttles the stranger, not the officer.
 */
export const USERNAME_POLICY: LockoutPolicy = { windowMs: 60 * MINUTE, maxFailures: 5, lockMs: MINUTE, maxLockMs: 15 * MINUTE }
/**
 * Per client IP the threshold is higher than per username: a commune office or a provincial training room
 * puts dozens of officers behind one NAT address, and five typos among them must not lock everyone out.
 * It still stops one address from trying passwords across many usernames.
 */
export const IP_POLICY: LockoutPolicy = { windowMs: 15 * MINUTE, maxFailures: 20, lockMs: 15 * MINUTE }

export const usernameKey = (username: string) => `user#${username.normalize('NFC').toLowerCase()}`
export const ipKey = (ip: string) => `ip#${ip}`

// One message whether or not the username exists, and whether the username or the address is locked.
const LOCKED_MESSAGE = 'Too many failed logins; try again later. / Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.'

/** Epoch ms until which any of these counters is locked (0 = none). */
export async function lockedUntil(store: Store, keys: string[], nowMs: number): Promise<{ until: number; states: (AttemptState | undefined)[] }> {
  const states = await Promise.all(keys.map((k) => store.loginAttempts.get(k)))
  const until = Math.max(0, ...states.map((s) => s?.lockedUntil ?? 0))
  return { until: until > nowMs ? until : 0, states }
}

export function lockedError(until: number, nowMs: number): AppError {
  return new AppError('rate_limited', LOCKED_MESSAGE, { details: { retryAfterSeconds: Math.ceil((until - nowMs) / 1000) } })
}

/** Throws rate_limited (429, Retry-After) while the username or the address is locked; else the counters, in order. */
export async function assertNotLocked(store: Store, keys: string[], nowMs: number): Promise<(AttemptState | undefined)[]> {
  const { until, states } = await lockedUntil(store, keys, nowMs)
  if (until) throw lockedError(until, nowMs)
  return states
}

export async function recordFailure(store: Store, username: string, ip: string | undefined, nowMs: number): Promise<void> {
  await Promise.all([
    store.loginAttempts.recordFailure(usernameKey(username), nowMs, USERNAME_POLICY),
    ip ? store.loginAttempts.recordFailure(ipKey(ip), nowMs, IP_POLICY) : undefined,
  ])
}
