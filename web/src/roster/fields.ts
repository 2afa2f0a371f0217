import {
  OperatorCoverage,
  Village,
  VillageLocation,
  type VillagePatch,
  type Roster,
  type RosterPatch,
} from '../../../shared/roster'

/*
 * The roster's fields as the officer's outbox addresses them (assessment/values.ts FieldKey), so a village's
 * edits go through the same outbox, autosave and conflict rules as the answers — per village and per field:
 *   roster.<villageId>                      the whole village: a Village (added here, not yet on the server) or
 *                                           null (removed); `base` is the village as it was, so a removal of a
 *                                           village someone else changed meanwhile becomes a choice
 *   roster.<villageId>.<field>              one field of a village the server has (name, households, fiber, …)
 *   roster.<villageId>.coverage.<operator>  one operator's signal in that village
 * Village and operator ids have no dots (shared/roster.ts), so the key splits unambiguously.
 */

export const VILLAGE_FIELDS = [
  'name',
  'kind',
  'households',
  'fiber',
  'publicWifi',
  'digitalTeam',
  'smartVillage',
  'location',
  'note',
  'order',
] as const
export type VillageField = (typeof VILLAGE_FIELDS)[number]
const isVillageField = (f: string): f is VillageField => (VILLAGE_FIELDS as readonly string[]).includes(f)

export type RosterValue = Village | OperatorCoverage | VillageLocation | string | number | boolean
export type RosterRef = { village: string; field?: VillageField; operator?: string }

export const villageKey = (id: string) => `roster.${id}` as const
export const villageFieldKey = (id: string, field: VillageField) => `roster.${id}.${field}` as const
export const coverageKey = (id: string, operator: string) => `roster.${id}.coverage.${operator}` as const

/** `rest` is the key after "roster.". */
export function parseRosterKey(rest: string): RosterRef | undefined {
  const [village, field, operator, ...more] = rest.split('.')
  if (!village || more.length) return undefined
  if (field === undefined) return { village }
  if (field === 'coverage') return operator ? { village, operator } : undefined
  return isVillageField(field) && operator === undefined ? { village, field } : undefined
}

const own = <T>(rec: Record<string, T> | undefined, id: string): T | undefined =>
  rec && Object.prototype.hasOwnProperty.call(rec, id) ? rec[id] : undefined

export function rosterValueAt(roster: Roster | undefined, rest: string): RosterValue | null {
  const ref = parseRosterKey(rest)
  if (!ref) return null
  const village = own(roster, ref.village)
  if (!village) return null
  if (ref.operator) return own(village.coverage, ref.operator) ?? null
  if (ref.field) return (village[ref.field] as RosterValue | undefined) ?? null
  return village
}

/** A copy of the roster with one key set (null clears it). A field of a village not in the roster is ignored. */
export function withRosterValue(roster: Roster | undefined, rest: string, value: RosterValue | null): Roster {
  const ref = parseRosterKey(rest)
  const next: Roster = { ...(roster ?? {}) }
  if (!ref) return next
  if (!ref.field && !ref.operator) {
    if (value === null) delete next[ref.village]
    else next[ref.village] = value as Village
    return next
  }
  const village = own(next, ref.village)
  if (!village) return next
  const copy: Record<string, unknown> = { ...village }
  if (ref.operator) {
    const coverage = { ...village.coverage }
    if (value === null) delete coverage[ref.operator]
    else coverage[ref.operator] = value as OperatorCoverage
    copy.coverage = coverage
  } else if (value === null || value === '') delete copy[ref.field!]
  else copy[ref.field!] = value
  next[ref.village] = copy as Village
  return next
}

/** Every per-field key of one village as it stands (for comparing two copies of it). */
function keysOfVillage(id: string, v: Village | undefined): string[] {
  if (!v) return []
  const keys: string[] = []
  for (const f of VILLAGE_FIELDS) if (v[f] !== undefined) keys.push(villageFieldKey(id, f))
  for (const op of Object.keys(v.coverage)) keys.push(coverageKey(id, op))
  return keys
}

