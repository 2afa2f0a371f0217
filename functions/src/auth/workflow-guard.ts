import type { Assessment, AssessmentStatus } from '../../../shared/assessment'
import { AppError, type ErrorCode } from '../../../shared/errors'
import { allowedActions, checkTransition, type Action } from '../../../shared/workflow'
import type { Principal } from './token'
import type { Store } from '../storage/store'

/*
 * The server side of shared/workflow.ts: who is acting (with the name the audit log shows) and the checks every
 * write makes, in the contract's order: role → status → version. Scope (403) is checked before by auth/scope.ts.
 */

export type Actor = { id: string; name: string; role: Principal['role'] }

/**
 * The token carries no display name; the audit log needs one. It comes from the same cached read the auth
 * middleware just made for this user, so an autosave costs no extra DynamoDB read for it.
 */
export async function actorOf(store: Store, who: Principal): Promise<Actor> {
  const user = await store.users.getForAuth(who.username)
  return { id: who.id, name: user?.name ?? who.username, role: who.role }
}

/**
 * Throws 403 for a role that may never take `action`, 409 `invalid_transition` (or `statusCode`, for the
 * officer's form which has always answered `not_editable`) naming the status and what is possible from it.
 */
export function assertTransition(
  role: Actor['role'],
  current: Pick<Assessment, 'status' | 'version' | 'year'>,
  action: Action,
  statusCode: Extract<ErrorCode, 'invalid_transition' | 'not_editable'> = 'invalid_transition',
): AssessmentStatus {
  const check = checkTransition(role, current.status, action)
  if (check.ok) return check.to
  if (check.code === 'forbidden') throw new AppError('forbidden', check.message)
  throw new AppError(statusCode, check.message, {
    details: { status: current.status, allowedActions: allowedActions(role, current.status), currentVersion: current.version },
  })
}

export function assertVersion(current: Pick<Assessment, 'version'>, version: number): void {
  if (current.version !== version)
    throw new AppError('version_conflict', 'Someone changed this assessment after you loaded it; reload to see their changes', {
      details: { currentVersion: current.version },
    })
}
