import { AppError } from '../../../shared/errors'
import { assertCanActOnUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, Store } from '../storage/store'

/*
 * What an export covers. The assessments of a year are indexed per review unit (the commune's parent), so an
 * export is a list of review units read one after another. Who may export which unit is auth/scope.ts's one
 * unit rule (assertCanActOnUnit):
 *   admin    → the province (every review unit under it, plus communes hung directly on the province) or one
 *              review unit of it; another province's unit is 403, an unknown one 404
 *   reviewer → their own review unit only (another unit is 403)
 *   officer  → 403: an officer sees their own commune's assessment on its page
 */

export type ExportScope = {
  /** The unit the caller asked for (names the file and the list). */
  root: OrgUnit
  /** Review units whose assessments are read, in order (Vietnamese name order under a province). */
  units: OrgUnit[]
}

/** The scope with today's unit names: the org-unit reads above may come from a per-process cache (≤ 30 s). */
export async function exportScope(store: Store, who: Principal, unitId: string | undefined): Promise<ExportScope> {
  const scope = await scopeOf(store, who, unitId)
  const names = await store.orgUnits.names([scope.root.id, ...scope.units.map((u) => u.id)])
  const fresh = (u: OrgUnit): OrgUnit => ({ ...u, name: names.get(u.id) ?? u.name })
  return { root: fresh(scope.root), units: scope.units.map(fresh) }
}

const notAReviewUnit = () =>
  new AppError('validation', 'unitId must be the province or a review unit, not a commune', {
  fields: [
    {
      field: 'unitId',
      code: 'not_review_unit',
      message: { vi: 'Chọn tỉnh hoặc một đơn vị thẩm định, không phải một xã', en: 'Choose the province or a review unit, not a commune' },
    },
  ],
})

async function scopeOf(store: Store, who: Principal, unitId: string | undefined): Promise<ExportScope> {
  const root = await assertCanActOnUnit(
    store,
    who,
    unitId,
    (problem, id) => (problem === 'unknown' ? new AppError('not_found', `No unit "${id}"`) : notAReviewUnit()),
    'Exports are for reviewers and administrators',
  )
  if (root.kind !== 'province') return { root, units: [root] }
  // Retired review units stay in: their communes' past assessments are still indexed under them.
  const children = (await store.orgUnits.listChildren(root.id)).filter((u) => u.kind !== 'commune')
  return { root, units: [...children, root] }
}
