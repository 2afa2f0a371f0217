/*
 * Province administration of the org tree: create, rename/move, retire, merge (the 2025 reform), list.
 * Rules: a district (or review area) sits directly under the province; a commune under an active district.
 * Units are never deleted: retiring keeps the unit and its history, and hides it from scope lists.
 */
import { AppError, fieldIssue as field, type FieldIssue } from '../../../shared/errors'
import { assertAdmin, assertAdminOfUnit, assertCanRead } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { AssessmentSummary, MergeLog, MergePlan, OrgUnit, StoredAssessment, Store } from '../storage/store'
import type { MergeLogYear } from '../storage/merges'
import { MAX_MERGE_ITEMS } from '../storage/merges'
import { MAX_MOVE_ITEMS, type MovePlan } from '../storage/commune-moves'
import { unitPath } from '../storage/signal-gaps'
import { MAX_MERGE_PREDECESSORS } from '../storage/org-units'
import { emptyAssessment, type Assessment, type AssessmentStatus } from '../../../shared/assessment'
import { contributionOf } from '../../../shared/dashboard'
import { ROSTER_MAX_VILLAGES } from '../../../shared/roster'
import { rosterChanges } from '../../../shared/roster-validate'
import {
  blockingStatuses,
  contentChanges,
  inProgress,
  keptFields,
  mergeContent,
  mergeRosters,
  type DraftChoice,
  type MergeProvenance,
  type MergeSource,
  type OfficerMode,
} from '../../../shared/merge'
import type { AuditEvent } from '../../../shared/review'
import { actorOf } from '../auth/workflow-guard'
import type { ReviewTier } from '../../../shared/review-tier'
import { predecessorsOf } from './predecessors'

export type CreateUnitBody = { id?: string; kind: 'district' | 'commune'; name: string; parentId: string; code?: string }
export type UpdateUnitBody = { name?: string; parentId?: string; code?: string; reviewTier?: ReviewTier }
export type MergeBody = {
  into: { id?: string; name: string; parentId: string; code?: string }
  from: string[]
  /** The predecessors' drafts: merged into one (default) or one commune's kept (shared/merge.ts). */
  drafts?: DraftChoice | undefined
  /** The predecessors' accounts: moved to the successor (default) or deactivated. */
  officers?: OfficerMode | undefined
}

const invalid = (message: string, ...fields: FieldIssue[]) => new AppError('validation', message, { fields })

/** `Sơn Dung` → `son-dung`: readable ids for units created in the admin UI. */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

async function freeId(store: Store, base: string): Promise<string> {
  for (let n = 1; n < 50; n++) {
    const id = n === 1 ? base : `${base}-${n}`
    if (!(await store.orgUnits.get(id))) return id
  }
  throw new AppError('conflict', `No free id near "${base}"; pass one explicitly`)
}

/** The parent a unit of `kind` may hang under, checked against the caller's province. */
async function parentFor(store: Store, who: Principal, kind: 'district' | 'commune', parentId: string, fieldName: string): Promise<OrgUnit> {
  let parent: OrgUnit
  try {
    parent = await assertAdminOfUnit(store, who, parentId)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      throw invalid('Unknown parent unit', field(fieldName, 'unknown_unit', `Không có đơn vị "${parentId}"`, `No unit "${parentId}"`))
    }
    throw err
  }
  const wanted = kind === 'district' ? 'province' : 'district'
  if (parent.kind !== wanted) {
    throw invalid(
      `A ${kind} must be placed under a ${wanted}`,
      field(
        fieldName,
        'wrong_parent_kind',
        kind === 'district' ? 'Huyện/khu vực thẩm định phải thuộc trực tiếp tỉnh' : 'Xã phải thuộc một huyện/khu vực thẩm định',
        `A ${kind} must be placed under a ${wanted}, not a ${parent.kind}`,
      ),
    )
  }
  if (parent.retired) {
    throw invalid('The parent unit is retired', field(fieldName, 'retired_unit', `Đơn vị "${parent.name}" đã ngừng hoạt động`, `Unit "${parent.name}" is retired`))
  }
  return parent
}

