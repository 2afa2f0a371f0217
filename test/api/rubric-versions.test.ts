import { beforeAll, describe, expect, it } from 'vitest'
import type { Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment } from '../../shared/scoring'
import { createTestTable } from '../support/dynamo'
import { perfectAnswers, profile } from '../unit/fixtures'
import { completeAnswers, assessmentPath, call, makeApp, seedFixtures, tokensFor, units, YEAR, type AccountName, type TestApp } from './harness'
import { submitted } from './review-fixtures'
import type { Store } from '../../functions/src/storage/store'

let app: TestApp
let store: Store
let t: Record<AccountName, string>
let v1: Rubric
const NEXT = YEAR + 1
const fields = (res: { body: any }) => (res.body.error?.fields ?? []).map((f: { field: string }) => f.field)

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store, { clock: () => new Date('2025-04-01T03:00:00Z') })
  t = await tokensFor(app, 'officer', 'otherOfficer', 'islandOfficer', 'reviewer', 'admin')
  v1 = (await store.rubrics.get(YEAR))!
  const opened = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: YEAR, deadline: '2025-11-30', rubricSource: 'existing' } })
  expect(opened.status).toBe(201)
})

/** The first ratio indicator scored by target, and the rubric's first boolean one. */
const ratioIndicator = () => flattenIndicators(v1).find((f) => f.indicator.scoring.kind === 'ratio')!.indicator
const booleanIndicator = () => flattenIndicators(v1).find((f) => f.indicator.scoring.kind === 'boolean')!.indicator

describe('publishing versions', () => {
  it('an upload with problems is 422 listing every problem by JSON path; nothing is published', async () => {
    const broken = structuredClone(v1) as any
    broken.pillars[0].groups[0].indicators[0].scoring = { kind: 'ratio', target: 0, points: -1 }
    broken.pillars[1].id = broken.pillars[0].id
    broken.recognition.minTotal = 100_000
    broken.atleast = 1
    const res = await call(app, 'POST', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { rubric: broken } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_rubric')
    // Shape errors come first (zod stops before cross-checks); every one of them is listed.
    expect(fields(res)).toEqual(
      expect.arrayContaining(['rubric.pillars.0.groups.0.indicators.0.scoring.target', 'rubric.pillars.0.groups.0.indicators.0.scoring.points', 'rubric']),
    )
    const crossOnly = structuredClone(v1) as any
    crossOnly.pillars[1].id = crossOnly.pillars[0].id
    crossOnly.recognition.minTotal = 100_000
    const cross = await call(app, 'POST', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { rubric: crossOnly } })
    expect(cross.status).toBe(422)
    expect(fields(cross)).toEqual(['rubric.pillars.1.id', 'rubric.recognition.minTotal'])
    const notObject = await call(app, 'POST', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { rubric: [1, 2] } })
    expect(notObject.status).toBe(422)
    expect(fields(notObject)).toEqual(['rubric'])
    expect((await store.rubrics.listVersions(YEAR)).map((v) => v.version)).toEqual([1])
  })

  it('a version that is not current cannot be the base of a change (409 with the current version)', async () => {
    const res = await call(app, 'PATCH', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { baseVersion: 7, recognition: { minTotal: 50 } } })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } })
    expect((await call(app, 'PATCH', `/api/admin/years/2040/rubrics`, { token: t.admin, body: { baseVersion: 1 } })).status).toBe(404)
  })

  it('edits of thresholds/points are checked: unknown ids and a changed scoring kind are 400, a broken result 422 naming the indicator', async () => {
    const ratio = ratioIndicator()
    const bad: [unknown, number, string][] = [
      [{ indicators: { 'Z9.9': { mandatory: true } } }, 400, 'indicators.Z9.9'],
      [{ indicators: { [ratio.id]: { scoring: { kind: 'boolean', points: 2 } } } }, 400, `indicators.${ratio.id}.scoring.kind`],
      [{ indicators: { [ratio.id]: { scoring: { kind: 'ratio', target: -1, points: 2 } } } }, 400, `indicators.${ratio.id}.scoring.target`],
      [{ indicators: { [ratio.id]: { scoring: { kind: 'ratio', target: 1, points: 0 } } } }, 422, `indicators.${ratio.id}.scoring`],
      [{ recognition: { minTotal: 100_000 } }, 422, 'recognition.minTotal'],
      [{ recognition: { minimum: 1 } }, 400, 'recognition.minimum'],
    ]
    for (const [edit, status, field] of bad) {
      const res = await call(app, 'PATCH', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { baseVersion: 1, ...(edit as object) } })
      expect(res.status, JSON.stringify(edit)).toBe(status)
      expect(fields(res), JSON.stringify(edit)).toContain(field)
    }
    expect((await store.rubrics.listVersions(YEAR)).map((v) => v.version)).toEqual([1])
  })
})

