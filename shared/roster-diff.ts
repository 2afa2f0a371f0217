import { ownValue } from './own'
import { coverageRank, type CoverageLevel, type OperatorCoverage, type Roster, type Village } from './roster'
import type { RosterFlag } from './rubric/schema'

/*
 * A roster against last year's approved one (issue 13): what the reviewer checks first ("villages added or
 * removed, coverage gained or lost") and what the signal-gap map shows as "this year against last". Pure and
 * bounded by the two rosters (≤ ROSTER_MAX_VILLAGES each). Villages are matched by id: a new year's roster starts
 * from last year's with the same ids, so a renamed village is the same village, and a village deleted and typed
 * again is a new one.
 */

export const ROSTER_FLAGS: readonly RosterFlag[] = ['fiber', 'publicWifi', 'digitalTeam', 'smartVillage']

export type CoverageChange = {
  operator: string
  /** 'none' when the operator had no entry */
  from: CoverageLevel
  to: CoverageLevel
  fromWeak: boolean
  toWeak: boolean
  /** gained/lost: the level rose/fell; steadier/weaker: same level, the weak flag cleared/set */
  change: 'gained' | 'lost' | 'steadier' | 'weaker'
}

export type FlagChange = { flag: RosterFlag; from: boolean; to: boolean }

export type VillageDiff = {
  id: string
  name: string
  /** last year's name when it changed */
  renamedFrom?: string
  coverage: CoverageChange[]
  flags: FlagChange[]
  /** last year's and this year's households when they changed */
  households?: { from: number | undefined; to: number | undefined }
}

export type RosterDiff = {
  /** villages only this year / only last year, as {id, name}, in id order */
  added: { id: string; name: string }[]
  removed: { id: string; name: string }[]
  /** villages in both years with something changed, in id order */
  changed: VillageDiff[]
  /** how many villages are in both years unchanged (for the reviewer's "12 unchanged") */
  unchanged: number
}

const NONE: OperatorCoverage = { level: 'none' }
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Coverage changes of one village, per operator. `operators`: the operators to compare (the rubric's
 * `roster.operators` ids); absent, every operator either year mentions.
 */
export function coverageChanges(before: Village | undefined, after: Village | undefined, operators?: readonly string[]): CoverageChange[] {
  const ids = operators ?? [...new Set([...Object.keys(before?.coverage ?? {}), ...Object.keys(after?.coverage ?? {})])].sort(byId)
  const out: CoverageChange[] = []
  for (const op of ids) {
    const a = (before && ownValue(before.coverage, op)) ?? NONE
    const b = (after && ownValue(after.coverage, op)) ?? NONE
    const ra = coverageRank(a.level)
    const rb = coverageRank(b.level)
    // A weak flag on "none" means nothing: there is no signal to be weak.
    const wa = a.level !== 'none' && a.weak === true
    const wb = b.level !== 'none' && b.weak === true
    const change = rb > ra ? 'gained' : rb < ra ? 'lost' : wa && !wb ? 'steadier' : !wa && wb ? 'weaker' : undefined
    if (change) out.push({ operator: op, from: a.level, to: b.level, fromWeak: wa, toWeak: wb, change })
  }
  return out
}

/** This year's roster against last year's approved one. */
export function diffRoster(current: Roster | undefined, previous: Roster | undefined, operators?: readonly string[]): RosterDiff {
  const cur = current ?? {}
  const prev = previous ?? {}
  const added: RosterDiff['added'] = []
  const removed: RosterDiff['removed'] = []
  const changed: VillageDiff[] = []
  let unchanged = 0
  for (const id of Object.keys(cur).sort(byId)) {
    const now = cur[id]!
    const before = ownValue(prev, id)
    if (!before) {
      added.push({ id, name: now.name })
      continue
    }
    const coverage = coverageChanges(before, now, operators)
    const flags: FlagChange[] = []
    for (const flag of ROSTER_FLAGS) if ((before[flag] === true) !== (now[flag] === true)) flags.push({ flag, from: before[flag] === true, to: now[flag] === true })
    const d: VillageDiff = { id, name: now.name, coverage, flags }
    if (before.name !== now.name) d.renamedFrom = before.name
    if (before.households !== now.households) d.households = { from: before.households, to: now.households }
    if (coverage.length > 0 || flags.length > 0 || d.renamedFrom !== undefined || d.households) changed.push(d)
    else unchanged++
  }
  for (const id of Object.keys(prev).sort(byId)) if (!Object.hasOwn(cur, id)) removed.push({ id, name: prev[id]!.name })
  return { added, removed, changed, unchanged }
}

/**
 * Where a village stands on the map's "this year against last" for one signal threshold (default 4G) on one
 * operator or on any of `operators`: `gained` (had none last year, has it now), `still_missing`, `lost`,
 * `covered` (both years), `new_missing` / `new_covered` (not in last year's roster).
 */
export type GapTrend = 'gained' | 'still_missing' | 'lost' | 'covered' | 'new_missing' | 'new_covered'

export function gapTrend(
  now: Village,
  before: Village | undefined,
  opts: { operators: readonly string[]; operator?: string; atLeast?: CoverageLevel; countWeak?: boolean },
): GapTrend {
  const need = coverageRank(opts.atLeast ?? '4g')
  const ops = opts.operator !== undefined ? [opts.operator] : opts.operators
  const has = (v: Village) =>
    ops.some((op) => {
      const c = ownValue(v.coverage, op)
      return c !== undefined && coverageRank(c.level) >= need && (opts.countWeak !== false || c.weak !== true)
    })
  const hasNow = has(now)
  if (!before) return hasNow ? 'new_covered' : 'new_missing'
  const hadBefore = has(before)
  return hasNow ? (hadBefore ? 'covered' : 'gained') : hadBefore ? 'lost' : 'still_missing'
}
