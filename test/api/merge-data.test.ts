import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import { addContributions, contributionOf, type Contribution } from '../../shared/dashboard'
import { AppError } from '../../shared/errors'
import { mergeContent } from '../../shared/merge'
import type { Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { mergeUnits } from '../../functions/src/units/service'
import type { Principal } from '../../functions/src/auth/token'
import { createStore, type Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, makeApp, PASSWORD, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { addCommunes, freshYear, perfectAnswers, profile, mergeParties, mergeStepArb, submitted, twoUnitsOfCommunes, type MergeStep } from './review-fixtures'
import { assessmentArb } from '../unit/arbitraries'
import { scaled } from '../support/timing'

/*
 * A merge of communes as an operation on data (functions/src/storage/README.md "Merges"): the successor's draft
 * made from the predecessors' (with provenance), their officers moved or deactivated, the dashboard counters
 * moved in the same transaction; and, whatever sequence of saves, submits, returns and merges happens, the
 * dashboard's counters equal a recount from scratch over the communes that are live.
 */

let app: TestApp
let store: Store
let table: Awaited<ReturnType<typeof createTestTable>>
let t: Record<AccountName, string>
let rubric: Rubric
const admin: Principal = { id: 'u-admin', username: 'admin.qng', role: 'admin', orgUnitId: units.province.id }
const flat = () => flattenIndicators(rubric)

beforeAll(async () => {
  table = await createTestTable()
  ;({ store } = table)
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'reviewer', 'admin')
  rubric = (await store.rubrics.get(2025))!
})

/** Every live commune of these units, its stored assessment's contribution now, summed per unit. */
async function recount(year: number, unitIds: string[]): Promise<Map<string, Contribution>> {
  const r = await store.rubrics.get(year)
  const out = new Map<string, Contribution>()
  for (const unitId of unitIds) {
    let sum: Contribution = {}
    for (const commune of await store.orgUnits.listChildren(unitId)) {
      if (commune.kind !== 'commune' || commune.retired) continue
      const a = await store.assessments.get(commune.id, year)
      if (a) sum = addContributions(sum, contributionOf(r, a))
    }
    out.set(unitId, sum)
  }
  return out
}

async function expectDashboardIsRecount(year: number, unitIds: string[]) {
  const [maintained, expected] = await Promise.all([store.stats.unitTotals(year), recount(year, unitIds)])
  for (const unitId of unitIds) expect(maintained.get(unitId) ?? {}, unitId).toEqual(expected.get(unitId))
}

describe('merging two communes with drafts', () => {
  it('carries both drafts into the successor (summed counts, provenance), moves the officers, moves the counters, records it all', async () => {
    const year = await freshYear(store)
    const unit = 'qng-merge-a'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực sáp nhập A', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['ma-1', 'ma-2', 'ma-3'])
    const count = flat().find((f) => f.indicator.input.kind === 'count')!.indicator.id
    const bool = flat().find((f) => f.indicator.input.kind === 'boolean')!.indicator.id
    const patch = (id: string, body: Record<string, unknown>) => call(app, 'PATCH', assessmentPath(id, year), { token: officers[id]!, body })
    expect((await patch('ma-1', { version: 0, profile: { ...profile, households: 100 }, answers: { [count]: { count: 3 }, [bool]: { yes: true } } })).status).toBe(200)
    expect((await patch('ma-2', { version: 0, profile: { ...profile, households: 50 }, answers: { [count]: { count: 4, note: 'hai điểm' }, [bool]: { yes: false } } })).status).toBe(200)
    // ma-3 submitted: not part of the merge, counted all along.
    await submitted(app, officers['ma-3']!, 'ma-3', year)

    const before = await call(app, 'GET', `/api/dashboard?year=${year}&unitId=${unit}`, { token: t.admin })
    expect(before.body.current.counts).toMatchObject({ draft: 2, submitted: 1, not_started: 0 })

    const res = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { id: 'ma-12', name: 'Xã Hợp Nhất', parentId: unit }, from: ['ma-1', 'ma-2'] },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.merge).toMatchObject({ drafts: { mode: 'merge' }, officers: 'move', years: [{ year, carried: ['ma-1', 'ma-2'], setAside: [], successorVersion: 1 }] })
    expect(res.body.merge.users.map((u: { username: string }) => u.username).sort()).toEqual(['officer.ma-1', 'officer.ma-2'])

    // The successor's draft, read back through the API by a moved officer (who logs in again: the old token named the old commune).
    expect((await call(app, 'GET', assessmentPath('ma-12', year), { token: officers['ma-1']! })).status).toBe(401)
    const login = await call(app, 'POST', '/api/auth/login', { body: { username: 'officer.ma-1', password: PASSWORD } })
    expect(login.status).toBe(200)
    const me = await call(app, 'GET', '/api/me', { token: login.body.token })
    expect(me.body.communes.map((c: { id: string }) => c.id)).toEqual(['ma-12'])
    // The communes merged into theirs, by name: the form looks on the device for edits never sent for them.
    expect(me.body.predecessors).toEqual([
      { id: 'ma-1', name: 'Xã ma-1' },
      { id: 'ma-2', name: 'Xã ma-2' },
    ])
    const merged = await call(app, 'GET', assessmentPath('ma-12', year), { token: login.body.token })
    expect(merged.status).toBe(200)
    const a = merged.body.assessment
    expect(a).toMatchObject({ status: 'draft', version: 1 })
    expect(a.profile.households).toBe(150)
    expect(a.answers[count]).toEqual({ count: 7, note: 'hai điểm' })
    expect(a.answers[bool]).toBeUndefined() // yes vs no: the officer answers it again
    expect(a.mergedFrom.fields[`answers.${count}`]).toEqual({ rule: 'sum', from: ['ma-1', 'ma-2'] })
    expect(a.mergedFrom.fields[`answers.${bool}`]).toEqual({ rule: 'conflict', from: ['ma-1', 'ma-2'] })
    expect(a.mergedFrom.sources.map((s: { communeId: string }) => s.communeId)).toEqual(['ma-1', 'ma-2'])
    // The moved officer continues on the successor's draft.
    const save = await call(app, 'PATCH', assessmentPath('ma-12', year), { token: login.body.token, body: { version: 1, answers: { [bool]: { yes: true } } } })
    expect(save.status, JSON.stringify(save.body)).toBe(200)

    // Dashboard: one draft (the successor's), one submitted, nothing not started; the same as a recount.
    const after = await call(app, 'GET', `/api/dashboard?year=${year}&unitId=${unit}`, { token: t.admin })
    expect(after.body.current.communes).toBe(2)
    expect(after.body.current.counts).toMatchObject({ draft: 1, submitted: 1, not_started: 0 })
    await expectDashboardIsRecount(year, [unit])

    // The queue (admin of the unit) shows the successor, not the merged-away drafts.
    const queue = await call(app, 'GET', `/api/review/queue?year=${year}&unitId=${unit}`, { token: t.admin })
    expect(queue.status, JSON.stringify(queue.body)).toBe(200)
    expect(queue.body.items.map((i: { communeId: string }) => i.communeId).sort()).toEqual(['ma-12', 'ma-3'])

    // The history: the merge record, the carried drafts marked, the successor's event naming the predecessors.
    const history = await call(app, 'GET', '/api/communes/ma-12/history', { token: t.admin })
    expect(history.body.merges).toHaveLength(1)
    expect(history.body.merges[0]).toMatchObject({ into: { id: 'ma-12' }, from: [{ id: 'ma-1' }, { id: 'ma-2' }] })
    const yearRows = history.body.years.find((y: { year: number }) => y.year === year).assessments
    expect(yearRows.filter((r: { mergedInto?: string }) => r.mergedInto === 'ma-12').map((r: { communeId: string }) => r.communeId).sort()).toEqual(['ma-1', 'ma-2'])
    const timeline = await call(app, 'GET', `${assessmentPath('ma-12', year)}/timeline`, { token: t.admin })
    expect(timeline.body.events?.[0] ?? timeline.body[0]).toMatchObject({ action: 'merged', version: 1 })
    const old = await call(app, 'GET', `${assessmentPath('ma-1', year)}/timeline`, { token: t.admin })
    expect(JSON.stringify(old.body)).toContain('"merged"')

    // Merged again: the officer's phone may still hold edits for ma-1 from before both merges, so /me names the
    // communes of every merge behind theirs, nearest first.
    await addCommunes(app, store, unit, ['ma-4'])
    const second = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { id: 'ma-124', name: 'Xã Hợp Nhất Mới', parentId: unit }, from: ['ma-12', 'ma-4'] },
    })
    expect(second.status, JSON.stringify(second.body)).toBe(200)
    const again = await call(app, 'POST', '/api/auth/login', { body: { username: 'officer.ma-1', password: PASSWORD } })
    const meAgain = await call(app, 'GET', '/api/me', { token: again.body.token })
    expect(meAgain.body.communes.map((c: { id: string }) => c.id)).toEqual(['ma-124'])
    expect(meAgain.body.predecessors).toEqual([
      { id: 'ma-12', name: 'Xã Hợp Nhất' },
      { id: 'ma-4', name: 'Xã ma-4' },
      { id: 'ma-1', name: 'Xã ma-1' },
      { id: 'ma-2', name: 'Xã ma-2' },
    ])
  })

  it('keeps the chosen commune’s draft and deactivates the merged-away officers when the admin says so', async () => {
    const year = await freshYear(store)
    const unit = 'qng-merge-b'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực sáp nhập B', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['mb-1', 'mb-2'])
    const count = flat().find((f) => f.indicator.input.kind === 'count')!.indicator.id
    for (const [id, n] of [['mb-1', 1], ['mb-2', 2]] as const)
      expect((await call(app, 'PATCH', assessmentPath(id, year), { token: officers[id]!, body: { version: 0, answers: { [count]: { count: n } } } })).status).toBe(200)
    const res = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { name: 'Xã Giữ', parentId: unit }, from: ['mb-1', 'mb-2'], drafts: { mode: 'keep', communeId: 'mb-2' }, officers: 'deactivate' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const into = res.body.into.id
    expect(res.body.merge.years).toEqual([{ year, carried: ['mb-2'], setAside: ['mb-1'], successorVersion: 1 }])
    const kept = await store.assessments.get(into, year)
    expect(kept?.answers[count]).toEqual({ count: 2 })
    expect((await store.users.getByUsername('officer.mb-1'))?.active).toBe(false)
    expect((await call(app, 'POST', '/api/auth/login', { body: { username: 'officer.mb-1', password: PASSWORD } })).status).not.toBe(200)
    await expectDashboardIsRecount(year, [unit])
  })

  it('refuses (400 naming the commune, nothing written) while a merged commune waits for a decision; an unknown kept commune too', async () => {
    const year = await freshYear(store)
    const unit = 'qng-merge-c'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực sáp nhập C', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['mc-1', 'mc-2'])
    await submitted(app, officers['mc-2']!, 'mc-2', year, perfectAnswers())
    const res = await call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into: { name: 'Xã C', parentId: unit }, from: ['mc-1', 'mc-2'] } })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'from.1', code: 'decision_pending' })])
    expect((await store.orgUnits.get('mc-2'))?.retired).toBeUndefined()
    const keep = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { name: 'Xã C', parentId: unit }, from: ['mc-1', 'mc-2'], drafts: { mode: 'keep', communeId: 'khac' } },
    })
    expect(keep.status).toBe(400)
    expect(keep.body.error.fields[0]).toMatchObject({ field: 'drafts.communeId' })
  })
})

