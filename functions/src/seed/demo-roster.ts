// The demo's 2026 survey year (issue 13): rubric-2026, which derives A3.2, A3.3, A3.5, A4.2, D8 and the number
// of villages from each commune's village roster, and a roster for the communes of Sơn Tây and for An Vĩnh — a few
// villages each, some without 4G on any operator, some only on one or weak, with coordinates inside the commune's
// area — so `npm start` shows the roster, the derived indicators and the signal gaps. Drafts only: the officer of
// Sơn Tân carries on from there. Written through patchAssessment (validation, events, dashboard counters).
import type { Profile } from '../../../shared/assessment'
import type { CoverageLevel, Village, VillageKind } from '../../../shared/roster'
import { addDays, vietnamDate } from '../../../shared/survey-year'
import { AppError } from '../../../shared/errors'
import { openFirstYear } from '../years/first-year'
import type { Principal } from '../auth/token'
import { patchAssessment } from '../assessments/service'
import type { Store } from '../storage/store'
import { demoCommunes } from './demo-province'
import { demoRubric, demoYears } from './demo-years'

/**
 * The roster year on the wall clock at import (2026 during 2026). With an injected clock read
 * demoYears(now).roster, or the seed's result `years`.
 */
export const DEMO_ROSTER_YEAR = demoYears().roster

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

/**
 * The demo roster of a commune by name (undefined for one without a demo centre), the same one the roster year
 * gives it: the demo round's forms get it too when that year's rubric keeps rosters (from 2027 on the clock).
 * `complete`: every village with 4G on all operators and every flag set, for a form the demo approves (the
 * recognition rule counts villages without 4G).
 */
export function demoRosterOf(name: string, households: number, complete = false): Record<string, Village> | undefined {
  const i = Object.keys(CENTRES).indexOf(name)
  if (i < 0) return undefined
  const roster = demoRoster(i, CENTRES[name]!, households)
  if (!complete) return roster
  return Object.fromEntries(
    Object.entries(roster).map(([id, v]) => [id, { ...v, coverage: PATTERNS[0]!, fiber: true, publicWifi: true, digitalTeam: true, smartVillage: true }]),
  )
}

const PROFILE: Profile = { population: 6400, adults: 4400, households: 1500, officials: 21, businesses: 12, schools: 5 }

/**
 * Opens the roster year (the round after the demo's: 2026 on today's date) on its default rubric when not open yet,
 * and gives each demo commune without a form that year its roster.
 */
export async function seedRosterYear(store: Store, now = () => new Date(), year = demoYears(now()).roster): Promise<string[]> {
  const at = now()
  const rubric = demoRubric(year)
  // The rosters below are only what a roster-keeping rubric accepts; a year whose default has none gets none.
  if (!rubric.roster) throw new Error(`demo: the default rubric of ${year} keeps no village roster`)
  await openFirstYear(store, {
    year,
    deadline: addDays(vietnamDate(at), 60),
    rubric,
    now: at,
  })
  const seeded: string[] = []
  let index = 0
  for (const [name, centre] of Object.entries(CENTRES)) {
    const i = index++
    const commune = demoCommunes.find((c) => c.name === name)
    if (!commune || (await store.assessments.get(commune.id, year))) continue
    const officer: Principal = { id: `u-demo-${commune.id}`, username: `canbo.${commune.id}`, role: 'officer', orgUnitId: commune.id }
    try {
      await patchAssessment(store, officer, commune.id, year, { version: 0, profile: PROFILE, roster: demoRoster(i, centre, PROFILE.households!) }, now())
      seeded.push(commune.id)
    } catch (err) {
      // A concurrent seed wrote this commune first.
      if (err instanceof AppError && err.code === 'version_conflict') continue
      throw err
    }
  }
  return seeded
}
