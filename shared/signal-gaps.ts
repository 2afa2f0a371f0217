import { bestCoverage, coverageRank, lacks4g, type CoverageLevel, type OperatorCoverage, type Roster, type VillageKind } from './roster'

/*
 * The province's signal-gap map ("Vùng lõm sóng", issue 13), pure and browser-safe. The server keeps one compact
 * item per commune and year (functions/src/storage/signal-gaps.ts) whenever a roster is saved; the map, the list,
 * the exports and the year-on-year comparison are plain functions over those rows.
 *
 * A village row is a tuple, not an object: 30,000 of them go to the browser in one response, and a tuple is about
 * half the bytes of the same object before gzip.
 */

/** Per operator: the level, with a trailing "w" when the signal is weak or intermittent ("4gw"). */
export type CoverageCodes = Record<string, string>

/** [id, name, kind, households, lat, lng, coverage]; absent values are null. */
export type SignalVillage = [id: string, name: string, kind: VillageKind, households: number | null, lat: number | null, lng: number | null, coverage: CoverageCodes]

export const VILLAGE = { id: 0, name: 1, kind: 2, households: 3, lat: 4, lng: 5, coverage: 6 } as const

/** ~1 m: more digits are noise from the phone's GPS and cost bytes in every map response. */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5

export function encodeCoverage(c: OperatorCoverage): string {
  return c.weak ? `${c.level}w` : c.level
}

export function decodeCoverage(code: string | undefined): OperatorCoverage {
  if (!code) return { level: 'none' }
  const weak = code.endsWith('w')
  const level = (weak ? code.slice(0, -1) : code) as CoverageLevel
  return weak ? { level, weak } : { level }
}

/** The roster as the map's rows, in the officer's order (then name): what the signal item stores. */
export function signalVillages(roster: Roster | undefined): SignalVillage[] {
  const byOrder = new Intl.Collator('vi', { numeric: true })
  return Object.entries(roster ?? {})
    .sort(([, a], [, b]) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || byOrder.compare(a.name, b.name))
    .map(([id, v]) => [
      id,
      v.name,
      v.kind,
      v.households ?? null,
      v.location ? round5(v.location.lat) : null,
      v.location ? round5(v.location.lng) : null,
      Object.fromEntries(Object.entries(v.coverage).map(([op, c]) => [op, encodeCoverage(c)])),
    ])
}

/** Which villages count as gaps: on one operator (or `any`: none of them has 4G); weak 4G counts when `weak`. */
export type GapFilter = { operator?: string | undefined; weak?: boolean | undefined }

const FOUR_G = coverageRank('4g')

function usable(code: string | undefined, weak: boolean): boolean {
  const c = decodeCoverage(code)
  return coverageRank(c.level) >= FOUR_G && !(weak && c.weak)
}

/** No (usable) 4G on the chosen operator, or on any operator when none is chosen. */
export function isGap(coverage: CoverageCodes, filter: GapFilter = {}): boolean {
  const weak = filter.weak === true
  if (filter.operator) return !usable(coverage[filter.operator], weak)
  return !Object.values(coverage).some((code) => usable(code, weak))
}

/** The best level over the chosen operator (or all): what the map colours a point by. */
export function bestLevel(coverage: CoverageCodes, operator?: string): CoverageLevel {
  const decoded = Object.fromEntries(Object.entries(coverage).map(([op, code]) => [op, decodeCoverage(code)]))
  return bestCoverage({ coverage: decoded }, operator ? [operator] : undefined)
}

/** Villages where no operator reaches 4G ("thôn chưa có sóng 4G"), the rule the dashboard's `r:g` counts by. */
export function villagesWithout4g(roster: Roster | undefined): number {
  let n = 0
  for (const v of Object.values(roster ?? {})) if (lacks4g(v)) n++
  return n
}

export type YearComparison = {
  /** Gaps last year that have (usable) 4G now. */
  gained: number
  /** Gaps both years. */
  stillMissing: number
  /** Gaps now that were covered last year or were not listed. */
  newGaps: number
}

/**
 * This year against last, village by village (by commune and village id, which stay stable across years because
 * a new year's roster starts from last year's). Villages removed from a roster are not counted either way.
 */
export function compareYears(
  current: Iterable<{ communeId: string; villages: SignalVillage[] }>,
  previous: Iterable<{ communeId: string; villages: SignalVillage[] }>,
  filter: GapFilter = {},
): YearComparison {
  const before = new Map<string, boolean>()
  for (const c of previous) for (const v of c.villages) before.set(`${c.communeId}\u0000${v[0]}`, isGap(v[6], filter))
  const out: YearComparison = { gained: 0, stillMissing: 0, newGaps: 0 }
  for (const c of current)
    for (const v of c.villages) {
      const was = before.get(`${c.communeId}\u0000${v[0]}`)
      const is = isGap(v[6], filter)
      if (was === true && !is) out.gained++
      else if (was === true && is) out.stillMissing++
      else if (is) out.newGaps++
    }
  return out
}

/** Year status of one village for the list: gained, still missing, new gap, or nothing to say. */
export type VillageTrend = 'gained' | 'still_missing' | 'new_gap' | null

export function villageTrend(now: CoverageCodes, before: CoverageCodes | null, filter: GapFilter = {}): VillageTrend {
  const is = isGap(now, filter)
  if (before === null) return is ? 'new_gap' : null
  const was = isGap(before, filter)
  return was ? (is ? 'still_missing' : 'gained') : is ? 'new_gap' : null
}