async function activeUnitOfProvince(store: Store, who: Principal, id: string): Promise<OrgUnit> {
  const unit = await assertAdminOfUnit(store, who, id)
  if (unit.retired) throw new AppError('not_editable', `Unit "${id}" is retired; it can no longer be changed`, { details: { retired: true } })
  return unit
}

export async function createUnit(store: Store, who: Principal, body: CreateUnitBody): Promise<OrgUnit> {
  const parent = await parentFor(store, who, body.kind, body.parentId, 'parentId')
  const id = body.id ?? (await freeId(store, `${who.orgUnitId}-${slug(body.name) || body.kind}`))
  const unit: OrgUnit = { id, kind: body.kind, name: body.name, parentId: parent.id, ...(body.code ? { code: body.code } : {}) }
  await store.orgUnits.create(unit)
  return unit
}

export async function updateUnit(store: Store, who: Principal, id: string, body: UpdateUnitBody): Promise<OrgUnit> {
  const unit = await activeUnitOfProvince(store, who, id)
  const moving = body.parentId !== undefined && body.parentId !== unit.parentId
  let parent: OrgUnit | undefined
  if (moving) {
    if (unit.kind !== 'commune') {
      throw invalid('Only a commune can move', field('parentId', 'not_movable', 'Chỉ xã mới chuyển được sang đơn vị thẩm định khác', 'Only a commune can move to another review unit'))
    }
    parent = await parentFor(store, who, 'commune', body.parentId!, 'parentId')
  }
  if (body.reviewTier !== undefined && unit.kind !== 'province') {
    throw invalid('Only the province names its review level', field('reviewTier', 'province_only', 'Chỉ tỉnh mới chọn tên cấp thẩm định', 'Only the province chooses what its review level is called'))
  }
  const next: OrgUnit = {
    ...unit,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.parentId !== undefined ? { parentId: body.parentId } : {}),
    ...(body.code !== undefined ? { code: body.code } : {}),
    ...(body.reviewTier !== undefined ? { reviewTier: body.reviewTier } : {}),
  }
  if (!moving || !parent) {
    // A rename changes nothing stored elsewhere (every list reads today's name); the parent read is checked, so a
    // rename from a stale read cannot put a commune moved meanwhile back under its old unit.
    await store.orgUnits.replace(next, { mustBeActive: true, ...(unit.parentId !== undefined ? { parentId: unit.parentId } : {}) })
    return next
  }
  await moveCommune(store, unit, next, parent)
  return next
}

/**
 * A commune's move takes its assessments of every year with it (the queue, the exports, the dashboard counters)
 * and its villages on the signal-gap map, in the transaction that moves the unit (storage/commune-moves.ts).
 * Bounded by the commune's own partition: one assessment per year.
 */
async function moveCommune(store: Store, unit: OrgUnit, next: OrgUnit, parent: OrgUnit): Promise<void> {
  const [years, path] = await Promise.all([store.moves.read(unit.id), unitPath((id) => store.orgUnits.get(id), parent.id)])
  const plan: MovePlan = { unit: next, fromParentId: unit.parentId!, path, years }
  const size = store.moves.size(plan)
  if (size > MAX_MOVE_ITEMS)
    throw invalid(
      'Move too large for one transaction',
      field(
        'parentId',
        'too_large',
        `Chuyển xã này cần ghi ${size} mục trong một lần (tối đa ${MAX_MOVE_ITEMS}); hãy liên hệ quản trị hệ thống`,
        `Moving this commune needs ${size} writes in one transaction (at most ${MAX_MOVE_ITEMS}); ask the system administrator`,
      ),
    )
  await store.moves.commit(plan)
  // Its reviewer assignments belonged to the old unit's reviewers: cleared for every survey year (a commune not
  // started yet can be assigned too), so the old unit keeps no stale row that would return if it ever moved back.
  // After the move, not in it, and a failure is only logged: the move is done (the answer must say so), and a row
  // left behind is invisible, since the old unit's queue no longer has the commune to join it to.
  try {
    const surveyYears = await store.surveyYears.list()
    await Promise.all(surveyYears.map((y) => store.assignments.clear(y.year, plan.fromParentId, unit.id)))
  } catch (err) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'assignments of a moved commune not cleared', communeId: unit.id, from: plan.fromParentId, error: String(err) }))
  }
}