describe('mergeContent (pure)', () => {
  it('takes a lone answer, keeps equal ones, sums counts, ratios and facts, and leaves differing yes/no unanswered', () => {
    const src = (communeId: string, answers: Assessment['answers'], p: Assessment['profile'] = {}) => ({
      communeId,
      name: communeId,
      assessment: { profile: p, answers, version: 1, status: 'draft' as const },
    })
    const out = mergeContent([
      src('a', { x: { count: 1 }, r: { numerator: 2, denominator: 4 }, y: { yes: true }, z: { choice: 'k' } }, { pop: 10 }),
      src('b', { x: { count: 2 }, r: { numerator: 1, denominator: 4 }, y: { yes: false }, z: { choice: 'k' }, w: { yes: true } }, { pop: 5 }),
    ])
    expect(out.profile).toEqual({ pop: 15 })
    expect(out.answers).toEqual({ x: { count: 3 }, r: { numerator: 3, denominator: 8 }, z: { choice: 'k' }, w: { yes: true } })
    expect(out.fields).toMatchObject({ 'answers.y': { rule: 'conflict' }, 'answers.w': { rule: 'only', from: ['b'] }, 'answers.z': { rule: 'same' } })
  })
})

type Step =
  | { kind: 'save'; commune: number; content: { profile: Assessment['profile']; answers: Assessment['answers'] } }
  | { kind: 'submit'; commune: number }
  | { kind: 'return'; commune: number }
  | MergeStep

