import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { addContributions, bucketOf, contributionOf, type Contribution } from '../../shared/dashboard'
import { defaultRubric2025 } from '../../shared/rubric/default'
import type { Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment } from '../../shared/scoring'
import { statsPartition } from '../../functions/src/storage/stats'
import type { Store } from '../../functions/src/storage/store'
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, makeApp, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { act, addCommunes, approve, approved, freshYear, perfectAnswers, profile, submitted, type Tokens } from './review-fixtures'
import { scaled } from '../support/timing'

/*
 * GET /api/dashboard against DynamoDB Local: who may see what, the numbers after real API calls, and the
 * counters (maintained in each assessment's transaction) always equal to a recomputation from the assessments,
 * through random workflow sequences, a rubric change and a commune moving to another unit.
 */

let app: TestApp
let store: Store
let client: DynamoDBDocumentClient
let tableName: string
let t: Record<AccountName, string>
const sonTay = units.sonTay.id
const firstBoolean = flattenIndicators(defaultRubric2025).find((f) => f.indicator.input.kind === 'boolean')!.indicator.id
const lySon = units.lySon.id

beforeAll(async () => {
  ;({ store, client, tableName } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'reviewer', 'otherReviewer', 'admin')
})

const dashboard = (token: string, query: string) => call(app, 'GET', `/api/dashboard?${query}`, { token })

/** The counters from scratch: every commune of these units, its stored assessment, its contribution now. */
async function recomputed(year: number, unitIds: string[], rubric: Rubric | undefined): Promise<Map<string, Contribution>> {
  const out = new Map<string, Contribution>()
  for (const unitId of unitIds) {
    let sum: Contribution = {}
    for (const commune of await store.orgUnits.listChildren(unitId)) {
      const a = await store.assessments.get(commune.id, year)
      if (a) sum = addContributions(sum, contributionOf(rubric, a))
    }
    out.set(unitId, sum)
  }
  return out
}

async function expectCountersMatch(year: number, unitIds: string[]) {
  const rubric = await store.rubrics.get(year)
  const [maintained, expected] = await Promise.all([store.stats.unitTotals(year), recomputed(year, unitIds, rubric)])
  for (const unitId of unitIds) expect(maintained.get(unitId) ?? {}, unitId).toEqual(expected.get(unitId))
}

describe('who sees which dashboard', () => {
  it('admin: the province by default, or any of its review units; a commune or unknown unit is 400 naming unitId', async () => {
    const y = await freshYear(store)
    const province = await dashboard(t.admin, `year=${y}`)
    expect(province.status).toBe(200)
    expect(province.body.unit).toEqual({ id: 'qng', name: 'Quảng Ngãi', kind: 'province' })
    expect(province.body.units.map((u: { id: string }) => u.id).sort()).toEqual([lySon, sonTay].sort())
    expect((await dashboard(t.admin, `year=${y}&unitId=${lySon}`)).body.unit.id).toBe(lySon)
    for (const unitId of [units.sonDung.id, 'nowhere']) {
      const bad = await dashboard(t.admin, `year=${y}&unitId=${unitId}`)
      expect(bad.status).toBe(400)
      expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['unitId'])
    }
  })

  it('reviewer: their own unit only; officer: 403; no token: 401; a bad year or unit id: 400', async () => {
    const y = await freshYear(store)
    const own = await dashboard(t.reviewer, `year=${y}`)
    expect(own.status).toBe(200)
    expect(own.body.unit.id).toBe(sonTay)
    expect(own.body.units).toEqual([{ id: sonTay, name: 'Sơn Tây' }])
    expect(own.body.byUnit).toEqual([])
    expect((await dashboard(t.reviewer, `year=${y}&unitId=${lySon}`)).status).toBe(403)
    expect((await dashboard(t.reviewer, `year=${y}&unitId=qng`)).status).toBe(403)
    expect((await dashboard(t.officer, `year=${y}`)).status).toBe(403)
    expect((await call(app, 'GET', `/api/dashboard?year=${y}`)).status).toBe(401)
    for (const q of ['', 'year=abc', 'year=1999', `year=${y}&unitId=a%20b`]) {
      const res = await dashboard(t.admin, q)
      expect(res.status, q).toBe(400)
      expect(res.body.error.code).toBe('validation')
    }
  })
})

