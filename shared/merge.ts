import { z } from 'zod'
import type { Answer, Answers, Assessment, AssessmentStatus, Profile } from './assessment'
import { sameValue, type Change } from './review'
import type { Roster } from './roster'

/*
 * What a merge of communes does to their assessments (docs: functions/src/storage/README.md "Merges", M1), pure.
 *
 * Per year, the predecessors' work in progress (draft or returned) is carried to the successor:
 *   - `merge`: one draft from all of them (and the successor's own, if it has one in progress), field by field:
 *       only one commune answered        → that answer
 *       all answered the same            → that answer
 *       counts, ratios, profile facts    → the sum (numerators and denominators each summed: a merged commune's
 *                                          households are the predecessors' households together)
 *       yes/no or choices that differ    → left unanswered, listed as a conflict for the officer to answer
 *     notes of a field are kept, each prefixed with its commune's name.
 *     the village rosters (issue 13) are put together: every commune's villages, each keeping its id unless an
 *     earlier commune's village has it (then suffixed), numbered in order (`mergeRosters`).
 *   - `keep`: the chosen commune's draft as it is (a predecessor's, or the successor's own), its roster included.
 * A successor whose assessment of that year is already submitted or decided takes nothing: the predecessors'
 * drafts are set aside (kept, readable in the history, out of the lists and the dashboard).
 * A predecessor's decided result (district_rejected, recognised, not_recognised) is history: it stays as it is,
 * and counted in its year. A predecessor waiting for a decision (submitted, district_approved) blocks the merge:
 * the reviewer decides or returns it first (see `blockingStatuses`).
 * Every carried field records where it came from (`MergeProvenance.fields`).
 */

export const MERGE_DRAFT_MODES = ['merge', 'keep'] as const
export const OFFICER_MODES = ['move', 'deactivate'] as const
export type OfficerMode = (typeof OFFICER_MODES)[number]

export const DraftChoice = z.union([
  z.strictObject({ mode: z.literal('merge') }),
  z.strictObject({ mode: z.literal('keep'), communeId: z.string().trim().min(1).max(64) }),
])
export type DraftChoice = z.infer<typeof DraftChoice>

/** Statuses a predecessor's assessment may not be in at a merge: someone still has to decide on it. */
export const blockingStatuses: readonly AssessmentStatus[] = ['submitted', 'district_approved']
/** Work in progress: carried to the successor. */
export const inProgress = (status: AssessmentStatus) => status === 'draft' || status === 'returned'

export type MergeRule = 'only' | 'same' | 'sum' | 'conflict' | 'kept'
export type FieldProvenance = { rule: MergeRule; from: string[] }

export const MergeProvenance = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  mode: z.enum(MERGE_DRAFT_MODES),
  sources: z.array(z.object({ communeId: z.string(), name: z.string(), version: z.number().int(), status: z.string() })),
  fields: z.record(z.string(), z.object({ rule: z.enum(['only', 'same', 'sum', 'conflict', 'kept']), from: z.array(z.string()) })),
})
/** Stored on the successor's assessment (`mergedFrom`, the latest merge that changed it). */
export type MergeProvenance = z.infer<typeof MergeProvenance>

export type MergeSource = {
  communeId: string
  name: string
  assessment: Pick<Assessment, 'profile' | 'answers' | 'version' | 'status'> & { roster?: Roster | undefined }
}

const NOTE_MAX = 2000

/** The merged facts and answers of `sources` (in the order given) with each field's provenance. */
export function mergeContent(sources: MergeSource[]): { profile: Profile; answers: Answers; fields: Record<string, FieldProvenance> } {
  const fields: Record<string, FieldProvenance> = {}
  const profile: Profile = {}
  for (const id of keysOf(sources.map((s) => s.assessment.profile))) {
    const having = sources.filter((s) => s.assessment.profile[id] !== undefined)
    const values = having.map((s) => s.assessment.profile[id]!)
    const from = having.map((s) => s.communeId)
    if (values.every((v) => v === values[0])) {
      profile[id] = values[0]!
      fields[`profile.${id}`] = { rule: having.length === 1 ? 'only' : 'same', from }
    } else {
      profile[id] = values.reduce((a, b) => a + b, 0)
      fields[`profile.${id}`] = { rule: 'sum', from }
    }
  }
  const answers: Answers = {}
  for (const id of keysOf(sources.map((s) => s.assessment.answers))) {
    const having = sources.filter((s) => s.assessment.answers[id] !== undefined)
    const from = having.map((s) => s.communeId)
    const list = having.map((s) => s.assessment.answers[id]!)
    if (list.length === 1) {
      answers[id] = list[0]!
      fields[`answers.${id}`] = { rule: 'only', from }
      continue
    }
    const withoutNotes = list.map(stripNote)
    const note = mergedNote(having.map((s) => ({ name: s.name, note: s.assessment.answers[id]!.note })))
    if (withoutNotes.every((a) => sameValue(a, withoutNotes[0]))) {
      answers[id] = withNote(withoutNotes[0]!, note)
      fields[`answers.${id}`] = { rule: 'same', from }
      continue
    }
    const summed = sumAnswers(withoutNotes)
    if (summed) {
      answers[id] = withNote(summed, note)
      fields[`answers.${id}`] = { rule: 'sum', from }
    } else fields[`answers.${id}`] = { rule: 'conflict', from }
  }
  return { profile, answers, fields }
}