describe('after any sequence of saves, submits, returns and merges', () => {
  it('the dashboard equals a recount from scratch of the live communes (DynamoDB Local, the real save and merge)', async () => {
    const COMMUNES = 5
    let run = 0
    // The property must not hold vacuously: merges happen, and some carry drafts.
    let merges = 0
    let carried = 0
    const stepArb: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), commune: fc.nat(COMMUNES + 2), content: assessmentArb(rubric) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const), commune: fc.nat(COMMUNES + 2) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), commune: fc.nat(COMMUNES + 2) }) },
      { weight: 2, arbitrary: mergeStepArb(COMMUNES + 2) },
    )
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const n = run++
        const year = await freshYear(store)
        const { unitIds, live, pick } = await twoUnitsOfCommunes(store, `p${n}`, COMMUNES)
        const write = async (communeId: string, change: (a: Assessment | undefined) => Assessment | undefined) => {
          const current = await store.assessments.get(communeId, year)
          const next = change(current)
          if (next) await store.assessments.save(next, current?.version ?? 0)
        }
        let mergeNo = 0
        for (const step of steps) {
          if (step.kind === 'save') {
            const c = await pick(step.commune)
            await write(c.id, (cur) =>
              cur && cur.status !== 'draft' && cur.status !== 'returned'
                ? undefined
                : { ...(cur ?? { communeId: c.id, year, status: 'draft', updatedBy: null, version: 0 }), ...step.content, version: (cur?.version ?? 0) + 1, updatedAt: new Date().toISOString() } as Assessment,
            )
          } else if (step.kind === 'submit' || step.kind === 'return') {
            const c = await pick(step.commune)
            const from = step.kind === 'submit' ? ['draft', 'returned'] : ['submitted']
            await write(c.id, (cur) =>
              cur && from.includes(cur.status) ? { ...cur, status: step.kind === 'submit' ? 'submitted' : 'returned', version: cur.version + 1 } : undefined,
            )
          } else {
            const parties = await mergeParties(step, pick)
            if (!parties) continue
            const { from, target } = parties
            const into = target
              ? { id: target.id, name: target.name, parentId: target.parentId! }
              : { id: `p${n}-m${mergeNo++}`, name: `Xã hợp nhất ${mergeNo}`, parentId: unitIds[(step.into as { unit: number }).unit]! }
            if (!target && from.length < 2) continue
            try {
              const done = await mergeUnits(store, admin, { into, from, drafts: step.keep ? { mode: 'keep', communeId: from[0]! } : { mode: 'merge' } }, new Date())
              merges++
              if (done.merge.years.some((y) => y.carried.length > 0)) carried++
            } catch (err) {
              // A commune waiting for a decision blocks the merge: refused whole, nothing written.
              if (!(err instanceof AppError && err.code === 'validation')) throw err
              expect(err.fields?.length).toBeGreaterThan(0)
            }
          }
        }
        await expectDashboardIsRecount(year, unitIds)
      }),
      {
        numRuns: 12,
        // Besides the random runs, one that surely merges two drafts into a new commune, so the guard below
        // never depends on chance.
        examples: [
          [
            [
              { kind: 'save', commune: 0, content: { profile: {}, answers: {} } },
              { kind: 'save', commune: 1, content: { profile: {}, answers: {} } },
              { kind: 'merge', from: [0, 1], into: { unit: 0 }, keep: false },
            ],
          ],
        ],
      },
    )
    expect(merges).toBeGreaterThan(0)
    expect(carried).toBeGreaterThan(0)
  }, scaled(600_000))
})

