import { AppError, fieldIssue, type FieldIssue } from '../../../shared/errors'
import { assertCanRead } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { Assignment } from '../storage/assignments'
import type { QueueItem, Store } from '../storage/store'

/*
 * Assignment of a unit's communes to its named reviewers (issue 10): an administrator of the province or a reviewer
 * of the commune's own unit assigns; the assignee must be an active reviewer of that unit. The queue shows who
 * reviews what and can list only the caller's communes.
 */

export type Reviewer = { id: string; name: string }

/** The active reviewers of a review unit (for the assignment picker). */
export async function reviewersOf(store: Store, unitId: string): Promise<Reviewer[]> {
  return (await store.users.listByUnit(unitId))
    .filter((u) => u.role === 'reviewer' && u.active)
    .map((u) => ({ id: u.id, name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
}

export async function assign(
  store: Store,
  who: Principal,
  body: { year: number; communeId: string; reviewerId: string | null },
  now: Date,
): Promise<{ assignment: Assignment | null }> {
  if (who.role === 'officer') throw new AppError('forbidden', 'Officers cannot assign communes to reviewers')
  await assertCanRead(store, who, body.communeId)
  const commune = await store.orgUnits.get(body.communeId)
  if (!commune || commune.kind !== 'commune' || !commune.parentId)
    throw new AppError('not_found', `No commune "${body.communeId}"`, { details: { communeId: body.communeId } })
  const unitId = commune.parentId
  if (body.reviewerId === null) {
    await store.assignments.clear(body.year, unitId, body.communeId)
    return { assignment: null }
  }
  const reviewer = (await reviewersOf(store, unitId)).find((r) => r.id === body.reviewerId)
  if (!reviewer)
    throw new AppError('validation', `"${body.reviewerId}" is not an active reviewer of this commune's unit`, {
      fields: [fieldIssue('reviewerId', 'not_a_reviewer', 'Người được giao không phải cán bộ thẩm định đang hoạt động của đơn vị này.', 'The assignee is not an active reviewer of this unit.')],
    })
  const assignment: Assignment = { communeId: body.communeId, reviewerId: reviewer.id, reviewerName: reviewer.name, by: who.id, at: now.toISOString() }
  await store.assignments.set(body.year, unitId, assignment)
  return { assignment }
}

/** Queue rows with their assignee (one Query of the unit's assignments). */
export async function withAssignees<T extends QueueItem>(store: Store, year: number, unitId: string, items: T[]): Promise<(T & { assignee?: Reviewer })[]> {
  const byCommune = new Map((await store.assignments.list(year, unitId)).map((a) => [a.communeId, a]))
  return items.map((i) => {
    const a = byCommune.get(i.communeId)
    return a ? { ...i, assignee: { id: a.reviewerId, name: a.reviewerName } } : i
  })
}
