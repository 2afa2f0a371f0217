import type { Assessment } from '../../../shared/assessment'
import type { RosterPatch, Village } from '../../../shared/roster'
import type { FieldKey, FieldValue, Values } from '../assessment/values'
import { addToRosterPatch, changedRosterKeys, parseRosterKey, rosterValueAt, villageKey, withRosterValue, type RosterValue } from './fields'

/*
 * The roster's part of the officer's outbox rules (assessment/draft.ts), kept here so the draft stays one
 * mechanism for every field. Keys are roster/fields.ts's.
 */

/** The part of assessment/outbox.ts's Outbox these rules read and change (kept structural: no DOM types here). */
export type Outbox = { changes: Partial<Record<FieldKey, { value: FieldValue; base: FieldValue }>> }

const rosterRest = (key: string) => (key.startsWith('roster.') ? key.slice('roster.'.length) : undefined)

type Route = { fold?: { key: FieldKey; value: FieldValue }; dropped: FieldKey[] }

/**
 * Where an edit goes. A field of a village added on this device and not yet on the server changes that
 * village's one entry (the server needs a new village whole); removing a village drops its unsent field edits
 * (the removal says it all).
 */
export function rosterEditRoute(outbox: Outbox, key: FieldKey, value: FieldValue): Route {
  const rest = rosterRest(key)
  const ref = rest === undefined ? undefined : parseRosterKey(rest)
  if (!ref) return { dropped: [] }
  const whole = villageKey(ref.village)
  if (ref.field || ref.operator) {
    const entry = outbox.changes[whole]
    if (entry && entry.value !== null) {
      const village = entry.value as Village
      const next = withRosterValue({ [ref.village]: village }, rest!, value as RosterValue | null)[ref.village]!
      return { fold: { key: whole, value: next }, dropped: [] }
    }
    return { dropped: [] }
  }
  if (value !== null) return { dropped: [] }
  return { dropped: (Object.keys(outbox.changes) as FieldKey[]).filter((k) => k.startsWith(`${whole}.`)) }
}

/** Adds one outbox entry to the PATCH's `roster`. */
export function addRosterEntry(patch: RosterPatch, rest: string, value: FieldValue, base: FieldValue) {
  addToRosterPatch(patch, rest, value as RosterValue | null, base as RosterValue | null)
}

/**
 * A village removed elsewhere while its fields were edited here: those edits cannot be sent to it. They become
 * one entry for the whole village as it shows here, based on the village as it was, so the officer chooses
 * between "removed" and keeping the village (sent whole, as a new one).
 */
export function foldRemovedVillages(outbox: Outbox, before: Assessment, fresh: Assessment, shown: Values) {
  const byVillage = new Map<string, FieldKey[]>()
  for (const key of Object.keys(outbox.changes) as FieldKey[]) {
    const rest = rosterRest(key)
    const ref = rest === undefined ? undefined : parseRosterKey(rest)
    if (!ref || (!ref.field && !ref.operator)) continue
    if (rosterValueAt(fresh.roster, ref.village) !== null) continue
    byVillage.set(ref.village, [...(byVillage.get(ref.village) ?? []), key])
  }
  for (const [id, keys] of byVillage) {
    const yours = rosterValueAt(shown.roster, id)
    const was = rosterValueAt(before.roster, id)
    // Without the village as it showed (a reload after it was removed), the edits stay waiting, never dropped.
    if (yours === null || was === null) continue
    for (const k of keys) delete outbox.changes[k]
    outbox.changes[villageKey(id)] = { value: yours, base: was }
  }
}

/** Roster fields another device changed (between two server copies) that are not waiting here. */
export function rosterRemoteKeys(before: Assessment, fresh: Assessment, outbox: Outbox, same: (a: unknown, b: unknown) => boolean): FieldKey[] {
  const out: FieldKey[] = []
  for (const key of changedRosterKeys(before.roster, fresh.roster, same) as FieldKey[]) {
    if (outbox.changes[key]) continue
    const ref = parseRosterKey(key.slice('roster.'.length))
    if (ref && outbox.changes[villageKey(ref.village)]) continue
    out.push(key)
  }
  return out
}


