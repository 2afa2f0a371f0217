import { createResource, type Resource } from 'solid-js'
import { call, client, type Me } from '../api/client'

export type ReviewUnit = { id: string; name: string }

const fromCommunes = (me: Me): ReviewUnit[] =>
  [...new Set(me.communes.map((c) => c.parentId).filter((p): p is string => !!p))].map((id) => ({ id, name: id }))

/**
 * The review units the caller may open a queue for: a reviewer's own unit; for an administrator, the
 * province's districts / review areas (GET /admin/units, by Vietnamese name). Should that list fail, the
 * parents of the communes in scope still let the administrator work, named by id.
 */
export function createReviewUnits(me: Me): Resource<ReviewUnit[]> {
  const [units] = createResource(async (): Promise<ReviewUnit[]> => {
    if (me.user.role !== 'admin') return [{ id: me.user.orgUnitId, name: me.orgUnit?.name ?? me.user.orgUnitId }]
    try {
      const res = await call(() => client.api.admin.units.$get({ query: {} }))
      const ids = new Set(me.communes.map((c) => c.parentId))
      // Only units that hold communes in scope have a queue.
      return res.units.filter((u) => ids.has(u.id)).map((u) => ({ id: u.id, name: u.name }))
    } catch {
      return fromCommunes(me)
    }
  })
  return units
}

export const pickUnit = (units: ReviewUnit[], wanted: string | undefined): ReviewUnit | undefined =>
  units.find((u) => u.id === wanted) ?? units[0]
