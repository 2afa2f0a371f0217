import { z } from 'zod'
import { Localized } from './i18n'

/*
 * The village roster (danh sách thôn, tổ dân phố) of one commune for one survey year (issue 13). It lives inside
 * the assessment (`Assessment.roster`), so it is saved by the same PATCH, versioned by the same version number,
 * queued by the same outbox and checked for conflicts by the same rules as the answers — per village and field.
 *
 * Which operators a province asks about is configuration: the rubric of a year that uses the roster carries
 * `roster.operators` (rubric/schema.ts). A village's `coverage` is keyed by those operator ids.
 */

/** Most villages one commune may list: the largest communes after the 2025 merges have ~100; an item stays small. */
export const ROSTER_MAX_VILLAGES = 300
export const ROSTER_MAX_OPERATORS = 10
export const VILLAGE_NAME_MAX = 120

export const VillageKind = z.enum(['thon', 'ban', 'lang', 'to_dan_pho'])
export type VillageKind = z.infer<typeof VillageKind>

/** Ordered: a level "reaches" every level after it in this list (4g reaches 2g and 3g). */
export const COVERAGE_LEVELS = ['none', '2g', '3g', '4g', '5g'] as const
export const CoverageLevel = z.enum(COVERAGE_LEVELS)
export type CoverageLevel = z.infer<typeof CoverageLevel>
export const coverageRank = (level: CoverageLevel): number => COVERAGE_LEVELS.indexOf(level)

/** One operator's signal in one village; `weak` = present but weak or intermittent ("sóng yếu, chập chờn"). */
export const OperatorCoverage = z.strictObject({ level: CoverageLevel, weak: z.boolean().optional() })
export type OperatorCoverage = z.infer<typeof OperatorCoverage>

export const OperatorId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'operator: a–z, 0–9, "_" or "-" (≤ 32)')
export const RosterOperator = z.strictObject({ id: OperatorId, label: Localized })
export type RosterOperator = z.infer<typeof RosterOperator>

/**
 * Vietnam's bounding box, islands included (Hoàng Sa and Trường Sa reach ~117.9° E, Cà Mau's islands ~8.4° N,
 * Trường Sa ~6.0° N). A point outside it is a typing or GPS mistake, refused with this reason.
 */
export const VIETNAM_BBOX = { minLat: 6.0, maxLat: 23.5, minLng: 102.1, maxLng: 117.9 } as const

/**
 * A bound of the box as a check whose issue carries its reason in both languages (`params`: code, vi, en), so a
 * point outside is refused saying why (functions/src/http/errors.ts zodFields reads them), not "too small".
 */
const insideVietnam = (axis: 'lat' | 'lng') => {
  const [min, max] = axis === 'lat' ? [VIETNAM_BBOX.minLat, VIETNAM_BBOX.maxLat] : [VIETNAM_BBOX.minLng, VIETNAM_BBOX.maxLng]
  const [vi, en] = axis === 'lat' ? ['vĩ độ', 'latitude'] : ['kinh độ', 'longitude']
  const range = (decimal: string) => `${String(min).replace('.', decimal)}–${String(max).replace('.', decimal)}`
  const message = {
    vi: `Vị trí nằm ngoài lãnh thổ Việt Nam: ${vi} phải từ ${range(',')} — kiểm tra lại toạ độ đã nhập hoặc lấy lại GPS`,
    en: `The location is outside Vietnam: ${en} must be within ${range('.')} — check the typed coordinates or take the GPS fix again`,
  }
  return z
    .number()
    .finite()
    .refine((v) => v >= min && v <= max, { message: message.en, params: { code: 'outside_vietnam', ...message } })
}

export const VillageLocation = z.strictObject({
  lat: insideVietnam('lat'),
  lng: insideVietnam('lng'),
  /** Metres, as the phone's GPS reported it; absent when typed. */
  accuracy: z.number().finite().nonnegative().max(100_000).optional(),
  source: z.enum(['gps', 'typed']),
})
export type VillageLocation = z.infer<typeof VillageLocation>

/** Stable across years (a new year's roster starts from last year's with the same ids). Made by the browser. */
export const VillageId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'village id: letters, digits, "_" or "-" (≤ 40)')

