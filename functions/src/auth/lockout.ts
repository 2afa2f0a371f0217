import { AppError } from '../../../shared/errors'
import type { AttemptState, LockoutPolicy, Store } from '../storage/store'

const MINUTE = 60_000

/** 5 failed logins for one username within 15 minutes lock it for 15 minutes. */
export const USERNAME_POLICY: LockoutPolicy = { windowMs: 15 * MINUTE, maxFailures: 5, lockMs: 15 * MINUTE }
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

/** Throws rate_limited (429, Retry-After) while the username or the address is locked; else the counters, in order. */
export async function assertNotLocked(store: Store, keys: string[], nowMs: number): Promise<(AttemptState | undefined)[]> {
  const states = await Promise.all(keys.map((k) => store.loginAttempts.get(k)))
  const until = Math.max(0, ...states.map((s) => s?.lockedUntil ?? 0))
  if (until > nowMs) {
    throw new AppError('rate_limited', LOCKED_MESSAGE, { details: { retryAfterSeconds: Math.ceil((until - nowMs) / 1000) } })
  }
  return states
}

export async function recordFailure(store: Store, username: string, ip: string | undefined, nowMs: number): Promise<void> {
  await Promise.all([
    store.loginAttempts.recordFailure(usernameKey(username), nowMs, USERNAME_POLICY),
    ip ? store.loginAttempts.recordFailure(ipKey(ip), nowMs, IP_POLICY) : undefined,
  ])
}
