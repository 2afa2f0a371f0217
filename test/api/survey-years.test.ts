import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { perfectAnswers, profile } from '../unit/fixtures'
import { assessmentPath, call, makeApp, seedFixtures, tokensFor, units, YEAR, type AccountName, type TestApp } from './harness'
import type { Store } from '../../functions/src/storage/store'

// The clock the app sees; tests move it past deadlines.
let now = new Date('2025-03-01T03:00:00Z')
let app: TestApp
let store: Store
let t: Record<AccountName, string>

const other = { id: 'dng', kind: 'province', name: 'Đà Nẵng' } as const
const otherDistrict = { id: 'dng-hoa-vang', kind: 'district', name: 'Hòa Vang', parentId: 'dng' } as const
const otherCommune = { id: 'dng-hoa-bac', kind: 'commune', name: 'Hòa Bắc', parentId: 'dng-hoa-vang' } as const

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  for (const u of [other, otherDistrict, otherCommune]) await store.orgUnits.put(u)
  app = makeApp(store, { clock: () => now })
  t = await tokensFor(app, 'officer', 'otherOfficer', 'reviewer', 'admin')
})

/** Moves the app's clock; tokens issued at another time would be expired or not yet valid, so log in again. */
async function at(iso: string) {
  now = new Date(iso)
  t = await tokensFor(app, 'officer', 'otherOfficer', 'reviewer', 'admin')
}

const fields = (res: { body: any }) => (res.body.error?.fields ?? []).map((f: { field: string }) => f.field)

describe('who may manage survey years', () => {
  it('officers and reviewers get 403 on every admin route, anonymous callers 401; anyone logged in lists the years', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/years'],
      ['POST', '/api/admin/years', { year: 2030, deadline: '2030-11-30', rubricSource: 'default' }],
      ['GET', `/api/admin/years/${YEAR}`],
      ['PATCH', `/api/admin/years/${YEAR}`, { deadline: '2025-12-31' }],
      ['PUT', `/api/admin/years/${YEAR}/extensions/${units.sonDung.id}`, { until: '2026-01-15', reason: 'Lũ lụt' }],
      ['POST', `/api/admin/years/${YEAR}/extensions/${units.sonDung.id}/revoke`, { reason: 'Hết lý do' }],
      ['GET', `/api/admin/years/${YEAR}/rubrics/1`],
      ['POST', `/api/admin/years/${YEAR}/rubrics`, { rubric: {} }],
      ['PATCH', `/api/admin/years/${YEAR}/rubrics`, { baseVersion: 1 }],
      ['POST', `/api/admin/years/${YEAR}/rubrics/preview`, { rubric: {} }],
    ]
    for (const [method, path, body] of routes) {
      for (const who of ['officer', 'reviewer'] as const) {
        const res = await call(app, method, path, { token: t[who], ...(body ? { body } : {}) })
        expect(res.status, `${who} ${method} ${path}`).toBe(403)
      }
      expect((await call(app, method, path, body ? { body } : {})).status, `anonymous ${method} ${path}`).toBe(401)
    }
    expect(await store.surveyYears.get(2030)).toBeUndefined()
    const years = await call(app, 'GET', '/api/years', { token: t.reviewer })
    expect(years.status).toBe(200)
    expect(years.body.years).toEqual([])
    expect((await call(app, 'GET', '/api/years')).status).toBe(401)
  })
})