export async function retireUnit(store: Store, who: Principal, id: string, now: Date): Promise<OrgUnit> {
  const unit = await activeUnitOfProvince(store, who, id)
  if (unit.kind === 'province') throw new AppError('forbidden', 'The province itself cannot be retired')
  if (unit.kind === 'district') {
    const active = (await store.orgUnits.listChildren(unit.id)).filter((c) => !c.retired)
    if (active.length > 0) {
      throw new AppError('conflict', `Move or retire its ${active.length} communes first`, { details: { activeChildren: active.map((c) => c.id) } })
    }
  }
  const next: OrgUnit = { ...unit, retired: true, retiredAt: now.toISOString() }
  await store.orgUnits.replace(next, { mustBeActive: true })
  return next
}

export async function mergeUnits(store: Store, who: Principal, body: MergeBody, now: Date): Promise<MergeResult> {
  const ids = body.from
  const drafts: DraftChoice = body.drafts ?? { mode: 'merge' }
  const officers: OfficerMode = body.officers ?? 'move'
  const problems: FieldIssue[] = []
  if (ids.length < 2 && !body.into.id) problems.push(field('from', 'too_few', 'Cần ít nhất 2 xã để sáp nhập', 'A merge needs at least 2 communes'))
  if (ids.length > MAX_MERGE_PREDECESSORS) problems.push(field('from', 'too_many', `Tối đa ${MAX_MERGE_PREDECESSORS} xã`, `At most ${MAX_MERGE_PREDECESSORS} communes`))
  const seen = new Set<string>()
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push(field(`from.${i}`, 'duplicate', `Xã "${id}" bị lặp`, `Commune "${id}" is listed twice`))
    if (id === body.into.id) problems.push(field(`from.${i}`, 'is_target', 'Xã sau sáp nhập không thể là xã bị sáp nhập', 'The merged commune cannot also be a predecessor'))
    seen.add(id)
  })
  if (drafts.mode === 'keep' && !seen.has(drafts.communeId) && drafts.communeId !== body.into.id)
    problems.push(
      field('drafts.communeId', 'not_in_merge', `Xã "${drafts.communeId}" không thuộc cuộc sáp nhập này`, `Commune "${drafts.communeId}" is not part of this merge`),
    )
  if (problems.length > 0) throw invalid('Invalid merge', ...problems)

  const parent = await parentFor(store, who, 'commune', body.into.parentId, 'into.parentId')
  const predecessors = await Promise.all(
    ids.map(async (id, i) => {
      const unit = await store.orgUnits.get(id)
      if (!unit) return problems.push(field(`from.${i}`, 'unknown_unit', `Không có xã "${id}"`, `No commune "${id}"`)), undefined
      await assertAdminOfUnit(store, who, id) // another province's commune: 403, not a field problem
      if (unit.kind !== 'commune') problems.push(field(`from.${i}`, 'not_commune', `"${unit.name}" không phải là xã`, `"${unit.name}" is not a commune`))
      else if (unit.retired) problems.push(field(`from.${i}`, 'retired_unit', `Xã "${unit.name}" đã ngừng hoạt động`, `Commune "${unit.name}" is already retired or merged`))
      return unit
    }),
  )
  let existing: OrgUnit | undefined
  if (body.into.id) {
    existing = await store.orgUnits.get(body.into.id)
    if (existing) {
      await assertAdminOfUnit(store, who, existing.id)
      if (existing.kind !== 'commune') problems.push(field('into.id', 'not_commune', `"${existing.name}" không phải là xã`, `"${existing.name}" is not a commune`))
      else if (existing.retired) problems.push(field('into.id', 'retired_unit', `Xã "${existing.name}" đã ngừng hoạt động`, `Commune "${existing.name}" is retired`))
    }
  }
  if (problems.length > 0) throw invalid('Invalid merge', ...problems)

  const intoId = body.into.id ?? (await freeId(store, `${who.orgUnitId}-${slug(body.into.name) || 'xa'}`))
  const into: OrgUnit = {
    ...(existing ?? {}),
    id: intoId,
    kind: 'commune',
    name: body.into.name,
    parentId: parent.id,
    ...(body.into.code ? { code: body.into.code } : {}),
    predecessorIds: [...new Set([...(existing?.predecessorIds ?? []), ...ids])],
  }
  const retiredAt = now.toISOString()
  const from = (predecessors as OrgUnit[]).map((p): OrgUnit => ({ ...p, retired: true, retiredAt, mergedInto: intoId }))

  const actor = await actorOf(store, who)
  const plan = await planMergeData(store, { into, intoIsNew: !existing, predecessors: from, drafts, officers, actor, at: retiredAt })
  plan.intoPath = await unitPath((id) => store.orgUnits.get(id), parent.id)
  if (existing && existing.parentId !== parent.id) {
    // The successor changes unit too: its other years go with it, as in a move.
    const written = new Set(plan.successors.map((s) => s.next.year))
    plan.intoMoves = (await store.moves.read(existing.id)).filter((y) => !written.has(y.assessment.year))
  }
  const size = store.merges.size(plan)
  if (size > MAX_MERGE_ITEMS)
    throw invalid(
      'Merge too large for one transaction',
      field(
        'from',
        'too_large',
        `Cuộc sáp nhập này cần ghi ${size} mục trong một lần (tối đa ${MAX_MERGE_ITEMS}); hãy sáp nhập ít xã hơn mỗi lần`,
        `This merge needs ${size} writes in one transaction (at most ${MAX_MERGE_ITEMS}); merge fewer communes at a time`,
      ),
    )
  const log = await store.merges.commit(plan)
  return { into, from, merge: log }
}

