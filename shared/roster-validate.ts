import type { Profile } from './assessment'
import type { FieldIssue } from './errors'
import { localized } from './i18n'
import { formatNumber } from './number'
import { ownValue } from './own'
import type { Rubric } from './rubric/schema'
import { sameValue, type Change } from './review'
import { mergeRosterPatch, ROSTER_MAX_VILLAGES, type Roster, type RosterOperator, type RosterPatch, type Village } from './roster'

/*
 * The rules a roster patch must keep (issue 13), pure so the officer's form shows the same reasons the server
 * gives. Like the answers, only what the patch touches is judged: a roster carried over from last year, or left
 * inconsistent by an older rubric, never blocks an unrelated edit. Decisions:
 *   - a year whose rubric has no `roster` section takes no roster (field `roster`, code `no_roster`);
 *   - a village's coverage names only the rubric's operators (clearing an unknown one with null is allowed);
 *   - at most ROSTER_MAX_VILLAGES villages;
 *   - a village's households ≤ the commune's `households` fact, when the commune states it;
 *   - the villages' stated households together ≤ the commune's: REFUSED, not warned — the villages partition
 *     the commune, so a larger sum is a typing mistake in one of the two figures. Checked only when the patch
 *     changes a village's households or the commune's fact; fixing both in one patch (the outbox sends every
 *     pending field together) is always possible;
 *   - names are unique within the commune, compared after trimming, collapsing spaces and ignoring case, but
 *     NOT diacritics: "Thôn Hà" and "Thôn Hạ" are different names in Vietnamese;
 *   - a new village without its name or kind is refused (mergeRosterPatch `village_incomplete`).
 * Coordinates outside Vietnam are refused by the schema itself (shared/roster.ts insideVietnam), with the reason.
 */

export type RosterSection = { operators: readonly RosterOperator[] }

/** The year's roster configuration, or undefined when the year's rubric has no village roster. */
export const rosterSectionOf = (rubric: Rubric): RosterSection | undefined => rubric.roster

export const HOUSEHOLDS_FACT = 'households'

const issue = (field: string, code: string, vi: string, en: string): FieldIssue => ({ field, code, message: localized(vi, en) })

/** The comparison key of a village's name: NFC, trimmed, spaces collapsed, lower case; diacritics kept. */
export const villageNameKey = (name: string): string => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi')

const label = (village: Pick<Village, 'name'> | undefined, id: string) => village?.name ?? id

export type RosterPatchResult = {
  /** The roster after the patch (undefined: the patch had no roster). */
  roster: Roster | undefined
  issues: FieldIssue[]
}

/**
 * Applies `patch.roster` to `before.roster` and judges the result. `profile` is the commune's profile after the
 * same patch (the bound may change in the same request); `profileTouched`: the patch sets the households fact.
 */
export function validateRosterPatch(
  rubric: Rubric,
  before: Roster | undefined,
  patch: RosterPatch | undefined,
  profile: Profile,
  profileTouched = false,
): RosterPatchResult {
  const section = rosterSectionOf(rubric)
  if (!patch) return { roster: undefined, issues: section && profileTouched ? householdIssues(before ?? {}, [], profile, true) : [] }
  if (Object.keys(patch).length === 0) return { roster: undefined, issues: [] }
  if (!section)
    return {
      roster: undefined,
      issues: [issue('roster', 'no_roster', `Năm ${rubric.year} không có danh sách thôn trong bộ tiêu chí`, `roster: the ${rubric.year} rubric has no village roster`)],
    }
  const issues: FieldIssue[] = []
  const { roster, problems } = mergeRosterPatch(before, patch)
  for (const p of problems)
    issues.push(issue(`roster.${p.villageId}`, p.code, `Thôn mới "${p.villageId}" cần có tên và loại (thôn, bản, làng, tổ dân phố)`, `New village "${p.villageId}" needs a name and a kind`))

  const count = Object.keys(roster).length
  if (count > ROSTER_MAX_VILLAGES)
    issues.push(issue('roster', 'too_many_villages', `Danh sách có ${formatNumber(count)} thôn, tối đa ${formatNumber(ROSTER_MAX_VILLAGES)}`, `The roster has ${count} villages; at most ${ROSTER_MAX_VILLAGES}`))

  const operators = new Set(section.operators.map((o) => o.id))
  const touched: string[] = []
  for (const [id, change] of Object.entries(patch)) {
    if (change === null || !Object.hasOwn(roster, id)) continue
    touched.push(id)
    for (const [op, value] of Object.entries(change.coverage ?? {}))
      if (value !== null && !operators.has(op))
        issues.push(issue(`roster.${id}.coverage.${op}`, 'unknown_operator', `Nhà mạng "${op}" không có trong cấu hình năm ${rubric.year}`, `Operator "${op}" is not one of the ${rubric.year} rubric's operators`))
  }

  // Names: each village whose name this patch sets (or that it creates) against every other village.
  const named = touched.filter((id) => patch[id]?.name !== undefined)
  if (named.length > 0) {
    const byKey = new Map<string, string[]>()
    for (const [id, v] of Object.entries(roster)) {
      const key = villageNameKey(v.name)
      byKey.set(key, [...(byKey.get(key) ?? []), id])
    }
    for (const id of named) {
      const others = (byKey.get(villageNameKey(roster[id]!.name)) ?? []).filter((o) => o !== id)
      if (others.length > 0)
        issues.push(issue(`roster.${id}.name`, 'duplicate_name', `Tên "${roster[id]!.name}" trùng với một thôn khác của xã`, `The name "${roster[id]!.name}" is already used by another village of the commune`))
    }
  }

  const householdsTouched = touched.filter((id) => patch[id]?.households !== undefined && patch[id]?.households !== null)
  issues.push(...householdIssues(roster, householdsTouched, profile, profileTouched))
  return { roster, issues }
}