describe('a draft saved while the merge is being written', () => {
  it('cancels the whole merge (409): no unit retired, no draft moved, counters and accounts unchanged', async () => {
    const year = await freshYear(store)
    const unit = 'qng-merge-d'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực sáp nhập D', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['md-1', 'md-2'])
    const count = flat().find((f) => f.indicator.input.kind === 'count')!.indicator.id
    for (const id of ['md-1', 'md-2'])
      expect((await call(app, 'PATCH', assessmentPath(id, year), { token: officers[id]!, body: { version: 0, answers: { [count]: { count: 1 } } } })).status).toBe(200)
    const countersBefore = (await store.stats.unitTotals(year)).get(unit)
    // The officer's autosave lands between the merge's reads and its transaction.
    const racing: Store = {
      ...store,
      merges: {
        ...store.merges,
        async commit(plan) {
          const saved = await call(app, 'PATCH', assessmentPath('md-1', year), { token: officers['md-1']!, body: { version: 1, answers: { [count]: { count: 5 } } } })
          expect(saved.status).toBe(200)
          return store.merges.commit(plan)
        },
      },
    }
    await expect(mergeUnits(racing, admin, { into: { id: 'md-12', name: 'Xã D', parentId: unit }, from: ['md-1', 'md-2'] }, new Date())).rejects.toMatchObject({ code: 'conflict' })
    expect(await store.orgUnits.get('md-12')).toBeUndefined()
    expect((await store.orgUnits.get('md-1'))?.retired).toBeUndefined()
    expect((await store.assessments.get('md-1', year))?.answers[count]).toEqual({ count: 5 })
    expect(await store.assessments.get('md-12', year)).toBeUndefined()
    expect((await store.users.getByUsername('officer.md-1'))?.orgUnitId).toBe('md-1')
    expect((await store.stats.unitTotals(year)).get(unit)).toEqual(countersBefore)
    expect(await store.merges.list('md-12')).toEqual([])
    await expectDashboardIsRecount(year, [unit])
  })
})

