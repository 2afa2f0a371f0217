import { AppError } from '../../../shared/errors'
import type { OrgUnit, Store } from '../storage/store'
import type { Principal } from './token'

/*
 * The one place that decides who may see or change which commune.
 *   officer  → their own commune, read and write
 *   reviewer → communes whose parent is the reviewer's unit, read only
 *   admin    → every commune under the admin's province, read only (assessment writes are the officer's)
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

async function canRead(store: Store, who: Principal, commune: OrgUnit): Promise<boolean> {
  switch (who.role) {
    case 'officer':
      return who.orgUnitId === commune.id
    case 'reviewer':
      return commune.parentId === who.orgUnitId
    case 'admin':
      return isAncestor(store, who.orgUnitId, commune)
  }
}

export async function assertCanRead(store: Store, who: Principal, communeId: string): Promise<OrgUnit> {
  const commune = await loadCommune(store, communeId)
  if (!(await canRead(store, who, commune))) throw new AppError('forbidden', `Commune "${communeId}" is outside your area`)
  return commune
}

export async function assertCanEditAssessment(store: Store, who: Principal, communeId: string): Promise<OrgUnit> {
  const commune = await assertCanRead(store, who, communeId)
  if (who.role !== 'officer') throw new AppError('forbidden', 'Only the commune’s officer can change its assessment')
  return commune
}

/** The communes the caller may open, for the landing page. */
export async function communesInScope(store: Store, who: Principal): Promise<OrgUnit[]> {
  switch (who.role) {
    case 'officer': {
      const own = await store.orgUnits.get(who.orgUnitId)
      return own?.kind === 'commune' ? [own] : []
    }
    case 'reviewer':
      return (await store.orgUnits.listChildren(who.orgUnitId)).filter((u) => u.kind === 'commune')
    case 'admin':
      return descendantCommunes(store, who.orgUnitId)
  }
}

async function descendantCommunes(store: Store, rootId: string): Promise<OrgUnit[]> {
  const communes: OrgUnit[] = []
  let frontier = [rootId]
  for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
    const children = (await Promise.all(frontier.map((id) => store.orgUnits.listChildren(id)))).flat()
    communes.push(...children.filter((u) => u.kind === 'commune'))
    frontier = children.filter((u) => u.kind !== 'commune').map((u) => u.id)
  }
  return communes
}
