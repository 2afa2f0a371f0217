import fc from 'fast-check'
// Shared by test/api/review*.test.ts, test/fault/review-*.test.ts and the bench: drives an assessment into any
// workflow state through the real API, and adds communes (with their officers) to a review unit.
import { defaultRubric2025 } from '../../shared/rubric/default'
import type { OrgUnit, Store } from '../../functions/src/storage/store'
import { hashPassword } from '../../functions/src/auth/password'
import { perfectAnswers, profile } from '../unit/fixtures'
import { assessmentPath, call, loginAs, PASSWORD, units, YEAR, type AccountName, type TestApp } from './harness'

export { perfectAnswers, profile }

/** A year of its own per test, with the 2025 rubric, so tests sharing a table never see each other's data. */
let nextYear = 2045
export async function freshYear(store: Store): Promise<number> {
  const year = nextYear++
  await store.rubrics.put({ ...(await store.rubrics.get(YEAR))!, year })
  return year
}

export type Tokens = Record<string, string>

/** Communes (each with an officer `officer.<id>`) under `unitId`; returns their officers' tokens by commune id. */
export async function addCommunes(app: TestApp, store: Store, unitId: string, ids: string[]): Promise<Tokens> {
  const passwordHash = await hashPassword(PASSWORD)
  const tokens: Tokens = {}
  for (const id of ids) {
    await store.orgUnits.put({ id, kind: 'commune', name: `Xã ${id}`, parentId: unitId })
    await store.users.put({ id: `u-${id}`, username: `officer.${id}`, name: `Cán bộ ${id}`, role: 'officer', orgUnitId: id, active: true, passwordHash })
    const res = await call(app, 'POST', '/api/auth/login', { body: { username: `officer.${id}`, password: PASSWORD } })
    tokens[id] = res.body.token
  }
  return tokens
}

export async function tokenOf(app: TestApp, who: AccountName): Promise<string> {
  return loginAs(app, who)
}

async function ok(res: Awaited<ReturnType<typeof call>>, what: string) {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Officer fills every answer (perfect by default) and submits: returns the submitted version. */
export async function submitted(app: TestApp, officer: string, communeId: string, year: number, answers = perfectAnswers()): Promise<number> {
  const saved = await ok(await call(app, 'PATCH', assessmentPath(communeId, year), { token: officer, body: { version: 0, profile, answers } }), 'fill')
  const sub = await ok(
    await call(app, 'POST', `${assessmentPath(communeId, year)}/submit`, { token: officer, body: { version: saved.version } }),
    'submit',
  )
  return sub.assessment.version
}

export async function act(app: TestApp, token: string, communeId: string, year: number, action: string, body: Record<string, unknown>) {
  return call(app, 'POST', `${assessmentPath(communeId, year)}/${action}`, { token, body })
}

/**
 * The reviewer approves a submitted assessment at `version` the way the rules allow (shared/workflow.ts
 * checkApproval): every remaining indicator accepted first, and a commune failing the recognition rule approved
 * as "not meeting" with a reason. Returns the approved version.
 */
export async function approve(app: TestApp, reviewer: string, communeId: string, year: number, version: number, body: Record<string, unknown> = {}) {
  let v = version
  const accepted = await act(app, reviewer, communeId, year, 'reviews/accept-remaining', { version: v })
  if (accepted.status === 200) v = accepted.body.assessment.version
  else if (accepted.status !== 409) throw new Error(`accept remaining: ${accepted.status} ${JSON.stringify(accepted.body)}`)
  let res = await act(app, reviewer, communeId, year, 'approve', { version: v, ...body })
  if (res.status === 422 && res.body.error?.code === 'not_eligible')
    res = await act(app, reviewer, communeId, year, 'approve', { version: v, ...body, notMeeting: true, reason: 'Chưa đạt theo số liệu sau thẩm định' })
  return (await ok(res, 'approve')).assessment.version as number
}

/** Submitted, then approved by the reviewer: returns the approved version. */
export async function approved(app: TestApp, officer: string, reviewer: string, communeId: string, year: number, answers = perfectAnswers()) {
  const v = await submitted(app, officer, communeId, year, answers)
  return approve(app, reviewer, communeId, year, v)
}

export const rubric = defaultRubric2025

/**
 * Two review units under the province with `communes` communes spread over them (`<prefix>-c<i>`), for the
 * properties that move, merge and save at random: `live()` is the communes not retired, in a stable order (merges
 * add successors and retire predecessors), `pick(i)` one of them.
 */
export async function twoUnitsOfCommunes(store: Store, prefix: string, communes: number) {
  const unitIds = [`qng-${prefix}-a`, `qng-${prefix}-b`]
  for (const id of unitIds) await store.orgUnits.put({ id, kind: 'district', name: `Khu ${id}`, parentId: units.province.id })
  for (let i = 0; i < communes; i++) await store.orgUnits.put({ id: `${prefix}-c${i}`, kind: 'commune', name: `Xã ${i}`, parentId: unitIds[i % 2]! })
  const live = async () => {
    const all = (await Promise.all(unitIds.map((u) => store.orgUnits.listChildren(u)))).flat()
    return all.filter((u) => u.kind === 'commune' && !u.retired).sort((a, b) => a.id.localeCompare(b.id))
  }
  const pick = async (i: number) => {
    const l = await live()
    return l[i % l.length]!
  }
  return { unitIds, live, pick }
}

/** A random merge for those properties: two communes by position among the live ones, into a new commune under
 *  one of the units or into an existing one, drafts merged or one kept. */
export type MergeStep = { kind: 'merge'; from: [number, number]; into: { existing: number } | { unit: number }; keep: boolean }
export const mergeStepArb = (positions: number): fc.Arbitrary<MergeStep> =>
  fc.record({
    kind: fc.constant('merge' as const),
    from: fc.tuple(fc.nat(positions), fc.nat(positions)),
    into: fc.oneof(fc.record({ existing: fc.nat(positions) }), fc.record({ unit: fc.nat(1) })),
    keep: fc.boolean(),
  })

/**
 * The communes a merge step names: its predecessors (one, when the existing successor is one of the two) and that
 * successor; undefined when it names the same commune twice.
 */
export async function mergeParties(step: MergeStep, pick: (i: number) => Promise<OrgUnit>): Promise<{ from: string[]; target?: OrgUnit } | undefined> {
  const a = await pick(step.from[0])
  const b = await pick(step.from[1])
  if (a.id === b.id) return undefined
  const target = 'existing' in step.into ? await pick(step.into.existing) : undefined
  const from = target && (target.id === a.id || target.id === b.id) ? [a.id === target.id ? b.id : a.id] : [a.id, b.id]
  return { from, ...(target ? { target } : {}) }
}