export type MergeResult = { into: OrgUnit; from: OrgUnit[]; merge: MergeLog }

type PlanInput = {
  into: OrgUnit
  intoIsNew: boolean
  predecessors: OrgUnit[]
  drafts: DraftChoice
  officers: OfficerMode
  actor: { id: string; name: string }
  at: string
}

/**
 * What the merge does to the assessments and accounts (shared/merge.ts has the rules): reads every predecessor's
 * assessments (A4, then M1 for those in progress), refuses predecessors with a decision pending, and builds the
 * writes of the one transaction. Bounded by the request: ≤ 99 predecessors, one assessment per year each.
 */
async function planMergeData(store: Store, input: PlanInput): Promise<MergePlan> {
  const { into, predecessors, drafts, actor, at } = input
  const histories = await Promise.all(predecessors.map((p) => store.history.assessmentsOf(p.id)))
  const pending: FieldIssue[] = []
  histories.forEach((list, i) => {
    for (const a of list) {
      if (!blockingStatuses.includes(a.status as AssessmentStatus)) continue
      const p = predecessors[i]!
      pending.push(
        field(
          `from.${i}`,
          'decision_pending',
          `Xã ${p.name} có bản đánh giá năm ${a.year} đang chờ quyết định; hãy thẩm định xong hoặc trả lại trước khi sáp nhập`,
          `${p.name}'s ${a.year} assessment is waiting for a decision; decide or return it before merging`,
        ),
      )
    }
  })
  if (pending.length > 0) throw invalid('A merged commune has an assessment waiting for a decision', ...pending)

  const years = [...new Set(histories.flatMap((list) => list.filter((a) => inProgress(a.status as AssessmentStatus)).map((a) => a.year)))].sort()
  const plan: MergePlan = {
    into,
    intoIsNew: input.intoIsNew,
    predecessors,
    successors: [],
    leaving: [],
    users: [],
    intoPath: [into.parentId!],
    log: {
      at,
      by: actor.id,
      byName: actor.name,
      into: { id: into.id, name: into.name },
      from: predecessors.map((p) => ({ id: p.id, name: p.name })),
      drafts,
      officers: input.officers,
      years: [],
      users: [],
    },
  }
  const nameOf = new Map([[into.id, into.name], ...predecessors.map((p) => [p.id, p.name] as [string, string])])
  const tooManyVillages: FieldIssue[] = []
  for (const year of years) {
    const [own, ...theirs] = await Promise.all([
      input.intoIsNew ? Promise.resolve(undefined) : store.merges.read(into.id, year),
      ...predecessors.map((p) => store.merges.read(p.id, year)),
    ])
    const leaving = theirs.filter((s): s is StoredAssessment => !!s && inProgress(s.assessment.status))
    const event = (a: Assessment, version: number): AuditEvent => ({
      communeId: a.communeId,
      year,
      version,
      at,
      by: actor.id,
      byName: actor.name,
      role: 'admin',
      action: 'merged',
      reason: `Bản nháp chuyển sang xã ${into.name} khi sáp nhập`,
    })
    // A draft that leaves gets a new version (storage/merges.ts): this is that version's event.
    plan.leaving.push(...leaving.map((stored) => ({ stored, event: event(stored.assessment, stored.assessment.version + 1) })))
    const logYear: MergeLogYear = { year, carried: [], setAside: [] }
    plan.log.years.push(logYear)
    if (own && !inProgress(own.assessment.status)) {
      // The successor has already submitted (or been decided on) this year: nothing can be added to it.
      logYear.setAside = leaving.map((s) => s.assessment.communeId)
      continue
    }
    const sources: MergeSource[] = [...(own ? [own] : []), ...leaving].map((s) => ({
      communeId: s.assessment.communeId,
      name: nameOf.get(s.assessment.communeId) ?? s.assessment.communeId,
      assessment: s.assessment,
    }))
    const chosen = drafts.mode === 'keep' ? sources.find((s) => s.communeId === drafts.communeId) : undefined
    // "keep" a commune that has no draft this year: the year's drafts are merged instead.
    const content = chosen
      ? { profile: chosen.assessment.profile, answers: chosen.assessment.answers, fields: keptFields(chosen) }
      : mergeContent(sources)
    const base = own?.assessment ?? emptyAssessment(into.id, year)
    // The villages go with the drafts: the chosen commune's roster, or every commune's together.
    const merged = chosen ? undefined : mergeRosters(sources)
    const roster = chosen ? chosen.assessment.roster : (merged?.roster ?? base.roster)
    if (chosen?.assessment.roster !== undefined) content.fields.roster = { rule: 'kept', from: [chosen.communeId] }
    else if (merged) content.fields.roster = { rule: merged.from.length === 1 ? 'only' : 'sum', from: merged.from }
    const villages = Object.keys(roster ?? {}).length
    if (villages > ROSTER_MAX_VILLAGES)
      tooManyVillages.push(
        field(
          'drafts',
          'too_many_villages',
          `Gộp danh sách thôn năm ${year} được ${villages} thôn (tối đa ${ROSTER_MAX_VILLAGES}); hãy chọn giữ bản nháp của một xã`,
          `The ${year} village rosters together have ${villages} villages (at most ${ROSTER_MAX_VILLAGES}); keep one commune's draft instead`,
        ),
      )
    const rubricVersions = [base, ...leaving.map((s) => s.assessment)].map((a) => a.rubricVersion).filter((v): v is number => typeof v === 'number')
    const provenance: MergeProvenance = {
      at,
      by: actor.id,
      byName: actor.name,
      mode: chosen ? 'keep' : 'merge',
      sources: sources.map((s) => ({ communeId: s.communeId, name: s.name, version: s.assessment.version, status: s.assessment.status })),
      fields: content.fields,
    }
    const next = {
      ...base,
      communeId: into.id,
      year,
      version: base.version + 1,
      profile: content.profile,
      answers: content.answers,
      roster,
      // A reviewer's adjusted rows name the successor's own villages; with another commune's draft kept they are gone.
      ...(chosen && chosen.communeId !== into.id ? { rosterReviews: undefined } : {}),
      updatedAt: at,
      updatedBy: actor.id,
      ...(rubricVersions.length > 0 ? { rubricVersion: Math.max(...rubricVersions) } : {}),
      mergedFrom: provenance,
    } as Assessment
    plan.successors.push({
      next,
      expectedVersion: base.version,
      counted: own?.counted ?? null,
      after: contributionOf(undefined, next),
      event: {
        ...event(next, next.version),
        reason: `Gộp bản nháp của ${leaving.map((s) => nameOf.get(s.assessment.communeId)).join(', ')} khi sáp nhập`,
        changes: [...contentChanges(base, next), ...rosterChanges(base.roster, next.roster ?? {}, Object.fromEntries([...Object.keys(base.roster ?? {}), ...Object.keys(next.roster ?? {})].map((id) => [id, null])))],
      },
    })
    // With one commune's draft kept, the other predecessors' drafts are set aside (kept in their history).
    const used = (id: string) => !chosen || chosen.communeId === id
    logYear.carried = leaving.map((s) => s.assessment.communeId).filter(used)
    logYear.setAside = leaving.map((s) => s.assessment.communeId).filter((id) => !used(id))
    logYear.successorVersion = next.version
  }

  if (tooManyVillages.length > 0) throw invalid('The merged village roster is too long', ...tooManyVillages)

  const accounts = (await Promise.all(predecessors.map((p) => store.users.listByUnit(p.id)))).flat()
  plan.users = accounts.map((user) => ({ user, action: input.officers }))
  plan.log.users = accounts.map((u) => ({ username: u.username, name: u.name, action: input.officers }))
  return plan
}

