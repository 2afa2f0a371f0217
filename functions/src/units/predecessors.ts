import type { OrgUnit, Store } from '../storage/store'

/**
 * How far a merge history is followed. Communes merge a few at a time and a commune born of a merge may merge
 * again, so real histories are two or three levels of a handful of communes; the bounds keep a request over an
 * odd tree (a merge of 99 communes, each of 99) to a fixed number of reads.
 */
export const MAX_PREDECESSOR_DEPTH = 6
export const MAX_PREDECESSORS = 200

/**
 * Every commune merged into this one, directly or through a commune that was itself made by a merge (A and B
 * into C, then C and D into E: E's are C, D, A, B), nearest first, each once.
 */
export async function predecessorsOf(store: Store, commune: OrgUnit): Promise<OrgUnit[]> {
  const found: OrgUnit[] = []
  const seen = new Set([commune.id])
  let frontier = commune.predecessorIds ?? []
  for (let depth = 0; depth < MAX_PREDECESSOR_DEPTH && frontier.length > 0; depth++) {
    const ids = [...new Set(frontier)].filter((id) => !seen.has(id)).slice(0, MAX_PREDECESSORS - found.length)
    for (const id of ids) seen.add(id)
    const units = (await Promise.all(ids.map((id) => store.orgUnits.get(id)))).filter((u): u is OrgUnit => !!u)
    found.push(...units)
    frontier = units.flatMap((u) => u.predecessorIds ?? [])
  }
  return found
}