describe('an officer’s process that still remembers the draft the merge took away', () => {
  // Each Lambda container keeps the version it last wrote (assessments.getForWrite, to skip the read on the next
  // autosave) and its units and accounts for up to 30 s. The merge runs in another container, so the officer's
  // still believes the commune is live and the draft is at the version it wrote. The merge gives the draft a new
  // version, so that belief fails the write's version condition instead of putting the draft back on the lists.
  it('the next autosave there is a 409, and the merged-away draft stays out of the queue and the counters', async () => {
    const year = await freshYear(store)
    const unit = 'qng-merge-e'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực sáp nhập E', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['me-1', 'me-2'])
    const officersProcess = makeApp(createStore({ client: table.client, tableName: table.tableName, cacheTtlMs: 30_000 }))
    const count = flat().find((f) => f.indicator.input.kind === 'count')!.indicator.id
    const autosave = (version: number, n: number) =>
      call(officersProcess, 'PATCH', assessmentPath('me-1', year), { token: officers['me-1']!, body: { version, answers: { [count]: { count: n } } } })
    expect((await autosave(0, 1)).status).toBe(200)
    expect((await autosave(1, 2)).status).toBe(200)

    await mergeUnits(store, admin, { into: { id: 'me-12', name: 'Xã E', parentId: unit }, from: ['me-1', 'me-2'] }, new Date())
    const left = await store.assessments.get('me-1', year)
    expect(left?.version).toBe(3)

    const late = await autosave(2, 3)
    expect(late.status, JSON.stringify(late.body)).toBe(409)
    // The form answers a conflict by reloading and saving on the version it is shown; the process still holds the
    // commune as live (its cache), so only the stored draft can say it left: that save is refused too.
    const reloaded = await call(officersProcess, 'GET', assessmentPath('me-1', year), { token: officers['me-1']! })
    expect(reloaded.status, JSON.stringify(reloaded.body)).toBe(200)
    expect(reloaded.body.assessment.version).toBe(3)
    const again = await autosave(3, 3)
    expect(again.status, JSON.stringify(again.body)).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'not_editable', details: { mergedInto: 'me-12' } })
    expect((await store.assessments.get('me-1', year))?.answers[count]).toEqual({ count: 2 })
    const queue = await call(app, 'GET', `/api/review/queue?year=${year}&unitId=${unit}`, { token: t.admin })
    expect(queue.body.items.map((i: { communeId: string }) => i.communeId)).toEqual(['me-12'])
    await expectDashboardIsRecount(year, [unit])
    const old = await call(app, 'GET', `${assessmentPath('me-1', year)}/timeline`, { token: t.admin })
    expect(JSON.stringify(old.body)).toContain('"merged"')
  })
})