describe('the numbers', () => {
  it('counts statuses (not started = communes without an assessment), scores, pillars, failed indicators and last year', async () => {
    const y = await freshYear(store)
    const ids = ['dash-a1', 'dash-a2', 'dash-a3', 'dash-a4', 'dash-a5']
    const officers = await addCommunes(app, store, sonTay, ids)
    const weak = perfectAnswers()
    weak['A1.1'] = { choice: 'none' }
    // dash-a1 draft, dash-a2 submitted (weak), dash-a3 approved, dash-a4 recognised, dash-a5 never opened.
    await call(app, 'PATCH', assessmentPath('dash-a1', y), { token: officers['dash-a1']!, body: { version: 0, profile } })
    await submitted(app, officers['dash-a2']!, 'dash-a2', y, weak)
    await approved(app, officers['dash-a3']!, t.reviewer, 'dash-a3', y)
    const v = await approved(app, officers['dash-a4']!, t.reviewer, 'dash-a4', y)
    expect((await act(app, t.admin, 'dash-a4', y, 'recognise', { version: v })).status).toBe(200)
    // Last year: one recognised commune.
    const v0 = await approved(app, officers['dash-a1']!, t.reviewer, 'dash-a1', y - 1)
    expect((await act(app, t.admin, 'dash-a1', y - 1, 'recognise', { version: v0 })).status).toBe(200)

    const res = await dashboard(t.reviewer, `year=${y}`)
    expect(res.status).toBe(200)
    const cur = res.body.current
    // The fixture's Sơn Tây also has Sơn Dung and Sơn Mùa, never opened in this year.
    expect(cur.communes).toBe(7)
    expect(cur.counts).toEqual({
      not_started: 3, draft: 1, submitted: 1, returned: 0, district_approved: 1, district_rejected: 0, recognised: 1, not_recognised: 0,
    })
    const perfect = scoreAssessment((await store.rubrics.get(y))!, { profile, answers: perfectAnswers() })
    const weakScore = scoreAssessment((await store.rubrics.get(y))!, { profile, answers: weak })
    expect(cur.scored).toBe(3)
    expect(cur.eligible).toBe(2 + (weakScore.verdict.eligible ? 1 : 0))
    expect(cur.averageTotal).toBe(Math.round(((2 * perfect.total + weakScore.total) / 3) * 10) / 10)
    expect(cur.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3)
    const rubric = (await store.rubrics.get(y))!
    expect(cur.buckets[bucketOf(weakScore.total, weakScore.maxTotal)].count).toBe(bucketOf(perfect.total, perfect.maxTotal) === bucketOf(weakScore.total, weakScore.maxTotal) ? 3 : 1)
    expect(cur.buckets[bucketOf(perfect.total, perfect.maxTotal)].count).toBeGreaterThanOrEqual(2)
    expect(rubric.year).toBe(y)
    expect(cur.topFailed[0]).toMatchObject({ id: 'A1.1', count: 1, mandatory: true })
    expect(cur.topFailed[0].label.vi).toMatch(/Ban Chỉ đạo/)
    expect(cur.pillars.map((p: { id: string }) => p.id)).toEqual(['A', 'B', 'C', 'D'])
    expect(res.body.previous).toMatchObject({ year: y - 1, scored: 1, counts: { recognised: 1, not_started: 6 } })

    const province = await dashboard(t.admin, `year=${y}`)
    expect(province.body.current.counts.recognised).toBe(1)
    expect(province.body.current.communes).toBe(8)
    const row = province.body.byUnit.find((r: { id: string }) => r.id === sonTay)
    expect(row).toMatchObject({ communes: 7, started: 4, submitted: 1, approved: 1, recognised: 1 })
    expect(province.body.byUnit.find((r: { id: string }) => r.id === lySon)).toMatchObject({ communes: 1, started: 0, averageTotal: null })
    // Small: no per-commune rows.
    expect(JSON.stringify(province.body).length).toBeLessThan(8000)
    await expectCountersMatch(y, [sonTay, lySon])
  })
})