/**
 * What differs between two copies of a roster, as outbox keys: a village added or removed is one key (the
 * village), a changed village names each changed field and operator.
 */
export function changedRosterKeys(before: Roster | undefined, after: Roster | undefined, same: (a: unknown, b: unknown) => boolean): string[] {
  const out: string[] = []
  for (const id of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const a = own(before, id)
    const b = own(after, id)
    if (!a || !b) {
      if (a || b) out.push(villageKey(id))
      continue
    }
    for (const key of new Set([...keysOfVillage(id, a), ...keysOfVillage(id, b)])) {
      const rest = key.slice('roster.'.length)
      if (!same(rosterValueAt(before, rest), rosterValueAt(after, rest))) out.push(key)
    }
  }
  return out
}

/** The patch that turns `base` (null: not on the server) into `value`: every field of it, and null for what went. */
export function villagePatchOf(base: Village | null, value: Village): VillagePatch {
  const patch: Record<string, unknown> = {}
  for (const f of VILLAGE_FIELDS) {
    if (value[f] !== undefined) patch[f] = value[f]
    else if (base && base[f] !== undefined && f !== 'name' && f !== 'kind') patch[f] = null
  }
  const coverage: Record<string, OperatorCoverage | null> = { ...value.coverage }
  for (const op of Object.keys(base?.coverage ?? {})) if (!own(value.coverage, op)) coverage[op] = null
  patch.coverage = coverage
  return patch as VillagePatch
}

/** Adds one outbox entry to a roster patch. */
export function addToRosterPatch(patch: RosterPatch, rest: string, value: RosterValue | null, base: RosterValue | null) {
  const ref = parseRosterKey(rest)
  if (!ref) return
  if (!ref.field && !ref.operator) {
    patch[ref.village] = value === null ? null : villagePatchOf(base as Village | null, value as Village)
    return
  }
  const current = own(patch, ref.village)
  if (current === null) return // removed: nothing else of it is sent
  const v: Record<string, unknown> = current ?? {}
  if (ref.operator) ((v.coverage ??= {}) as Record<string, unknown>)[ref.operator] = value
  else v[ref.field!] = value === '' ? null : value
  patch[ref.village] = v as VillagePatch
}

const FIELD_SCHEMA: Record<VillageField, { safeParse: (v: unknown) => { success: boolean } }> = {
  name: Village.shape.name,
  kind: Village.shape.kind,
  households: Village.shape.households,
  fiber: Village.shape.fiber,
  publicWifi: Village.shape.publicWifi,
  digitalTeam: Village.shape.digitalTeam,
  smartVillage: Village.shape.smartVillage,
  location: VillageLocation,
  note: Village.shape.note,
  order: Village.shape.order,
}

/** Whether a value read from the device's outbox is one the roster can hold for that key (null clears). */
export function isRosterValue(rest: string, value: unknown): value is RosterValue | null {
  const ref = parseRosterKey(rest)
  if (!ref) return false
  if (value === null) return ref.field !== 'name' && ref.field !== 'kind'
  if (ref.operator) return OperatorCoverage.safeParse(value).success
  if (ref.field) return FIELD_SCHEMA[ref.field].safeParse(value).success
  return Village.safeParse(value).success
}

/** Whether the server would take this key's value as the form holds it now (the same shared schemas). */
export function rosterAcceptable(roster: Roster | undefined, rest: string): boolean {
  const ref = parseRosterKey(rest)
  if (!ref) return false
  const v = rosterValueAt(roster, rest)
  if (!ref.field && !ref.operator) return v === null || Village.safeParse(v).success
  // A field of a village that is gone: nothing to send it to (the conflict rules decide about it).
  if (!own(roster, ref.village)) return false
  return isRosterValue(rest, v)
}
