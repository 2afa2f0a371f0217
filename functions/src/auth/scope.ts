import { AppError, communeRetiredError } from '../../../shared/errors'
import type { OrgUnit, Store } from '../storage/store'
import type { Principal } from './token'

/*
 * The one place that decides who may see or change which commune.
 *   officer  → their own commune, read and write
 *   reviewer → communes whose parent is the reviewer's unit, read only
 *   admin    → every commune under the admin's province, read only (assessment writes are the officer's)
 * A commune merged into another (retired, `mergedInto`) is also readable by whoever may read its successor:
 * the merged commune's officer and reviewer keep access to the predecessors' past assessments.
 * A retired commune is read-only for everyone, and retired communes leave the scope lists.
 * An unknown commune is 404 for everyone; a known one outside the scope is 403.
 */

// Province → district → commune; the bound stops a corrupted parent chain from looping.
const MAX_DEPTH = 6

async function loadCommune(store: Store, communeId: string): Promise<OrgUnit> {
  const unit = await store.orgUnits.get(communeId)
  if (!unit || unit.kind !== 'commune') throw new AppError('not_found', `No commune "${communeId}"`)
  return unit
}

async function isAncestor(store: Store, ancestorId: string, unit: OrgUnit): Promise<boolean> {
  let parentId = unit.parentId
  for (let depth = 0; parentId && depth < MAX_DEPTH; depth++) {
    if (parentId === ancestorId) return true
    const parent = await store.orgUnits.get(parentId)
    parentId = parent?.parentId
  }
  return false
}

async function canRead(store: Store, who: Principal, commune: OrgUnit, depth = 0): Promise<boolean> {
  const direct =
    who.role === 'officer'
      ? who.orgUnitId === commune.id
      : who.role === 'reviewer'
        ? commune.parentId === who.orgUnitId
        : await isAncestor(store, who.orgUnitId, commune)
  if (direct || !commune.mergedInto || depth >= MAX_DEPTH) return direct
  // Merges can chain (merged again in a later reform); the bound stops a corrupted chain from looping.
  const successor = await store.orgUnits.get(commune.mergedInto)
  return successor?.kind === 'commune' ? canRead(store, who, successor, depth + 1) : false
}

export async function assertCanRead(store: Store, who: Principal, communeId: string): Promise<OrgUnit> {
  const commune = await loadCommune(store, communeId)
  if (!(await canRead(store, who, commune))) throw new AppError('forbidden', `Commune "${communeId}" is outside your area`)
  return commune
}

export async function assertCanEditAssessment(store: Store, who: Principal, communeId: string): Promise<OrgUnit> {
  const commune = await assertCanRead(store, who, communeId)
  if (who.role !== 'officer' || who.orgUnitId !== commune.id) throw new AppError('forbidden', 'Only the commune’s officer can change its assessment')
  if (commune.retired) throw communeRetiredError(communeId, commune.mergedInto)
  return commune
}

/** The communes the caller may open, for the landing page. */
export async function communesInScope(store: Store, who: Principal): Promise<OrgUnit[]> {
  switch (who.role) {
    case 'officer': {
      const own = await store.orgUnits.get(who.orgUnitId)
      return own?.kind === 'commune' && !own.retired ? [own] : []
    }
    case 'reviewer':
      return (await store.orgUnits.listChildren(who.orgUnitId)).filter((u) => u.kind === 'commune' && !u.retired)
    case 'admin':
      return descendantCommunes(store, who.orgUnitId)
  }
}

async function descendantCommunes(store: Store, rootId: string): Promise<OrgUnit[]> {
  const communes: OrgUnit[] = []
  let frontier = [rootId]
  for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
    const children = (await Promise.all(frontier.map((id) => store.orgUnits.listChildren(id)))).flat()
    communes.push(...children.filter((u) => u.kind === 'commune' && !u.retired))
    // A retired district's communes are moved or retired with it; its subtree is not walked.
    frontier = children.filter((u) => u.kind !== 'commune' && !u.retired).map((u) => u.id)
  }
  return communes
}

/**
 * For the admin routes: the caller must be an administrator, and `unitId` (if given) a unit of their province
 * (the province itself or below it). Returns the unit. Unknown → 404, another province's → 403.
 */
export async function assertAdmin(store: Store, who: Principal): Promise<OrgUnit> {
  if (who.role !== 'admin') throw new AppError('forbidden', 'Only an administrator may do this')
  const province = await store.orgUnits.get(who.orgUnitId)
  if (!province) throw new AppError('forbidden', 'Your account’s province does not exist')
  return province
}

export async function assertAdminOfUnit(store: Store, who: Principal, unitId: string): Promise<OrgUnit> {
  await assertAdmin(store, who)
  const unit = await store.orgUnits.get(unitId)
  if (!unit) throw new AppError('not_found', `No unit "${unitId}"`)
  if (unit.id !== who.orgUnitId && !(await isAncestor(store, who.orgUnitId, unit))) {
    throw new AppError('forbidden', `Unit "${unitId}" is outside your province`)
  }
  return unit
}

/** How a feature answers a unit id that names no unit, or names a commune where a review unit is needed. */
export type UnitIdProblem = (problem: 'unknown' | 'commune', unitId: string, unit?: OrgUnit) => AppError

/**
 * The one rule for "may this principal act on this review unit" (the province, or a unit between it and its
 * communes), for the queue, the dashboard and the exports alike:
 *   officer  → no unit (403)
 *   reviewer → their own unit only (another is 403)
 *   admin    → their province or any unit below it (another province's is 403)
 * `unitId` undefined is the caller's own unit. What an unknown id or a commune is answered with stays each
 * API's documented contract (the dashboard names `unitId` in a 400 for both, the queue is 404 for both, an
 * export 404 and 400): `problem` builds that error; who may act is decided here only.
 */
export async function assertCanActOnUnit(
  store: Store,
  who: Principal,
  unitId: string | undefined,
  problem: UnitIdProblem,
  officerMessage = 'Only reviewers and administrators act on a review unit',
): Promise<OrgUnit> {
  if (who.role === 'officer') throw new AppError('forbidden', officerMessage)
  const id = unitId ?? who.orgUnitId
  if (who.role === 'reviewer' && id !== who.orgUnitId) throw new AppError('forbidden', `Unit "${id}" is not your review unit`, { details: { unitId: id } })
  const unit = await store.orgUnits.get(id)
  if (!unit) {
    if (unitId === undefined) throw new AppError('forbidden', `Your account’s unit "${id}" does not exist`)
    throw problem('unknown', id)
  }
  if (who.role === 'admin' && unit.id !== who.orgUnitId && !(await isAncestor(store, who.orgUnitId, unit)))
    throw new AppError('forbidden', `Unit "${id}" is outside your province`, { details: { unitId: id } })
  if (unit.kind === 'commune') throw problem('commune', id, unit)
  return unit
}
