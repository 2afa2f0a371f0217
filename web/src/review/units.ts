import type { Me } from '../api/client'

export type ReviewUnit = { id: string; name: string }

/**
 * The review units the caller may open a queue for: a reviewer's own unit; for an administrator, every
 * parent of a commune in scope (a former district, or whatever review area the province configured).
 * /me lists communes, not their parents, so a unit is named by a `units` list when the server sends one,
 * else by its id.
 */
export function reviewUnits(me: Me): ReviewUnit[] {
  if (me.user.role === 'reviewer') return [{ id: me.user.orgUnitId, name: me.orgUnit?.name ?? me.user.orgUnitId }]
  const named = new Map(((me as { units?: { id: string; name: string }[] }).units ?? []).map((u) => [u.id, u.name]))
  const ids = [...new Set(me.communes.map((c) => c.parentId).filter((p): p is string => !!p))]
  return ids.map((id) => ({ id, name: named.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name, 'vi'))
}

export function pickUnit(me: Me, wanted: string | undefined): ReviewUnit | undefined {
  const units = reviewUnits(me)
  return units.find((u) => u.id === wanted) ?? units[0]
}
