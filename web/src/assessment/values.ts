import type { Answer, Assessment } from '../../../shared/assessment'
import type { Roster } from '../../../shared/roster'
import { rosterValueAt, withRosterValue, type RosterValue } from '../roster/fields'

// A field of an assessment is addressed like the server's FieldIssue paths: `profile.<factId>`,
// `answers.<indicatorId>` (indicator ids contain dots, so only the first segment is the kind) or
// `roster.<villageId>[.<field>|.coverage.<operator>]` (roster/fields.ts).
export type FieldKey = `profile.${string}` | `answers.${string}` | `roster.${string}`
export type FieldValue = number | Answer | RosterValue | null

export type Values = { profile: Record<string, number>; answers: Record<string, Answer>; roster?: Roster }

export const profileKey = (id: string): FieldKey => `profile.${id}`
export const answerKey = (id: string): FieldKey => `answers.${id}`

export function splitKey(key: FieldKey): { kind: 'profile' | 'answers' | 'roster'; id: string } {
  const dot = key.indexOf('.')
  return { kind: key.slice(0, dot) as 'profile' | 'answers' | 'roster', id: key.slice(dot + 1) }
}

export function valueAt(values: Pick<Assessment, 'profile' | 'answers' | 'roster'>, key: FieldKey): FieldValue {
  const { kind, id } = splitKey(key)
  if (kind === 'roster') return rosterValueAt(values.roster, id)
  const v = kind === 'profile' ? values.profile[id] : values.answers[id]
  return v ?? null
}

/** A copy of `values` with one field set (null removes it). Immutable so memos see a new object. */
export function withValue(values: Values, key: FieldKey, value: FieldValue): Values {
  const { kind, id } = splitKey(key)
  if (kind === 'roster') return { ...values, roster: withRosterValue(values.roster, id, value as RosterValue | null) }
  if (kind === 'profile') {
    const profile = { ...values.profile }
    if (value === null) delete profile[id]
    else profile[id] = value as number
    return { ...values, profile }
  }
  const answers = { ...values.answers }
  if (value === null) delete answers[id]
  else answers[id] = value as Answer
  return { ...values, answers }
}

/**
 * Structural equality for field values (server JSON may order keys differently; empty notes count as absent).
 * Deep, for a village's coverage and location.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a == null || b == null) return a == b
  if (typeof a !== 'object' || typeof b !== 'object') return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
  for (const k of keys) {
    const va = ra[k] === '' ? undefined : ra[k]
    const vb = rb[k] === '' ? undefined : rb[k]
    if (!sameValue(va, vb)) return false
  }
  return true
}