export async function listUnits(store: Store, who: Principal, parentId: string | undefined, includeRetired: boolean): Promise<OrgUnit[]> {
  const province = await assertAdmin(store, who)
  const parent = parentId ? await assertAdminOfUnit(store, who, parentId) : province
  const children = await store.orgUnits.listChildren(parent.id)
  return includeRetired ? children : children.filter((u) => !u.retired)
}

export type HistoryYear = { year: number; assessments: (AssessmentSummary & { communeName: string; predecessor: boolean })[] }

/** The commune's own assessments and its predecessors' (recursively, for merges of merged communes), by year. */
export async function communeHistory(
  store: Store,
  who: Principal,
  communeId: string,
): Promise<{ commune: OrgUnit; predecessors: OrgUnit[]; years: HistoryYear[]; merges: MergeLog[] }> {
  const commune = await assertCanRead(store, who, communeId)
  const predecessors = await predecessorsOf(store, commune)
  const lists = await Promise.all([commune, ...predecessors].map(async (u) => (await store.history.assessmentsOf(u.id)).map((a) => ({ ...a, communeName: u.name, predecessor: u.id !== commune.id }))))
  const byYear = new Map<number, HistoryYear['assessments']>()
  for (const a of lists.flat()) byYear.set(a.year, [...(byYear.get(a.year) ?? []), a])
  const years = [...byYear.entries()].sort(([a], [b]) => b - a).map(([year, assessments]) => ({ year, assessments }))
  const merges = (await Promise.all([commune, ...predecessors].map((u) => store.merges.list(u.id)))).flat().sort((a, b) => a.at.localeCompare(b.at))
  return { commune, predecessors, years, merges }
}