function householdIssues(roster: Roster, touched: string[], profile: Profile, profileTouched: boolean): FieldIssue[] {
  const bound = ownValue(profile, HOUSEHOLDS_FACT)
  if (bound === undefined || (touched.length === 0 && !profileTouched)) return []
  const issues: FieldIssue[] = []
  const ids = profileTouched ? Object.keys(roster) : touched
  for (const id of ids) {
    const h = roster[id]?.households
    if (h !== undefined && h > bound)
      issues.push(
        issue(
          // A village this patch did not touch is reported on the commune's fact, which the patch changed.
          touched.includes(id) ? `roster.${id}.households` : `profile.${HOUSEHOLDS_FACT}`,
          'above_commune_households',
          `${label(roster[id], id)}: ${formatNumber(h)} hộ, nhiều hơn tổng số hộ của xã (${formatNumber(bound)})`,
          `${label(roster[id], id)}: ${h} households, more than the commune's ${bound}`,
        ),
      )
  }
  let sum = 0
  for (const v of Object.values(roster)) sum += v.households ?? 0
  if (sum > bound) {
    const field = touched.length > 0 ? `roster.${touched[0]}.households` : `profile.${HOUSEHOLDS_FACT}`
    issues.push(
      issue(
        field,
        'households_sum_above_commune',
        `Tổng số hộ của các thôn (${formatNumber(sum)}) nhiều hơn tổng số hộ của xã (${formatNumber(bound)})`,
        `The villages' households add up to ${sum}, more than the commune's ${bound}`,
      ),
    )
  }
  return issues
}

/**
 * old → new for what a roster patch changed, for the audit trail: `roster.<id>` for a village added or removed,
 * `roster.<id>.<field>` (`roster.<id>.coverage.<operator>`) for a field of a village that stays.
 */
export function rosterChanges(before: Roster | undefined, after: Roster, patch: RosterPatch): Change[] {
  const changes: Change[] = []
  for (const id of Object.keys(patch)) {
    const from = before && Object.hasOwn(before, id) ? before[id] : undefined
    const to = Object.hasOwn(after, id) ? after[id] : undefined
    if (!from || !to) {
      if (from || to) changes.push({ field: `roster.${id}`, from: from ?? null, to: to ?? null })
      continue
    }
    const fields = new Set([...Object.keys(from), ...Object.keys(to)])
    fields.delete('coverage')
    for (const f of fields) {
      const a = (from as Record<string, unknown>)[f] ?? null
      const b = (to as Record<string, unknown>)[f] ?? null
      if (!sameValue(a, b)) changes.push({ field: `roster.${id}.${f}`, from: a, to: b })
    }
    for (const op of new Set([...Object.keys(from.coverage), ...Object.keys(to.coverage)])) {
      const a = from.coverage[op] ?? null
      const b = to.coverage[op] ?? null
      if (!sameValue(a, b)) changes.push({ field: `roster.${id}.coverage.${op}`, from: a, to: b })
    }
  }
  return changes
}

/**
 * Evidence photos of one village are filed under the evidence API's `indicatorId` as `village:<villageId>`: a
 * rubric id cannot contain ":", so such a target never collides with an indicator.
 */
export const VILLAGE_EVIDENCE_PREFIX = 'village:'
export const villageEvidenceTarget = (villageId: string) => `${VILLAGE_EVIDENCE_PREFIX}${villageId}`
export const villageOfEvidenceTarget = (target: string): string | undefined =>
  target.startsWith(VILLAGE_EVIDENCE_PREFIX) ? target.slice(VILLAGE_EVIDENCE_PREFIX.length) : undefined
