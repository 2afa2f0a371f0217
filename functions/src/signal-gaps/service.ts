/*
 * The province's signal-gap map ("Vùng lõm sóng", issue 13): every village of the scope with its coverage, this
 * year against last. Read from the per-commune items kept at write time (storage/signal-gaps.ts, README S1–S3):
 * four Queries per year, never an assessment, never a Scan. Names are today's (BatchGet of the org units), as on
 * every list. Last year's items may come from the process's cache (≤ cacheTtlMs), as the dashboard's last year does.
 *   admin    → the province (default) or any unit of it (`unit`)
 *   reviewer → their own review unit only
 *   officer  → 403
 */
import { AppError } from '../../../shared/errors'
import type { Localized } from '../../../shared/i18n'
import type { RosterOperator } from '../../../shared/roster'
import { compareYears, type CoverageCodes, type GapFilter, type SignalVillage, type YearComparison } from '../../../shared/signal-gaps'
import { assertAdminOfUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { OrgUnit, SignalCommune, Store } from '../storage/store'

export type SignalGapQuery = { year: number; unit?: string | undefined; operator?: string | undefined; weak?: boolean | undefined }

export type SignalGapCommune = {
  id: string
  name: string
  unitId: string
  unitName: string
  villages: SignalVillage[]
  /** Last year's coverage per village id (null: the commune had no roster then). */
  previous: Record<string, CoverageCodes> | null
}

export type SignalGaps = {
  year: number
  unit: { id: string; name: string }
  operators: { id: string; label: Localized }[]
  filter: { operator: string | null; weak: boolean }
  communes: SignalGapCommune[]
  /** Under `filter`: gaps last year now covered, gaps both years, gaps new this year. */
  compare: YearComparison
  /** Communes with a roster last year (0: no comparison possible). */
  previousCommunes: number
}

const KNOWN_OPERATORS: Record<string, Localized> = {
  viettel: { vi: 'Viettel', en: 'Viettel' },
  vnpt: { vi: 'VNPT (VinaPhone)', en: 'VNPT (VinaPhone)' },
  mobifone: { vi: 'MobiFone', en: 'MobiFone' },
}

/** Whose communes the caller sees: the root unit and a predicate over signal items. */
async function scopeOf(store: Store, who: Principal, unitId: string | undefined): Promise<OrgUnit> {
  if (who.role === 'officer') throw new AppError('forbidden', 'The signal-gap map is for reviewers and the province’s administrators')
  if (who.role === 'reviewer') {
    if (unitId !== undefined && unitId !== who.orgUnitId) throw new AppError('forbidden', 'A reviewer sees their own unit only')
    const own = await store.orgUnits.get(who.orgUnitId)
    if (!own) throw new AppError('not_found', `Your unit "${who.orgUnitId}" does not exist`)
    return own
  }
  return assertAdminOfUnit(store, who, unitId ?? who.orgUnitId)
}

const inScope = (root: OrgUnit) => (c: SignalCommune) => c.unitId === root.id || c.path.includes(root.id)

/** Today's names, 100 ids per BatchGet, a few batches in flight (2,000 communes: 20 batches). */
async function namesOf(store: Store, ids: string[], inFlight = 10): Promise<Map<string, string>> {
  const chunks: string[][] = []
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100))
  const out = new Map<string, string>()
  let next = 0
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!
      for (const [id, name] of await store.orgUnits.names(chunk)) out.set(id, name)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, worker))
  return out
}

const byName = new Intl.Collator('vi', { sensitivity: 'base', numeric: true })

export async function loadSignalGaps(store: Store, who: Principal, query: SignalGapQuery): Promise<SignalGaps> {
  const root = await scopeOf(store, who, query.unit)
  const [current, previous, rubric] = await Promise.all([
    store.signalGaps.list(query.year),
    // Last year's side may be up to cacheTtlMs old (a past year rarely changes), like the dashboard's.
    store.signalGaps.listRecent(query.year - 1),
    store.rubrics.get(query.year),
  ])
  const keep = inScope(root)
  const mine = current.filter(keep)
  const before = new Map(previous.filter(keep).map((c) => [c.communeId, c]))
  const names = await namesOf(store, [...new Set([root.id, ...mine.map((c) => c.communeId), ...mine.map((c) => c.unitId)])])

  const communes: SignalGapCommune[] = mine.map((c) => {
    const prev = before.get(c.communeId)
    return {
      id: c.communeId,
      name: names.get(c.communeId) ?? c.communeId,
      unitId: c.unitId,
      unitName: names.get(c.unitId) ?? c.unitId,
      villages: c.villages,
      previous: prev ? Object.fromEntries(prev.villages.map((v) => [v[0], v[6]])) : null,
    }
  })
  communes.sort((a, b) => byName.compare(a.unitName, b.unitName) || byName.compare(a.name, b.name) || a.id.localeCompare(b.id))

  const filter: GapFilter = { operator: query.operator, weak: query.weak }
  return {
    year: query.year,
    unit: { id: root.id, name: names.get(root.id) ?? root.name },
    operators: operatorsOf(rubric, mine),
    filter: { operator: query.operator ?? null, weak: query.weak === true },
    communes,
    compare: compareYears(mine, before.values(), filter),
    previousCommunes: before.size,
  }
}

/** The rubric's operators (`roster.operators`, issue 13's rubric format), else those the data names. */
function operatorsOf(rubric: unknown, communes: SignalCommune[]): { id: string; label: Localized }[] {
  const configured = (rubric as { roster?: { operators?: RosterOperator[] } } | undefined)?.roster?.operators
  if (configured && configured.length > 0) return configured.map((o) => ({ id: o.id, label: o.label }))
  const seen = new Set<string>()
  for (const c of communes) for (const v of c.villages) for (const op of Object.keys(v[6])) seen.add(op)
  const ids = [...seen].sort((a, b) => (a in KNOWN_OPERATORS ? 0 : 1) - (b in KNOWN_OPERATORS ? 0 : 1) || a.localeCompare(b))
  return ids.map((id) => ({ id, label: KNOWN_OPERATORS[id] ?? { vi: id, en: id } }))
}