/** The provenance of keeping one commune's draft as it is. */
export function keptFields(source: MergeSource): Record<string, FieldProvenance> {
  const fields: Record<string, FieldProvenance> = {}
  for (const id of Object.keys(source.assessment.profile)) fields[`profile.${id}`] = { rule: 'kept', from: [source.communeId] }
  for (const id of Object.keys(source.assessment.answers)) fields[`answers.${id}`] = { rule: 'kept', from: [source.communeId] }
  return fields
}

/** old → new of every fact and answer that differs (the successor's event lists them). */
export function contentChanges(before: { profile: Profile; answers: Answers }, after: { profile: Profile; answers: Answers }): Change[] {
  const changes: Change[] = []
  for (const id of keysOf([before.profile, after.profile])) {
    const from = before.profile[id] ?? null
    const to = after.profile[id] ?? null
    if (!sameValue(from, to)) changes.push({ field: `profile.${id}`, from, to })
  }
  for (const id of keysOf([before.answers, after.answers])) {
    const from = before.answers[id] ?? null
    const to = after.answers[id] ?? null
    if (!sameValue(from, to)) changes.push({ field: `answers.${id}`, from, to })
  }
  return changes
}

function keysOf(maps: Record<string, unknown>[]): string[] {
  const seen = new Set<string>()
  for (const m of maps) for (const k of Object.keys(m)) seen.add(k)
  return [...seen].sort()
}

function stripNote(a: Answer): Answer {
  const { note: _note, ...rest } = a as Answer & { note?: string }
  return rest as Answer
}

function withNote(a: Answer, note: string | undefined): Answer {
  return (note ? { ...a, note } : a) as Answer
}

function mergedNote(notes: { name: string; note: string | undefined }[]): string | undefined {
  const present = notes.filter((n) => n.note && n.note.trim())
  if (present.length === 0) return undefined
  if (present.length === 1) return present[0]!.note
  const text = present.map((n) => `${n.name}: ${n.note!.trim()}`).join('\n')
  return text.length > NOTE_MAX ? `${text.slice(0, NOTE_MAX - 1)}…` : text
}

/** Counts and ratios add up; anything else that differs is not decidable here. */
function sumAnswers(list: Answer[]): Answer | undefined {
  if (list.every((a) => 'count' in a)) return { count: list.reduce((s, a) => s + (a as { count: number }).count, 0) }
  if (list.every((a) => 'numerator' in a)) {
    const ratios = list as { numerator: number; denominator?: number }[]
    const numerator = ratios.reduce((s, a) => s + a.numerator, 0)
    // Denominators from the profile are not in the answer; when the answers carry them, all must.
    if (ratios.every((a) => a.denominator === undefined)) return { numerator }
    if (ratios.every((a) => a.denominator !== undefined)) return { numerator, denominator: ratios.reduce((s, a) => s + a.denominator!, 0) }
  }
  return undefined
}

const byVillageName = new Intl.Collator('vi', { numeric: true })

/**
 * The villages of every source together (mode `merge`): sources in the order given, each one's villages in its own
 * order; a village id an earlier source already uses gets a suffix (the browser makes random ids, but a seeded or
 * imported id such as "t1" can repeat across communes). Undefined when no source has a roster. The caller bounds
 * the result (ROSTER_MAX_VILLAGES): a merged roster above it could not be saved again.
 */
export function mergeRosters(sources: MergeSource[]): { roster: Roster; from: string[] } | undefined {
  const having = sources.filter((s) => s.assessment.roster !== undefined)
  if (having.length === 0) return undefined
  const roster: Roster = {}
  let order = 0
  for (const s of having) {
    const entries = Object.entries(s.assessment.roster!).sort(
      ([, a], [, b]) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || byVillageName.compare(a.name, b.name),
    )
    for (const [id, village] of entries) roster[freeVillageId(roster, id)] = { ...village, order: order++ }
  }
  return { roster, from: having.map((s) => s.communeId) }
}

/** `id`, or `id-2`, `id-3`… (within VillageId's 40 characters) when taken. */
function freeVillageId(taken: Roster, id: string): string {
  if (!Object.hasOwn(taken, id)) return id
  for (let n = 2; ; n++) {
    const candidate = `${id.slice(0, 36)}-${n}`
    if (!Object.hasOwn(taken, candidate)) return candidate
  }
}
