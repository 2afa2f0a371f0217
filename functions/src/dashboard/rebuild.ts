import type { RebuildReport, Store } from '../storage/store'

/**
 * Recomputes a province's dashboard counters for a year from its assessments (storage/stats.ts, pattern D4): for a
 * table written before the counters existed, or after a rubric correction that the counters should follow. Query
 * per review unit, never Scan. Run it when nobody is saving that year's assessments.
 */
export async function rebuildStats(store: Store, provinceId: string, year: number): Promise<RebuildReport> {
  const [units, rubric] = await Promise.all([store.orgUnits.listChildren(provinceId), store.rubrics.get(year)])
  // Retired review units included: their communes' assessments stay in their queue partition.
  const reviewUnitIds = units.filter((u) => u.kind !== 'commune').map((u) => u.id)
  return store.stats.rebuild(year, rubric, reviewUnitIds)
}