describe('freeze: published versions never change; assessments keep the version they were submitted with', () => {
  it('a submitted assessment is scored by its version after a new one is published; drafts follow the new one', async () => {
    // Sơn Dung submits under version 1; Sơn Mùa keeps a draft.
    await submitted(app, t.officer, units.sonDung.id, YEAR)
    const draft = await call(app, 'PATCH', assessmentPath(units.sonMua.id), { token: t.otherOfficer, body: { version: 0, profile, answers: perfectAnswers() } })
    expect((await store.assessments.get(units.sonMua.id, YEAR))?.rubricVersion).toBe(1)
    const before = await call(app, 'GET', assessmentPath(units.sonDung.id), { token: t.reviewer })
    expect(before.body.assessment).toMatchObject({ status: 'submitted', rubricVersion: 1 })

    // Version 2 doubles a boolean indicator's points (answered yes in the perfect answers).
    const boolean = booleanIndicator()
    const points = (boolean.scoring as { points: number }).points
    const edit = await call(app, 'PATCH', `/api/admin/years/${YEAR}/rubrics`, {
      token: t.admin,
      body: { baseVersion: 1, indicators: { [boolean.id]: { scoring: { kind: 'boolean', points: points * 2 } } } },
    })
    expect(edit.status).toBe(201)
    expect(edit.body).toMatchObject({ year: YEAR, version: 2, published: { source: 'edit', fromVersion: 1, by: 'u-admin' } })

    const v2 = (await store.rubrics.get(YEAR))!
    expect(v2.version).toBe(2)
    expect(await store.rubrics.getVersion(YEAR, 1)).toEqual(v1) // version 1 is unchanged
    const old = await call(app, 'GET', `/api/admin/years/${YEAR}/rubrics/1`, { token: t.admin })
    expect(old.body).toEqual(v1)
    // Any logged-in user reads the version an assessment records (the pages score submitted ones with it).
    expect((await call(app, 'GET', `/api/rubrics/${YEAR}?version=1`, { token: t.officer })).body).toEqual(v1)
    expect((await call(app, 'GET', `/api/rubrics/${YEAR}`, { token: t.officer })).body.version).toBe(2)
    expect((await call(app, 'GET', `/api/rubrics/${YEAR}?version=9`, { token: t.officer })).status).toBe(404)
    expect((await call(app, 'GET', `/api/rubrics/${YEAR}?version=zero`, { token: t.officer })).status).toBe(400)

    const after = await call(app, 'GET', assessmentPath(units.sonDung.id), { token: t.reviewer })
    expect(after.body.score.total).toBe(before.body.score.total)
    expect(after.body.score.total).toBe(scoreAssessment(v1, { profile, answers: perfectAnswers() }).total)

    const draftView = await call(app, 'GET', assessmentPath(units.sonMua.id), { token: t.otherOfficer })
    expect(draftView.body.score.total).toBe(scoreAssessment(v2, { profile, answers: perfectAnswers() }).total)
    expect(draftView.body.score.total).toBeGreaterThan(before.body.score.total)
    const resaved = await call(app, 'PATCH', assessmentPath(units.sonMua.id), { token: t.otherOfficer, body: { version: draft.body.version, answers: { [boolean.id]: { yes: true } } } })
    expect(resaved.body.version).toBe(2)
    // The same answer, but the draft now follows version 2: that is a change, and it is written.
    expect((await store.assessments.get(units.sonMua.id, YEAR))?.rubricVersion).toBe(2)

    const detail = await call(app, 'GET', `/api/admin/years/${YEAR}`, { token: t.admin })
    expect(detail.body.rubricVersion).toBe(2)
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    expect(detail.body.log.at(-1)).toMatchObject({ action: 'rubric_published', rubricVersion: 2, from: '1', to: '2' })
    const publicYears = await call(app, 'GET', '/api/years', { token: t.reviewer })
    expect(publicYears.body.years).toEqual([{ year: YEAR, deadline: '2025-11-30', rubricVersion: 2, waiting: expect.any(Number) }])
  })

  it('an uploaded JSON becomes the next version; the server sets year and version', async () => {
    const upload = { ...structuredClone(v1), year: 1999, version: 42, title: { vi: 'Bộ tiêu chí sửa đổi', en: 'Amended criteria' } }
    const res = await call(app, 'POST', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { rubric: upload, baseVersion: 2 } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ version: 3, title: { vi: 'Bộ tiêu chí sửa đổi' }, published: { source: 'upload', fromVersion: 2 } })
    expect(await store.rubrics.get(YEAR)).toMatchObject({ year: YEAR, version: 3 })
    const stale = await call(app, 'POST', `/api/admin/years/${YEAR}/rubrics`, { token: t.admin, body: { rubric: upload, baseVersion: 2 } })
    expect(stale.status).toBe(409)
  })
})

