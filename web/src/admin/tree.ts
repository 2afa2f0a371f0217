import { adminApi, type AdminUnit } from '../api/admin-api'

/** The admin's province as the admin screens need it: review units, their communes, every unit by id. */
export type ProvinceTree = {
  province: { id: string; name: string }
  districts: AdminUnit[]
  communesOf: Map<string, AdminUnit[]>
  byId: Map<string, AdminUnit>
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi')

/**
 * Retired units are loaded too: a merged commune names its predecessors, which are retired, and the tree can
 * show them on request. One request per review unit (a province has a few dozen at most), all in parallel.
 */
export async function loadTree(province: { id: string; name: string }): Promise<ProvinceTree> {
  const { units: districts } = await adminApi.units(undefined, true)
  const lists = await Promise.all(districts.map((d) => adminApi.units(d.id, true)))
  const communesOf = new Map<string, AdminUnit[]>()
  const byId = new Map<string, AdminUnit>()
  districts.forEach((d, i) => {
    const communes = [...lists[i]!.units].sort(byName)
    communesOf.set(d.id, communes)
    byId.set(d.id, d)
    for (const c of communes) byId.set(c.id, c)
  })
  return { province, districts: [...districts].sort(byName), communesOf, byId }
}

export const activeDistricts = (tree: ProvinceTree) => tree.districts.filter((d) => !d.retired)
export const activeCommunes = (tree: ProvinceTree) =>
  activeDistricts(tree).flatMap((d) => (tree.communesOf.get(d.id) ?? []).filter((c) => !c.retired))

/** Predecessor names of a merged commune, in the order recorded (unknown ids as they are). */
export const predecessorNames = (tree: ProvinceTree, unit: AdminUnit) => (unit.predecessorIds ?? []).map((id) => tree.byId.get(id)?.name ?? id)
