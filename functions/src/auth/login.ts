import { AppError } from '../../../shared/errors'
import type { Store, UserRecord } from '../storage/store'
import { hashPassword, verifyPassword } from './password'
import { issueToken, type TokenConfig } from './token'

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

export async function login(
  store: Store,
  tokens: TokenConfig,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: string; user: PublicUser }> {
  const user = await store.users.getByUsername(username)
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy()))
  if (!user || !ok || !user.active) throw new AppError('unauthenticated', BAD_LOGIN)
  const { token, expiresAt } = await issueToken(
    { id: user.id, username: user.username, role: user.role, orgUnitId: user.orgUnitId },
    tokens,
  )
  return { token, expiresAt, user: publicUser(user) }
}