describe('opening a year', () => {
  it('refuses bad input naming the field, before writing anything', async () => {
    const bad: [unknown, string][] = [
      [{ year: 2026, deadline: '2026-02-30', rubricSource: 'default' }, 'deadline'],
      [{ year: 2026, deadline: '30/11/2026', rubricSource: 'default' }, 'deadline'],
      [{ year: 2026, deadline: '2025-02-01', rubricSource: 'default' }, 'deadline'], // before the year
      [{ year: 2026, deadline: '2029-01-01', rubricSource: 'default' }, 'deadline'], // a typo, years later
      [{ year: 2026, deadline: '2026-11-30', rubricSource: 'guess' }, 'rubricSource'],
      [{ year: 1999, deadline: '2026-11-30', rubricSource: 'default' }, 'year'],
      [{ year: 2026, deadline: '2026-11-30', rubricSource: 'default', extra: 1 }, 'extra'],
      [{ year: 2026, deadline: '2026-11-30', rubricSource: 'copy', copyFrom: 2019 }, 'copyFrom'],
      [{ year: 2026, deadline: '2026-11-30', rubricSource: 'existing' }, 'rubricSource'], // 2026 has no rubric yet
      [{ year: 2026, deadline: '2026-11-30', rubricSource: 'upload' }, 'rubric'],
    ]
    for (const [body, field] of bad) {
      const res = await call(app, 'POST', '/api/admin/years', { token: t.admin, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(fields(res), JSON.stringify(body)).toContain(field)
    }
    // A deadline already over (the clock is 2025-03-01 in Vietnam).
    const past = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: YEAR, deadline: '2025-02-28', rubricSource: 'existing' } })
    expect(past.status).toBe(400)
    expect(past.body.error.fields[0]).toMatchObject({ field: 'deadline', code: 'in_past' })
    expect(await store.surveyYears.list()).toEqual([])
    expect(await store.rubrics.get(2026)).toBeUndefined()
  })

  it('an uploaded rubric with problems is refused with every problem by JSON path (422); nothing is written', async () => {
    const broken = { ...(await store.rubrics.get(YEAR))!, title: { vi: '' }, recognition: { minTotal: -1, minPillarShare: 2, mandatoryMustBeMet: true } }
    const res = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: 2026, deadline: '2026-11-30', rubricSource: 'upload', rubric: broken } })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_rubric')
    expect(fields(res)).toEqual(expect.arrayContaining(['rubric.title.vi', 'rubric.title.en', 'rubric.recognition.minTotal', 'rubric.recognition.minPillarShare']))
    expect(res.body.error.fields[0].message.vi).toMatch(/^Bộ tiêu chí không hợp lệ/)
    expect(await store.surveyYears.get(2026)).toBeUndefined()
    expect(await store.rubrics.get(2026)).toBeUndefined()
  })

  it('opens the current year with its stored rubric, and a new year with a copy of last year’s; reopening is 409', async () => {
    const opened = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: YEAR, deadline: '2025-06-30', rubricSource: 'existing' } })
    expect(opened.status).toBe(201)
    expect(opened.body).toMatchObject({ year: YEAR, deadline: '2025-06-30', rubricVersion: 1, openedBy: 'u-admin', openedByName: 'Nguyễn Văn F', extensions: {} })
    expect(opened.body.log).toEqual([expect.objectContaining({ action: 'opened', by: 'u-admin', to: '2025-06-30', rubricVersion: 1 })])

    const again = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: YEAR, deadline: '2025-07-30', rubricSource: 'existing' } })
    expect(again.status).toBe(409)
    expect((await store.surveyYears.get(YEAR))?.deadline).toBe('2025-06-30')

    const next = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year: 2026, deadline: '2026-06-30', rubricSource: 'copy' } })
    expect(next.status).toBe(201)
    expect(next.body.versions).toEqual([
      expect.objectContaining({ year: 2026, version: 1, id: 'xa-cds-2026', published: expect.objectContaining({ source: 'copy', fromYear: YEAR, fromVersion: 1, by: 'u-admin' }) }),
    ])
    const copied = await call(app, 'GET', '/api/admin/years/2026/rubrics/1', { token: t.admin })
    expect(copied.body.title.vi).toContain('năm 2026')
    expect(copied.body.pillars).toEqual((await store.rubrics.get(YEAR))!.pillars)

    const list = await call(app, 'GET', '/api/admin/years', { token: t.admin })
    expect(list.body.years.map((y: { year: number }) => y.year)).toEqual([2026, YEAR])
    expect((await call(app, 'GET', '/api/admin/years/2031', { token: t.admin })).status).toBe(404)
  })
})