describe('preview against last year', () => {
  it('scores every non-draft assessment of the year before under the candidate, old vs new, and writes nothing', async () => {
    const opened = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: NEXT, deadline: `${NEXT}-11-30`, rubricSource: 'copy' } })
    expect(opened.status).toBe(201)
    // Last year (YEAR): Sơn Dung submitted with perfect answers under v1; An Vĩnh submits half-met answers; Sơn Mùa is a draft.
    const half = completeAnswers(v1)
    const current = (await store.rubrics.get(YEAR))!
    const filled = await call(app, 'PATCH', assessmentPath(units.anVinh.id), { token: t.islandOfficer, body: { version: 0, ...half } })
    expect(filled.status).toBe(200)
    const sent = await call(app, 'POST', `${assessmentPath(units.anVinh.id)}/submit`, { token: t.islandOfficer, body: { version: filled.body.version } })
    expect(sent.status).toBe(200)

    const candidate = structuredClone((await store.rubrics.get(NEXT))!)
    candidate.recognition = { minTotal: 0, minPillarShare: 0, mandatoryMustBeMet: false }
    const versionsBefore = await store.rubrics.listVersions(NEXT)
    const res = await call(app, 'POST', `/api/admin/years/${NEXT}/rubrics/preview`, { token: t.admin, body: { rubric: candidate } })
    expect(res.status).toBe(200)
    expect(res.body.comparedYear).toBe(YEAR)
    const perfectOld = scoreAssessment(v1, { profile, answers: perfectAnswers() })
    const halfOld = scoreAssessment(current, { profile: half.profile, answers: half.answers })
    expect(halfOld.verdict.eligible).toBe(false)
    expect(res.body.rows).toEqual([
      expect.objectContaining({ communeId: units.anVinh.id, communeName: 'An Vĩnh', oldTotal: halfOld.total, oldEligible: false, newEligible: true, change: 'gained' }),
      expect.objectContaining({ communeId: units.sonDung.id, communeName: 'Sơn Dung', oldTotal: perfectOld.total, oldEligible: perfectOld.verdict.eligible, newEligible: true }),
    ])
    expect(res.body.summary).toMatchObject({ assessments: 2, gained: perfectOld.verdict.eligible ? 1 : 2, lost: 0 })
    expect(await store.rubrics.listVersions(NEXT)).toEqual(versionsBefore)

    const invalid = await call(app, 'POST', `/api/admin/years/${NEXT}/rubrics/preview`, { token: t.admin, body: { rubric: { ...candidate, pillars: [] } } })
    expect(invalid.status).toBe(422)
    expect(fields(invalid)).toEqual(['rubric.pillars'])
  })
})