describe('counters maintained in the assessment’s transaction', () => {
  const ACTIONS = ['edit', 'submit', 'review', 'return', 'approve', 'reject', 'recognise', 'not-recognise', 'reopen'] as const
  type Step = { commune: number; action: (typeof ACTIONS)[number]; share: number }

  it('equal a recomputation from the assessments after random sequences of real API calls', async () => {
    const ids = ['dash-r1', 'dash-r2']
    const officers: Tokens = await addCommunes(app, store, lySon, ids)
    const versions = new Map<string, number>()
    const reached = new Set<string>()
    // Approval needs every indicator reviewed (and "not meeting" with a reason when the rule fails): the step
    // accepts what is left first, a save of its own.
    const approveStep = async (id: string, y: number, v: number) => {
      const accepted = await act(app, t.otherReviewer, id, y, 'reviews/accept-remaining', { version: v })
      if (accepted.status === 200) versions.set(id, (v = accepted.body.assessment.version))
      const res = await act(app, t.otherReviewer, id, y, 'approve', { version: v })
      return res.status === 422 && res.body.error.code === 'not_eligible'
        ? act(app, t.otherReviewer, id, y, 'approve', { version: v, notMeeting: true, reason: 'Chưa đạt' })
        : res
    }
    const run = async (y: number, steps: Step[]) => {
      versions.clear()
      for (const step of steps) {
        const id = ids[step.commune]!
        const v = versions.get(id) ?? 0
        const answers = perfectAnswers()
        if (step.share < 0.5) answers['A1.1'] = { choice: 'deputy' }
        if (step.share < 0.2) answers[firstBoolean] = { yes: false }
        const res =
          step.action === 'edit'
            ? await call(app, 'PATCH', assessmentPath(id, y), { token: officers[id]!, body: { version: v, profile, answers } })
            : step.action === 'submit'
              ? await act(app, officers[id]!, id, y, 'submit', { version: v })
              : step.action === 'review'
                ? await call(app, 'POST', `${assessmentPath(id, y)}/reviews/A1.1`, {
                    token: t.otherReviewer,
                    body: { version: v, decision: 'adjusted', answer: { choice: step.share < 0.5 ? 'none' : 'secretary-or-chair' }, reason: 'Theo quyết định' },
                  })
                : step.action === 'return'
                  ? await act(app, t.otherReviewer, id, y, 'return', { version: v, comment: 'Bổ sung minh chứng' })
                  : step.action === 'approve'
                    ? await approveStep(id, y, v)
                    : step.action === 'reject'
                      ? await act(app, t.otherReviewer, id, y, 'reject', { version: v, reason: 'Chưa đạt' })
                      : step.action === 'recognise'
                        ? await act(app, t.admin, id, y, 'recognise', { version: v })
                        : await act(app, t.admin, id, y, step.action, { version: v, reason: 'Xem xét lại' })
        if (res.status === 200) {
          // The officer's save answers {version, summary}; the other actions the whole assessment.
          versions.set(id, res.body.assessment?.version ?? res.body.version)
          if (res.body.assessment) reached.add(res.body.assessment.status)
        }
        else expect([409, 422], JSON.stringify(res.body)).toContain(res.status)
      }
      await expectCountersMatch(y, [lySon])
    }
    // Weighted towards the steps that open the way to the others (a form must be filled before it is submitted…).
    const WEIGHTED = [...ACTIONS, 'edit', 'edit', 'submit', 'submit', 'approve', 'recognise'] as const
    const stepArb = fc.record({ commune: fc.nat(ids.length - 1), action: fc.constantFrom(...WEIGHTED), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 6, maxLength: 20 }), async (steps) => run(await freshYear(store), steps)),
      { numRuns: 8 },
    )
    // The sequences went beyond drafts: content was counted and taken back.
    expect(reached.has('submitted')).toBe(true)
  }, scaled(120_000))

  it('creating the draft writes a counter; the autosaves after it write none', async () => {
    const y = await freshYear(store)
    const officers = await addCommunes(app, store, lySon, ['dash-s1'])
    const items = async () => (await rawStats(y)).map((i) => JSON.stringify(i))
    let res = await call(app, 'PATCH', assessmentPath('dash-s1', y), { token: officers['dash-s1']!, body: { version: 0, profile } })
    const afterCreate = await items()
    expect(afterCreate).toHaveLength(1)
    for (let v = 1; v <= 3; v++) {
      res = await call(app, 'PATCH', assessmentPath('dash-s1', y), { token: officers['dash-s1']!, body: { version: v, answers: { 'A1.1': { choice: v % 2 ? 'deputy' : 'none' } } } })
      expect(res.status).toBe(200)
    }
    expect(await items()).toEqual(afterCreate)
  })

  it('subtract exactly what the stored version added, even when the caller’s guess of it is wrong', async () => {
    const y = await freshYear(store)
    const officers = await addCommunes(app, store, lySon, ['dash-m1'])
    const v = await submitted(app, officers['dash-m1']!, 'dash-m1', y)
    const stored = (await store.assessments.get('dash-m1', y))!
    const rubric = (await store.rubrics.get(y))!
    // A caller that scores the stored version with another rubric (a corrected one: A1.1 worth half) guesses a
    // `before` the counters never received; the write's condition catches it and the stored value is used.
    const corrected = structuredClone(rubric)
    const a11 = corrected.pillars[0]!.groups[0]!.indicators[0]!
    if (a11.scoring.kind !== 'choice') throw new Error('fixture: A1.1 is a choice')
    a11.scoring.points = Object.fromEntries(Object.entries(a11.scoring.points).map(([k, p]) => [k, p / 2]))
    const next = { ...stored, status: 'district_approved' as const, version: v + 1 }
    const wrongBefore = contributionOf(corrected, stored)
    expect(wrongBefore).not.toEqual(contributionOf(rubric, stored))
    await store.assessments.save(next, v, { contribution: { before: wrongBefore, after: contributionOf(corrected, next) } })
    expect((await store.stats.unitTotals(y)).get(lySon)).toEqual(contributionOf(corrected, next))
    // A caller that passes nothing: the repository reads what was counted.
    await store.assessments.save({ ...next, status: 'recognised', version: v + 2 }, v + 1)
    expect((await store.stats.unitTotals(y)).get(lySon)).toEqual(contributionOf(rubric, { ...next, status: 'recognised' }))
  })

  it('follow a commune that moved to another unit', async () => {
    const y = await freshYear(store)
    const officers = await addCommunes(app, store, lySon, ['dash-mv'])
    await call(app, 'PATCH', assessmentPath('dash-mv', y), { token: officers['dash-mv']!, body: { version: 0, profile } })
    expect((await store.stats.unitTotals(y)).get(lySon)).toEqual({ 's:draft': 1 })
    await store.orgUnits.put({ id: 'dash-mv', kind: 'commune', name: 'Xã dash-mv', parentId: sonTay })
    // An autosave after the move already carries the draft over.
    await call(app, 'PATCH', assessmentPath('dash-mv', y), { token: officers['dash-mv']!, body: { version: 1, answers: perfectAnswers() } })
    let totals = await store.stats.unitTotals(y)
    expect(totals.get(lySon) ?? {}).toEqual({})
    expect(totals.get(sonTay)).toEqual({ 's:draft': 1 })
    expect((await act(app, officers['dash-mv']!, 'dash-mv', y, 'submit', { version: 2 })).status).toBe(200)
    totals = await store.stats.unitTotals(y)
    expect(totals.get(sonTay)?.['s:submitted']).toBe(1)
    await expectCountersMatch(y, [sonTay, lySon])
  })

  it('rebuildStats recomputes a year whose counters were lost', async () => {
    const y = await freshYear(store)
    const officers = await addCommunes(app, store, sonTay, ['dash-rb1', 'dash-rb2'])
    await approved(app, officers['dash-rb1']!, t.reviewer, 'dash-rb1', y)
    await submitted(app, officers['dash-rb2']!, 'dash-rb2', y)
    const before = await store.stats.unitTotals(y)
    for (const item of await rawStats(y))
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }))
    expect((await store.stats.unitTotals(y)).size).toBe(0)
    const report = await store.stats.rebuild(y, await store.rubrics.get(y), [sonTay, lySon])
    expect(report).toMatchObject({ year: y, units: 2, assessments: 2, changedMeanwhile: [] })
    expect(await store.stats.unitTotals(y)).toEqual(before)
    // And saves after a rebuild keep them exact.
    await approve(app, t.reviewer, 'dash-rb2', y, 2)
    await expectCountersMatch(y, [sonTay])
  })
})

async function rawStats(year: number): Promise<Record<string, any>[]> {
  const out = await client.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsPartition(year) } }),
  )
  return out.Items ?? []
}

