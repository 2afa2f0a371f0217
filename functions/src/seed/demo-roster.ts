// The demo's 2026 survey year (issue 13): rubric-2026, which derives A3.2, A3.3, A3.5, A4.2, D8 and the number
// of villages from each commune's village roster, and a roster for the communes of Sơn Tây and for An Vĩnh — a few
// villages each, some without 4G on any operator, some only on one or weak, with coordinates inside the commune's
// area — so `npm start` shows the roster, the derived indicators and the signal gaps. Drafts only: the officer of
// Sơn Tân carries on from there. Written through patchAssessment (validation, events, dashboard counters).
import type { Profile } from '../../../shared/assessment'
import type { CoverageLevel, Village, VillageKind } from '../../../shared/roster'
import { defaultRubric2026 } from '../../../shared/rubric/default'
import { rubricForYear } from '../../../shared/rubric/edit'
import { addDays, vietnamDate } from '../../../shared/survey-year'
import { AppError } from '../../../shared/errors'
import { openFirstYear } from '../years/first-year'
import type { Principal } from '../auth/token'
import { patchAssessment } from '../assessments/service'
import type { Store } from '../storage/store'
import { demoCommunes } from './demo-province'

export const DEMO_ROSTER_YEAR = 2026

/** Where each demo commune's villages are placed: the commune's rough centre (Sơn Tây's highlands, Lý Sơn island). */
const CENTRES: Record<string, [number, number]> = {
  'Sơn Bua': [14.985, 108.31], 'Sơn Dung': [15.02, 108.35], 'Sơn Lập': [14.94, 108.33], 'Sơn Liên': [15.05, 108.27],
  'Sơn Long': [15.0, 108.26], 'Sơn Màu': [15.06, 108.37], 'Sơn Mùa': [15.03, 108.3], 'Sơn Tân': [14.97, 108.38],
  'Sơn Tinh': [15.08, 108.33], 'An Vĩnh': [15.38, 109.12],
}

const NAMES: [string, VillageKind][] = [
  ['Thôn Huy Em', 'thon'], ['Thôn Tà Dô', 'thon'], ['Làng Rêu', 'lang'], ['Thôn Đắk Doa', 'thon'], ['Bản Mang Hin', 'ban'],
  ['Thôn Bà Hoa', 'thon'], ['Tổ dân phố 1', 'to_dan_pho'],
]

/** Coverage patterns, cycled: full 4G, Viettel only, weak 3G, nothing at all (a signal gap), 4G weak on two. */
const PATTERNS: Record<string, { level: CoverageLevel; weak?: boolean }>[] = [
  { viettel: { level: '4g' }, vnpt: { level: '4g' }, mobifone: { level: '4g' } },
  { viettel: { level: '4g' }, vnpt: { level: '2g' }, mobifone: { level: 'none' } },
  { viettel: { level: '3g', weak: true }, vnpt: { level: 'none' }, mobifone: { level: 'none' } },
  { viettel: { level: 'none' }, vnpt: { level: 'none' }, mobifone: { level: 'none' } },
  { viettel: { level: '4g', weak: true }, vnpt: { level: '4g', weak: true }, mobifone: { level: '3g' } },
]

/** A commune's demo roster: 4–6 villages, deterministic (the same on every run), households within the commune's. */
export function demoRoster(communeIndex: number, centre: [number, number], households: number): Record<string, Village> {
  const count = 4 + (communeIndex % 3)
  const roster: Record<string, Village> = {}
  const per = Math.floor(households / (count + 1))
  for (let i = 0; i < count; i++) {
    const [name, kind] = NAMES[(communeIndex + i) % NAMES.length]!
    const pattern = PATTERNS[(communeIndex + i) % PATTERNS.length]!
    const angle = ((communeIndex * 7 + i * 5) % 12) * (Math.PI / 6)
    const r = 0.01 + 0.004 * i
    roster[`thon-${i + 1}`] = {
      name,
      kind,
      households: per - ((communeIndex + i) % 5) * 7,
      coverage: pattern,
      ...(i % 2 === 0 ? { fiber: true } : {}),
      ...(i % 3 === 0 ? { publicWifi: true } : {}),
      ...(i !== 3 ? { digitalTeam: true } : {}),
      ...(i === 0 && communeIndex % 2 === 0 ? { smartVillage: true } : {}),
      location: {
        lat: Math.round((centre[0] + r * Math.sin(angle)) * 1e5) / 1e5,
        lng: Math.round((centre[1] + r * Math.cos(angle)) * 1e5) / 1e5,
        ...(i % 2 === 0 ? { source: 'gps' as const, accuracy: 8 + i * 3 } : { source: 'typed' as const }),
      },
      order: i,
    }
  }
  return roster
}

const PROFILE: Profile = { population: 6400, adults: 4400, households: 1500, officials: 21, businesses: 12, schools: 5 }

/** Opens 2026 on rubric-2026 (when not open yet) and gives each demo commune without a 2026 form its roster. */
export async function seedRosterYear(store: Store, now = () => new Date()): Promise<string[]> {
  const at = now()
  await openFirstYear(store, {
    year: DEMO_ROSTER_YEAR,
    deadline: addDays(vietnamDate(at), 60),
    rubric: rubricForYear(defaultRubric2026, DEMO_ROSTER_YEAR),
    now: at,
  })
  const seeded: string[] = []
  let index = 0
  for (const [name, centre] of Object.entries(CENTRES)) {
    const i = index++
    const commune = demoCommunes.find((c) => c.name === name)
    if (!commune || (await store.assessments.get(commune.id, DEMO_ROSTER_YEAR))) continue
    const officer: Principal = { id: `u-demo-${commune.id}`, username: `canbo.${commune.id}`, role: 'officer', orgUnitId: commune.id }
    try {
      await patchAssessment(store, officer, commune.id, DEMO_ROSTER_YEAR, { version: 0, profile: PROFILE, roster: demoRoster(i, centre, PROFILE.households!) }, now())
      seeded.push(commune.id)
    } catch (err) {
      // A concurrent seed wrote this commune first.
      if (err instanceof AppError && err.code === 'version_conflict') continue
      throw err
    }
  }
  return seeded
}