describe('deadline and extensions', () => {
  it('moves the deadline (logged with the old and new date); a past or malformed date is a 400 naming it', async () => {
    for (const deadline of ['2025-02-01', '2025-13-01']) {
      const res = await call(app, 'PATCH', `/api/admin/years/${YEAR}`, { token: t.admin, body: { deadline } })
      expect(res.status).toBe(400)
      expect(fields(res)).toEqual(['deadline'])
    }
    expect((await call(app, 'PATCH', '/api/admin/years/2031', { token: t.admin, body: { deadline: '2031-05-01' } })).status).toBe(404)
    const res = await call(app, 'PATCH', `/api/admin/years/${YEAR}`, { token: t.admin, body: { deadline: '2025-05-31', reason: 'Theo công văn 12/UBND' } })
    expect(res.status).toBe(200)
    expect(res.body.deadline).toBe('2025-05-31')
    expect(res.body.log.at(-1)).toMatchObject({ action: 'deadline_changed', from: '2025-06-30', to: '2025-05-31', reason: 'Theo công văn 12/UBND', byName: 'Nguyễn Văn F' })
  })

  it('grants an extension only to a commune of the province, with a reason, beyond the deadline', async () => {
    const path = (communeId: string) => `/api/admin/years/${YEAR}/extensions/${communeId}`
    const bad: [string, unknown, number, string?][] = [
      [units.sonDung.id, { until: '2025-06-15' }, 400, 'reason'],
      [units.sonDung.id, { until: '2025-06-15', reason: '   ' }, 400, 'reason'],
      [units.sonDung.id, { until: '2025-05-20', reason: 'Lũ' }, 400, 'until'], // before the deadline
      [units.sonDung.id, { until: 'soon', reason: 'Lũ' }, 400, 'until'],
      [units.sonTay.id, { until: '2025-06-15', reason: 'Lũ' }, 400, 'communeId'], // a district
      [otherCommune.id, { until: '2025-06-15', reason: 'Lũ' }, 403],
      ['qng-nowhere', { until: '2025-06-15', reason: 'Lũ' }, 404],
    ]
    for (const [communeId, body, status, field] of bad) {
      const res = await call(app, 'PUT', path(communeId), { token: t.admin, body })
      expect(res.status, `${communeId} ${JSON.stringify(body)}`).toBe(status)
      if (field) expect(fields(res)).toContain(field)
    }
    const granted = await call(app, 'PUT', path(units.sonDung.id), { token: t.admin, body: { until: '2025-06-15', reason: 'Lũ quét cô lập xã' } })
    expect(granted.status).toBe(200)
    expect(granted.body.extensions[units.sonDung.id]).toMatchObject({ until: '2025-06-15', reason: 'Lũ quét cô lập xã', by: 'u-admin', byName: 'Nguyễn Văn F' })
    expect(granted.body.log.at(-1)).toMatchObject({ action: 'extension_granted', communeId: units.sonDung.id, to: '2025-06-15', reason: 'Lũ quét cô lập xã' })
  })

  it('revokes an extension with a reason (logged); revoking none is 404', async () => {
    const path = `/api/admin/years/${YEAR}/extensions/${units.sonMua.id}`
    expect((await call(app, 'POST', `${path}/revoke`, { token: t.admin, body: { reason: 'Nhầm xã' } })).status).toBe(404)
    await call(app, 'PUT', path, { token: t.admin, body: { until: '2025-06-10', reason: 'Mất điện kéo dài' } })
    expect((await call(app, 'POST', `${path}/revoke`, { token: t.admin, body: {} })).status).toBe(400)
    const revoked = await call(app, 'POST', `${path}/revoke`, { token: t.admin, body: { reason: 'Đã có điện trở lại' } })
    expect(revoked.status).toBe(200)
    expect(revoked.body.extensions[units.sonMua.id]).toBeUndefined()
    expect(revoked.body.extensions[units.sonDung.id]).toBeDefined()
    expect(revoked.body.log.slice(-2).map((e: { action: string }) => e.action)).toEqual(['extension_granted', 'extension_revoked'])
    expect(revoked.body.log.at(-1)).toMatchObject({ communeId: units.sonMua.id, from: '2025-06-10', reason: 'Đã có điện trở lại' })
  })
})