export const Village = z.strictObject({
  name: z.string().trim().min(1).max(VILLAGE_NAME_MAX),
  kind: VillageKind,
  /** Bounded by the commune's households (profile fact `households`) when the commune states it. */
  households: z.number().int().min(0).max(1_000_000).optional(),
  coverage: z.record(OperatorId, OperatorCoverage),
  fiber: z.boolean().optional(),
  publicWifi: z.boolean().optional(),
  digitalTeam: z.boolean().optional(),
  smartVillage: z.boolean().optional(),
  location: VillageLocation.optional(),
  note: z.string().max(2000).optional(),
  /** Display order on the officer's list (the roster is a record keyed by id, so order is data). */
  order: z.number().int().min(0).max(100_000).optional(),
})
export type Village = z.infer<typeof Village>

export const Roster = z.record(VillageId, Village)
export type Roster = z.infer<typeof Roster>

/**
 * A roster patch names only what changed, per village and per field: a village set to null is removed; a field
 * set to null is cleared; absent fields are left alone; a village not in the roster yet needs `name` and `kind`.
 * `coverage` merges per operator the same way.
 */
export const VillagePatch = z.strictObject({
  name: Village.shape.name.optional(),
  kind: VillageKind.optional(),
  households: Village.shape.households.unwrap().nullable().optional(),
  coverage: z.record(OperatorId, OperatorCoverage.nullable()).optional(),
  fiber: z.boolean().nullable().optional(),
  publicWifi: z.boolean().nullable().optional(),
  digitalTeam: z.boolean().nullable().optional(),
  smartVillage: z.boolean().nullable().optional(),
  location: VillageLocation.nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
  order: Village.shape.order.unwrap().nullable().optional(),
})
export type VillagePatch = z.infer<typeof VillagePatch>
export const RosterPatch = z.record(VillageId, VillagePatch.nullable())
export type RosterPatch = z.infer<typeof RosterPatch>

/** A village's best signal over the given operators (all of the village's when none are given). */
export function bestCoverage(village: Pick<Village, 'coverage'>, operators?: readonly string[]): CoverageLevel {
  let best = 0
  const ids = operators ?? Object.keys(village.coverage)
  for (const id of ids) {
    const c = Object.prototype.hasOwnProperty.call(village.coverage, id) ? village.coverage[id] : undefined
    if (c) best = Math.max(best, coverageRank(c.level))
  }
  return COVERAGE_LEVELS[best]!
}

/** "Thôn chưa có sóng 4G": no operator (of the given ones; all of the village's when none) reaches 4G. */
export const lacks4g = (village: Pick<Village, 'coverage'>, operators?: readonly string[]): boolean =>
  coverageRank(bestCoverage(village, operators)) < coverageRank('4g')

export type RosterPatchProblem = { villageId: string; code: 'village_incomplete' }

/**
 * Applies a roster patch per village, per field and per operator; returns a new roster, never mutates. A patch
 * that creates a village without its name or kind is refused (listed in `problems`) rather than stored half-made.
 */
export function mergeRosterPatch(
  current: Roster | undefined,
  patch: RosterPatch,
): { roster: Roster; problems: RosterPatchProblem[] } {
  const roster: Roster = { ...(current ?? {}) }
  const problems: RosterPatchProblem[] = []
  for (const [id, change] of Object.entries(patch)) {
    if (change === null) {
      delete roster[id]
      continue
    }
    const before = Object.prototype.hasOwnProperty.call(roster, id) ? roster[id] : undefined
    const next: Record<string, unknown> = { ...(before ?? { coverage: {} }) }
    for (const [field, value] of Object.entries(change)) {
      if (field === 'coverage') continue
      if (value === null) delete next[field]
      else if (value !== undefined) next[field] = value
    }
    const coverage: Record<string, OperatorCoverage> = { ...(before?.coverage ?? {}) }
    for (const [op, value] of Object.entries(change.coverage ?? {})) {
      if (value === null) delete coverage[op]
      else coverage[op] = value
    }
    next.coverage = coverage
    if (typeof next.name !== 'string' || typeof next.kind !== 'string') {
      problems.push({ villageId: id, code: 'village_incomplete' })
      continue
    }
    roster[id] = next as Village
  }
  return { roster, problems }
}
