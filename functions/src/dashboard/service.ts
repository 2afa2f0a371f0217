/*
 * GET /dashboard: a province's or one review unit's numbers for a year and the year before. Reads the counters
 * (storage/stats.ts: one Query per year), the org tree (which communes exist, for "not started") and the rubrics
 * (labels, maxima); never an assessment. Who sees what: an admin their province or any of its review units, a
 * reviewer their own unit, an officer nothing.
 */
import { addContributions, summarizeTotals, villageStats, type Contribution, type YearStats } from '../../../shared/dashboard'
import { AppError } from '../../../shared/errors'
import { assertCanActOnUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, Store } from '../storage/store'

export type UnitRow = {
  id: string
  name: string
  communes: number
  /** Communes with an assessment this year (any status). */
  started: number
  submitted: number
  approved: number
  recognised: number
  averageTotal: number | null
  /** Villages without 4G of the unit's counted communes (issue 13); null when the year has no roster. */
  without4g: number | null
  /** The same a year earlier (the change from last year); null when that year counted no roster. */
  without4gBefore: number | null
}

export type Dashboard = {
  unit: { id: string; name: string; kind: OrgUnit['kind'] }
  /** The review units an admin may pick (all of the province's); a reviewer's own unit only. */
  units: { id: string; name: string }[]
  current: YearStats
  /** The same numbers a year earlier, or null when that year has nothing counted. */
  previous: YearStats | null
  /** Per review unit, when the province is shown. */
  byUnit: UnitRow[]
}

const invalidUnit = (unitId: string, vi: string, en: string) =>
  new AppError('validation', en, { fields: [{ field: 'unitId', code: 'not_review_unit', message: { vi, en } }] })

/** The unit the caller asked for (default: their own), checked by the one unit rule (auth/scope.ts). */
const unitFor = (store: Store, who: Principal, unitId: string | undefined): Promise<OrgUnit> =>
  assertCanActOnUnit(
    store,
    who,
    unitId,
    (problem, id, unit) =>
      problem === 'unknown'
        ? invalidUnit(id, `Không có đơn vị "${id}"`, `No unit "${id}"`)
        : invalidUnit(id, `"${unit?.name ?? id}" là xã; bảng tổng hợp theo tỉnh hoặc huyện/khu vực thẩm định`, `"${unit?.name ?? id}" is a commune; the dashboard shows a province or a review unit`),
    'The dashboard is for reviewers and the province’s administrators',
  )

const activeCommunes = (units: OrgUnit[]) => units.filter((u) => u.kind === 'commune' && !u.retired).length

export async function loadDashboard(store: Store, who: Principal, query: { year: number; unitId?: string | undefined }): Promise<Dashboard> {
  const unit = await unitFor(store, who, query.unitId)
  const provinceId = who.role === 'admin' ? who.orgUnitId : undefined
  const isProvince = unit.kind === 'province'

  const [provinceUnits, totals, previousTotals, rubric, previousRubric] = await Promise.all([
    provinceId ? store.orgUnits.listChildren(provinceId) : Promise.resolve([] as OrgUnit[]),
    store.stats.unitTotals(query.year),
    store.stats.unitTotalsRecent(query.year - 1),
    store.rubrics.get(query.year),
    store.rubrics.get(query.year - 1),
  ])
  const reviewUnits = provinceUnits.filter((u) => u.kind !== 'commune' && !u.retired)
  const shown = isProvince ? reviewUnits : [unit]
  // Communes per shown unit: one Query each (cached per process on Lambda, like the org units themselves).
  const communeCounts = await Promise.all(shown.map((u) => store.stats.activeCommunes(u.id)))
  // A commune hung directly on the province counts towards the province's own unit id (its parent).
  const direct = isProvince ? activeCommunes(provinceUnits) : 0
  const communes = communeCounts.reduce((a, b) => a + b, direct)
  const counted = isProvince ? [...shown.map((u) => u.id), unit.id] : [unit.id]

  const sum = (byUnit: Map<string, Contribution>) => addContributions(...counted.map((id) => byUnit.get(id) ?? {}))
  const current = summarizeTotals(query.year, sum(totals), communes, rubric)
  const previousSum = sum(previousTotals)
  const previous = Object.keys(previousSum).length > 0 ? summarizeTotals(query.year - 1, previousSum, communes, previousRubric) : null

  const byUnit: UnitRow[] = isProvince
    ? shown.map((u, i) => {
        const s = summarizeTotals(query.year, totals.get(u.id) ?? {}, communeCounts[i]!, undefined)
        const villages = rubric?.roster ? villageStats(totals.get(u.id) ?? {}, rubric) : null
        return {
          id: u.id,
          name: u.name,
          communes: s.communes,
          started: Object.values(s.counts).reduce((a, b) => a + b, 0) - s.counts.not_started,
          submitted: s.counts.submitted,
          approved: s.counts.district_approved,
          recognised: s.counts.recognised,
          averageTotal: s.averageTotal,
          without4g: villages?.without4g ?? null,
          without4gBefore: villageStats(previousTotals.get(u.id) ?? {}, previousRubric)?.without4g ?? null,
        }
      })
    : []

  // The unit itself may come from a per-process cache: its name is read fresh, so a rename shows at once.
  const fresh = await store.orgUnits.names([unit.id])
  const shownUnit = { ...unit, name: fresh.get(unit.id) ?? unit.name }
  return {
    unit: { id: shownUnit.id, name: shownUnit.name, kind: shownUnit.kind },
    units: (who.role === 'admin' ? reviewUnits : [shownUnit]).map((u) => ({ id: u.id, name: u.name })),
    current,
    previous,
    byUnit,
  }
}