describe('submitting against the deadline', () => {
  it('after the deadline: drafts still save, submitting is 409 deadline_passed unless the commune is extended', async () => {
    // Both officers fill in their drafts on time.
    const fill = async (token: string, communeId: string) => {
      const res = await call(app, 'PATCH', assessmentPath(communeId), { token, body: { version: 0, profile, answers: perfectAnswers() } })
      expect(res.status).toBe(200)
      return res.body.version as number
    }
    const vOwn = await fill(t.officer, units.sonDung.id)
    const vOther = await fill(t.otherOfficer, units.sonMua.id)
    const firstId = Object.keys(perfectAnswers())[0]!

    // 2025-05-31 is the deadline: 23:59 in Vietnam is still on time, midnight is not.
    await at('2025-05-31T16:59:00Z')
    const onTime = await call(app, 'GET', '/api/years', { token: t.otherOfficer })
    expect(onTime.body.years.find((y: { year: number }) => y.year === YEAR).submission).toMatchObject({ deadline: '2025-05-31', open: true })
    await at('2025-05-31T17:00:00Z')
    const closed = await call(app, 'GET', '/api/years', { token: t.otherOfficer })
    expect(closed.body.years.find((y: { year: number }) => y.year === YEAR).submission).toEqual({
      deadline: '2025-05-31',
      closesAt: '2025-05-31T16:59:59.999Z',
      open: false,
    })

    // The page is not offered what the server would refuse.
    const closedView = await call(app, 'GET', assessmentPath(units.sonMua.id), { token: t.otherOfficer })
    expect(closedView.body.allowedActions).not.toContain('submit')
    const extendedView = await call(app, 'GET', assessmentPath(units.sonDung.id), { token: t.officer })
    expect(extendedView.body.allowedActions).toContain('submit')

    const refused = await call(app, 'POST', `${assessmentPath(units.sonMua.id)}/submit`, { token: t.otherOfficer, body: { version: vOther } })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'deadline_passed', details: { deadline: '2025-05-31' } })
    const draft = await call(app, 'PATCH', assessmentPath(units.sonMua.id), { token: t.otherOfficer, body: { version: vOther, answers: { [firstId]: { ...perfectAnswers()[firstId]!, note: 'bổ sung sau hạn' } } } })
    expect(draft.status).toBe(200)
    expect(draft.body.version).toBe(vOther + 1)
    expect((await store.assessments.get(units.sonMua.id, YEAR))?.status).toBe('draft')

    // Sơn Dung has an extension to 2025-06-15.
    const own = await call(app, 'GET', '/api/years', { token: t.officer })
    expect(own.body.years.find((y: { year: number }) => y.year === YEAR).submission).toMatchObject({ extendedUntil: '2025-06-15', open: true })
    const submitted = await call(app, 'POST', `${assessmentPath(units.sonDung.id)}/submit`, { token: t.officer, body: { version: vOwn } })
    expect(submitted.status).toBe(200)
    expect(submitted.body.assessment).toMatchObject({ status: 'submitted', rubricVersion: 1 })

    // Extending Sơn Mùa reopens submitting for it alone.
    await call(app, 'PUT', `/api/admin/years/${YEAR}/extensions/${units.sonMua.id}`, { token: t.admin, body: { until: '2025-06-05', reason: 'Bổ sung hồ sơ' } })
    const late = await call(app, 'POST', `${assessmentPath(units.sonMua.id)}/submit`, { token: t.otherOfficer, body: { version: draft.body.version } })
    expect(late.status).toBe(200)
  })

  it('a returned assessment may be resubmitted after the deadline (the reviewer asked for it)', async () => {
    await at('2025-07-01T03:00:00Z') // past every extension
    const current = (await store.assessments.get(units.sonDung.id, YEAR))!
    const returned = await call(app, 'POST', `${assessmentPath(units.sonDung.id)}/return`, { token: t.reviewer, body: { version: current.version, comment: 'Bổ sung minh chứng' } })
    expect(returned.status, JSON.stringify(returned.body)).toBe(200)
    const resubmitted = await call(app, 'POST', `${assessmentPath(units.sonDung.id)}/submit`, { token: t.officer, body: { version: returned.body.assessment.version } })
    expect(resubmitted.status).toBe(200)
  })
})
