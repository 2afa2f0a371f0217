import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { Store, UserRecord } from '../storage/store'
import { DEVICE_TTL_MS, deviceHash } from './device'
import { assertNotLocked, ipKey, lockedError, lockedUntil, recordFailure, usernameKey } from './lockout'
import { hashPassword, isOneTimeHash, verifyPassword } from './password'
import { passwordProblems } from './password-rules'
import { issueToken, type Principal, type TokenConfig } from './token'

export type PublicUser = Pick<UserRecord, 'id' | 'username' | 'name' | 'role' | 'orgUnitId'>

export const publicUser = (u: UserRecord): PublicUser => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  orgUnitId: u.orgUnitId,
})

// Same wording for every failure so the response does not reveal which usernames exist.
const BAD_LOGIN = 'Wrong username or password'

// Verifying against a throwaway hash when the user is unknown keeps the response time the same
// as for a wrong password (otherwise timing would reveal which usernames exist).
let decoyHash: Promise<string> | undefined
const decoy = () => (decoyHash ??= hashPassword('decoy-password-never-matches'))

export type LoginDeps = { store: Store; tokens: TokenConfig; now: () => Date }
export type LoginResult = { token: string; expiresAt: string; user: PublicUser; mustChangePassword?: true }
/** The answer, and who it logged in (for the session cookie, auth/session.ts). */
export type LoggedIn = { result: LoginResult; principal: Principal }

const principalOf = (user: UserRecord, passwordChangeOnly = false): Principal => ({
  // Every login is a session of its own: logout revokes it without touching the user's other devices.
  sessionId: randomUUID(),
  id: user.id,
  username: user.username,
  role: user.role,
  orgUnitId: user.orgUnitId,
  ...(user.tokenVersion ? { tokenVersion: user.tokenVersion } : {}),
  ...(passwordChangeOnly ? { passwordChangeOnly: true } : {}),
})

/** Checks a password against a stored hash with the same cost whatever the hash (see decoy). */
async function checkPassword(password: string, user: UserRecord | undefined): Promise<boolean> {
  const stored = user?.passwordHash
  if (!stored) return verifyPassword(password, await decoy()).then(() => false)
  if (isOneTimeHash(stored)) {
    // A one-time hash is one SHA-256: spend the scrypt time anyway so timing does not reveal pending accounts.
    const [ok] = await Promise.all([verifyPassword(password, stored), verifyPassword(password, await decoy())])
    return ok
  }
  return verifyPassword(password, stored)
}

/**
 * Username + password → token. While the username or the caller's address is locked (lockout.ts) the answer
 * is 429 without looking at the password, unless the caller's device (`deviceId`, the device cookie) logged in
 * to this username before: then the password is checked as usual, so the owner gets in during a stranger's
 * storm. A one-time password yields a password-change-only token and `mustChangePassword: true`.
 */
export async function login(deps: LoginDeps, username: string, password: string, ip?: string, deviceId?: string): Promise<LoggedIn> {
  const { store, tokens } = deps
  const nowMs = deps.now().getTime()
  const userKey = usernameKey(username)
  const { until, states } = await lockedUntil(store, ip ? [userKey, ipKey(ip)] : [userKey], nowMs)
  if (until && !(deviceId && (await store.loginAttempts.isKnownDevice(userKey, deviceHash(deviceId), nowMs)))) {
    throw lockedError(until, nowMs)
  }
  const user = await store.users.getByUsername(username)
  const ok = await checkPassword(password, user)
  if (!user || !ok) {
    await recordFailure(store, username, ip, nowMs)
    throw new AppError('unauthenticated', BAD_LOGIN)
  }
  // Only who knows the password learns the account is deactivated: an officer whose commune was merged away must
  // not think they mistyped (the login page then offers the values their phone still holds). Not a guess, so not
  // counted: retrying it must not lock the commune office's shared address for everyone else.
  if (!user.active) throw new AppError('unauthenticated', 'This account is deactivated', { details: { reason: 'inactive' } })
  if (states[0]) await store.loginAttempts.clear(userKey)
  const limited = user.mustChangePassword === true
  const principal = principalOf(user, limited)
  const { token, expiresAt } = await issueToken(principal, tokens)
  return { result: { token, expiresAt, user: publicUser(user), ...(limited ? { mustChangePassword: true as const } : {}) }, principal }
}

/** After a successful login: this device may try its password for this username even while it is locked. */
export async function rememberDevice(deps: LoginDeps, username: string, deviceId: string): Promise<void> {
  await deps.store.loginAttempts.rememberDevice(usernameKey(username), deviceHash(deviceId), deps.now().getTime() + DEVICE_TTL_MS)
}

/**
 * The caller replaces their password (the forced change after a one-time password, or any time). Every token
 * issued before stops working; the answer carries a fresh full token.
 */
export async function changePassword(
  deps: LoginDeps,
  who: Principal,
  currentPassword: string,
  newPassword: string,
): Promise<LoggedIn> {
  const { store, tokens } = deps
  const nowMs = deps.now().getTime()
  await assertNotLocked(store, [usernameKey(who.username)], nowMs)
  const user = await store.users.getByUsername(who.username)
  if (!user || user.id !== who.id || !user.active) throw new AppError('unauthenticated', 'This account is no longer active')
  if (!(await checkPassword(currentPassword, user))) {
    // Counted like a failed login: a stolen token must not become a way to guess the password.
    await recordFailure(store, user.username, undefined, nowMs)
    throw new AppError('validation', 'The current password is wrong', {
      fields: [{ field: 'currentPassword', code: 'wrong_password', message: { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' } }],
    })
  }
  const problems = passwordProblems(newPassword, user.username)
  if (newPassword.normalize('NFC') === currentPassword.normalize('NFC')) {
    problems.push({
      field: 'newPassword',
      code: 'unchanged',
      message: { vi: 'Mật khẩu mới phải khác mật khẩu hiện tại', en: 'The new password must differ from the current one' },
    })
  }
  if (problems.length > 0) throw new AppError('validation', 'The new password does not meet the rules', { fields: problems })
  const updated = await store.users.update(
    user.username,
    { passwordHash: await hashPassword(newPassword), mustChangePassword: false, revokeTokens: true },
    { expectPasswordHash: user.passwordHash },
  )
  const principal = principalOf(updated)
  const { token, expiresAt } = await issueToken(principal, tokens)
  return { result: { token, expiresAt, user: publicUser(updated) }, principal }
}

/** Logout: the session's tokens (cookie and bearer alike) are refused until they would have expired. */
export async function logout(deps: LoginDeps, who: Principal): Promise<void> {
  if (!who.sessionId) return
  await deps.store.loginAttempts.revokeSession(who.sessionId, deps.now().getTime() + deps.tokens.ttlSeconds * 1000)
}
