/*
 * Province administration of accounts: create one, reset its password, deactivate/activate, list a unit's.
 * Passwords handed out are one-time (auth/one-time.ts): shown once in the response, never stored in clear, and
 * the user must replace them at first login. Deactivation and reset raise tokenVersion, so tokens already
 * issued stop working (auth/middleware.ts).
 */
import { randomUUID } from 'node:crypto'
import { AppError, fieldIssue as issue, type FieldIssue } from '../../../shared/errors'
import { usernameKey } from '../auth/lockout'
import { publicUser, type PublicUser } from '../auth/login'
import { generateOneTimePassword } from '../auth/one-time'
import { hashOneTimePassword } from '../auth/password'
import { assertAdmin, assertAdminOfUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, OrgUnitKind, Role, Store, UserRecord } from '../storage/store'

export type AdminUser = PublicUser & { active: boolean; mustChangePassword: boolean; createdAt?: string }
export const adminUser = (u: UserRecord): AdminUser => ({
  ...publicUser(u),
  active: u.active,
  mustChangePassword: u.mustChangePassword === true,
  ...(u.createdAt ? { createdAt: u.createdAt } : {}),
})

/** Which unit kind each role belongs to: officers to a commune, reviewers to a review unit, admins to the province. */
export const UNIT_KIND_OF_ROLE: Record<Role, OrgUnitKind> = { officer: 'commune', reviewer: 'district', admin: 'province' }

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/

/** Role names in Vietnamese messages (the English role ids never appear in the Vietnamese text). */
export const ROLE_VI: Record<Role, string> = { officer: 'cán bộ xã', reviewer: 'cán bộ thẩm định', admin: 'quản trị viên' }

/** Why `role` cannot be given to an account of `unit` (undefined = fine). */
export function roleUnitProblem(role: Role, unit: OrgUnit, field: string): FieldIssue | undefined {
  if (unit.retired) return issue(field, 'retired_unit', `Đơn vị "${unit.name}" đã ngừng hoạt động`, `Unit "${unit.name}" is retired`)
  const kind = UNIT_KIND_OF_ROLE[role]
  if (unit.kind === kind) return undefined
  const vi = { commune: 'xã', district: 'huyện/khu vực thẩm định', province: 'tỉnh' }[kind]
  return issue(
    field,
    'role_not_allowed',
    `Vai trò ${ROLE_VI[role]} phải thuộc một ${vi}; "${unit.name}" không phải`,
    `A ${role} belongs to a ${kind}; "${unit.name}" is a ${unit.kind}`,
  )
}

export type CreateUserBody = { name: string; username: string; role: Role; unitId: string }

export async function createUser(store: Store, who: Principal, body: CreateUserBody, now: Date): Promise<{ user: AdminUser; oneTimePassword: string }> {
  let unit: OrgUnit
  try {
    unit = await assertAdminOfUnit(store, who, body.unitId)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      throw new AppError('validation', 'Unknown unit', { fields: [issue('unitId', 'unknown_unit', `Không có đơn vị "${body.unitId}"`, `No unit "${body.unitId}"`)] })
    }
    throw err
  }
  const problem = roleUnitProblem(body.role, unit, 'unitId')
  if (problem) throw new AppError('validation', 'This role cannot belong to this unit', { fields: [problem] })
  const oneTimePassword = generateOneTimePassword()
  const user: UserRecord = {
    id: randomUUID(),
    username: body.username,
    name: body.name,
    role: body.role,
    orgUnitId: unit.id,
    passwordHash: hashOneTimePassword(oneTimePassword),
    active: true,
    mustChangePassword: true,
    createdAt: now.toISOString(),
  }
  try {
    await store.users.put(user)
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict' && err.details?.username) {
      throw new AppError('conflict', `Username "${body.username}" is already taken`, {
        fields: [issue('username', 'taken', `Tên đăng nhập "${body.username}" đã có người dùng`, `Username "${body.username}" is already taken`)],
      })
    }
    throw err
  }
  return { user: adminUser(user), oneTimePassword }
}

/** The user by id, if the caller administers its unit. */
async function userOfProvince(store: Store, who: Principal, id: string): Promise<UserRecord> {
  await assertAdmin(store, who)
  const user = await store.users.getById(id)
  if (!user) throw new AppError('not_found', `No user "${id}"`)
  await assertAdminOfUnit(store, who, user.orgUnitId)
  return user
}

export async function resetPassword(store: Store, who: Principal, id: string): Promise<{ user: AdminUser; oneTimePassword: string }> {
  const user = await userOfProvince(store, who, id)
  const oneTimePassword = generateOneTimePassword()
  const updated = await store.users.update(user.username, { passwordHash: hashOneTimePassword(oneTimePassword), mustChangePassword: true, revokeTokens: true })
  // The administrator vouched for the person: a lockout from their earlier attempts ends with the reset.
  await store.loginAttempts.clear(usernameKey(user.username))
  return { user: adminUser(updated), oneTimePassword }
}

export async function setActive(store: Store, who: Principal, id: string, active: boolean): Promise<AdminUser> {
  const user = await userOfProvince(store, who, id)
  if (!active && user.id === who.id) throw new AppError('conflict', 'You cannot deactivate your own account')
  const updated = await store.users.update(user.username, { active, ...(active ? {} : { revokeTokens: true }) })
  return adminUser(updated)
}

export async function listUsers(store: Store, who: Principal, unitId: string | undefined): Promise<AdminUser[]> {
  const province = await assertAdmin(store, who)
  const unit = unitId ? await assertAdminOfUnit(store, who, unitId) : province
  return (await store.users.listByUnit(unit.id)).map(adminUser)
}
