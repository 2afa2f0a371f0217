import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import {
  accounts,
  assessmentPath,
  call,
  completeAnswers,
  makeApp,
  seedFixtures,
  tokensFor,
  units,
  YEAR,
  type AccountName,
  type TestApp,
} from './harness'

let app: TestApp
let store: Store
let t: Record<AccountName, string>
const own = units.sonDung.id

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store, { clock: () => new Date('2025-04-01T03:00:00.000Z') })
  t = await tokensFor(app, 'officer', 'otherOfficer', 'islandOfficer', 'reviewer', 'otherReviewer', 'admin')
})

const fieldsOf = (body: any): string[] => (body.error.fields ?? []).map((f: { field: string }) => f.field).sort()

/** Each test works on a commune of its own, so a year per test keeps them independent. */
let year = 2030
const nextYear = async () => {
  year++
  await store.rubrics.put({ ...(await store.rubrics.get(YEAR))!, year })
  return year
}

describe('GET assessment', () => {
  it('returns an empty version-0 draft and its score when nothing is stored', async () => {
    const res = await call(app, 'GET', assessmentPath(own), { token: t.officer })
    expect(res.status).toBe(200)
    expect(res.body.assessment).toEqual({
      communeId: own,
      year: YEAR,
      status: 'draft',
      version: 0,
      profile: {},
      answers: {},
      updatedAt: null,
      updatedBy: null,
    })
    expect(res.body.score.total).toBe(0)
    expect(res.body.score.maxTotal).toBe(1000)
    expect(res.body.score.verdict.eligible).toBe(false)
    expect(res.body.score.missing.length).toBe(42)
  })

  it('is 404 when the year has no rubric', async () => {
    const res = await call(app, 'GET', assessmentPath(own, 2019), { token: t.officer })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })

  it('is 404 for an unknown commune and for a unit that is not a commune', async () => {
    for (const id of ['no-such-commune', units.sonTay.id]) {
      const res = await call(app, 'GET', assessmentPath(id), { token: t.admin })
      expect(res.status, id).toBe(404)
    }
  })

  it('names a bad year in fields (400)', async () => {
    const res = await call(app, 'GET', `/api/communes/${own}/assessments/twenty`, { token: t.officer })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['year'])
  })
})

describe('scope and roles', () => {
  const read = (who: AccountName, communeId: string) => call(app, 'GET', assessmentPath(communeId), { token: t[who] })
  const write = (who: AccountName, communeId: string) =>
    call(app, 'PATCH', assessmentPath(communeId), { token: t[who], body: { version: 0, profile: { population: 1 } } })
  const submit = (who: AccountName, communeId: string) =>
    call(app, 'POST', `${assessmentPath(communeId)}/submit`, { token: t[who], body: { version: 0 } })

  it.each([
    ['officer', own, 200],
    ['officer', units.sonMua.id, 403],
    ['officer', units.anVinh.id, 403],
    ['reviewer', own, 200],
    ['reviewer', units.sonMua.id, 200],
    ['reviewer', units.anVinh.id, 403],
    ['otherReviewer', units.anVinh.id, 200],
    ['otherReviewer', own, 403],
    ['admin', own, 200],
    ['admin', units.anVinh.id, 200],
  ] as [AccountName, string, number][])('GET: %s on %s → %i', async (who, communeId, status) => {
    const res = await read(who, communeId)
    expect(res.status).toBe(status)
    if (status === 403) expect(res.body.error.code).toBe('forbidden')
  })

  it.each([
    ['otherOfficer', own],
    ['islandOfficer', own],
    ['reviewer', own],
    ['admin', own],
    ['otherReviewer', units.anVinh.id],
  ] as [AccountName, string][])('PATCH and submit are 403 for %s on %s, and nothing is written', async (who, communeId) => {
    expect((await write(who, communeId)).status).toBe(403)
    expect((await submit(who, communeId)).status).toBe(403)
    expect(await store.assessments.get(communeId, YEAR)).toBeUndefined()
  })

  it('an unknown commune is 404 for writes too, not 403', async () => {
    expect((await write('officer', 'no-such-commune')).status).toBe(404)
  })

  it('a reviewer can read what the officer saved', async () => {
    const y = await nextYear()
    const saved = await call(app, 'PATCH', assessmentPath(units.sonMua.id, y), {
      token: t.otherOfficer,
      body: { version: 0, profile: { villages: 12 } },
    })
    expect(saved.status).toBe(200)
    const res = await call(app, 'GET', assessmentPath(units.sonMua.id, y), { token: t.reviewer })
    expect(res.status).toBe(200)
    expect(res.body.assessment.profile).toEqual({ villages: 12 })
  })
})

describe('PATCH', () => {
  const patch = (y: number, body: unknown, who: AccountName = 'officer') =>
    call(app, 'PATCH', assessmentPath(own, y), { token: t[who], body })

  it('merges per fact and per indicator, removes on null, bumps the version and records who and when', async () => {
    const y = await nextYear()
    const first = await patch(y, {
      version: 0,
      profile: { households: 1200, villages: 46 },
      answers: { 'A3.1': { numerator: 900 }, 'A1.3': { yes: true } },
    })
    expect(first.status).toBe(200)
    // The save answers {version, summary} only (issue 8); the stored copy says who and when.
    expect(Object.keys(first.body).sort()).toEqual(['summary', 'version'])
    expect(first.body.version).toBe(1)
    expect(await store.assessments.get(own, y)).toMatchObject({
      version: 1,
      status: 'draft',
      updatedAt: '2025-04-01T03:00:00.000Z',
      updatedBy: accounts.officer.id,
    })

    const second = await patch(y, {
      version: 1,
      profile: { villages: null, population: 5000 },
      answers: { 'A1.3': null, 'A3.2': { numerator: 40, note: 'thôn Tà Dô chưa có sóng' } },
    })
    expect(second.status).toBe(200)
    expect(second.body.version).toBe(2)
    const stored = await store.assessments.get(own, y)
    expect(stored?.profile).toEqual({ households: 1200, population: 5000 })
    expect(stored?.answers).toEqual({
      'A3.1': { numerator: 900 },
      'A3.2': { numerator: 40, note: 'thôn Tà Dô chưa có sóng' },
    })
    // A save answers with a summary only: autosave runs often over 3G and the form scores locally.
    // A3.2 waits for the number of villages (not in the profile yet), so it counts as invalid.
    expect(second.body.summary).toEqual({ total: 28.13, maxTotal: 1000, eligible: false, missing: 40, invalid: 1 })
    expect(second.body.score).toBeUndefined()
    expect(second.body.assessment).toBeUndefined()

    const read = await call(app, 'GET', assessmentPath(own, y), { token: t.officer })
    expect(read.body.assessment).toEqual(stored)
    expect(read.body.score.total).toBe(second.body.summary.total)
  })

  it('a patch that changes nothing still needs the right version, and answers it without writing (no bump, no event)', async () => {
    const y = await nextYear()
    expect((await patch(y, { version: 0 })).body).toMatchObject({ version: 0, summary: { total: 0, missing: 42 } })
    expect(await store.assessments.get(own, y)).toBeUndefined()
    expect((await patch(y, { version: 0, profile: { households: 10 }, answers: { 'A1.3': { yes: true } } })).body.version).toBe(1)
    const events = async () => (await call(app, 'GET', `${assessmentPath(own, y)}/timeline`, { token: t.officer })).body.events
    const before = await events()
    for (const same of [{ version: 1 }, { version: 1, profile: { households: 10 } }, { version: 1, answers: { 'A1.3': { yes: true }, 'A1.4': null } }]) {
      const res = await patch(y, same)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ version: 1, summary: { total: 10 } })
    }
    expect((await store.assessments.get(own, y))?.version).toBe(1)
    expect(await events()).toEqual(before)
    expect((await patch(y, { version: 0 })).status).toBe(409)
  })

  it('a stale version is 409 with the current version, and nothing is overwritten', async () => {
    const y = await nextYear()
    await patch(y, { version: 0, profile: { households: 100 } })
    await patch(y, { version: 1, profile: { households: 200 } })
    const stale = await patch(y, { version: 1, profile: { households: 999 }, answers: { 'A1.3': { yes: true } } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    expect(stale.body.error.details).toEqual({ currentVersion: 2 })
    const stored = await store.assessments.get(own, y)
    expect(stored).toMatchObject({ version: 2, profile: { households: 200 }, answers: {} })
  })

  it('a version ahead of the stored one is also a conflict', async () => {
    const y = await nextYear()
    const res = await patch(y, { version: 5 })
    expect(res.status).toBe(409)
    expect(res.body.error.details.currentVersion).toBe(0)
  })

  it('concurrent PATCHes with the same version: exactly one wins, the other is 409', async () => {
    const y = await nextYear()
    await patch(y, { version: 0, profile: { households: 10 } })
    const results = await Promise.all([
      patch(y, { version: 1, profile: { households: 111 } }),
      patch(y, { version: 1, profile: { households: 222 } }),
      patch(y, { version: 1, profile: { households: 333 } }),
    ])
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 409, 409])
    const winner = results.find((r) => r.status === 200)!
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.error.details.currentVersion).toBe(2)
    const stored = await store.assessments.get(own, y)
    expect(stored?.version).toBe(2)
    expect(winner.body.version).toBe(2)
    expect([111, 222, 333]).toContain(stored?.profile.households)
  })

  it('concurrent first saves (version 0) also let exactly one through', async () => {
    const y = await nextYear()
    const results = await Promise.all([patch(y, { version: 0, profile: { households: 1 } }), patch(y, { version: 0, profile: { households: 2 } })])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
  })

  it('values that break the rubric are 422 with every bad field named, and nothing is written', async () => {
    const y = await nextYear()
    await patch(y, { version: 0, profile: { households: 1200, villages: 46 } })
    const res = await patch(y, {
      version: 1,
      profile: { adults: 9000, population: 5000 },
      answers: {
        'A3.1': { numerator: 1300 },
        'A1.1': { choice: 'mayor' },
        'A3.3': { count: 47 },
        'A1.3': { numerator: 3 },
        'A5.2': { numerator: 5 },
      },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_answers')
    expect(fieldsOf(res.body)).toEqual(
      ['answers.A1.1.choice', 'answers.A1.3', 'answers.A3.1.numerator', 'answers.A3.3.count', 'answers.A5.2.denominator', 'profile.adults'].sort(),
    )
    for (const f of res.body.error.fields) {
      expect(f.message.vi).toBeTruthy()
      expect(f.message.en).toBeTruthy()
    }
    expect((await store.assessments.get(own, y))?.version).toBe(1)
  })

  it('an answer is checked against the merged profile (the patch’s own facts count)', async () => {
    const y = await nextYear()
    const res = await patch(y, { version: 0, profile: { households: 2000 }, answers: { 'A3.1': { numerator: 1500 } } })
    expect(res.status).toBe(200)
  })

  it('a zero profile fact that may not be zero is 422', async () => {
    const y = await nextYear()
    const res = await patch(y, { version: 0, profile: { villages: 0, businesses: 0 } })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.body)).toEqual(['profile.villages'])
  })

  it('unknown fact and indicator ids are 400 naming them', async () => {
    const y = await nextYear()
    const res = await patch(y, { version: 0, profile: { goats: 3 }, answers: { Z9: { yes: true }, 'A1.3': { yes: true } } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation')
    expect(fieldsOf(res.body)).toEqual(['answers.Z9', 'profile.goats'])
    expect(await store.assessments.get(own, y)).toBeUndefined()
  })

  it('removing an id the rubric does not know is 400 unless it is stored', async () => {
    const y = await nextYear()
    const res = await patch(y, { version: 0, answers: { Z9: null } })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['answers.Z9'])
  })

  it('malformed shapes are 400 with dotted paths, never 500', async () => {
    const y = await nextYear()
    const cases: [unknown, string[]][] = [
      [{ profile: { households: 1 } }, ['version']],
      [{ version: 'one' }, ['version']],
      [{ version: 0, profile: { households: -1 } }, ['profile.households']],
      [{ version: 0, profile: { households: 1.5 } }, ['profile.households']],
      [{ version: 0, answers: { 'A3.1': { numerator: 'many' } } }, ['answers.A3.1']],
      [{ version: 0, answers: { 'A3.1': { numerator: 1, note: 'x'.repeat(2001) } } }, ['answers.A3.1']],
      [{ version: 0, extra: true }, ['extra']],
      [[1, 2], ['body']],
    ]
    for (const [body, fields] of cases) {
      const res = await patch(y, body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(res.body.error.code).toBe('validation')
      for (const f of fields) expect(fieldsOf(res.body).some((g) => g === f || g.startsWith(`${f}.`)), `${f} in ${fieldsOf(res.body)}`).toBe(true)
    }
    expect(await store.assessments.get(own, y)).toBeUndefined()
  })

  it('malformed JSON is 400', async () => {
    const res = await call(app, 'PATCH', assessmentPath(own), { token: t.officer, rawBody: '{"version": 0,,}' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
  })
})

describe('submit', () => {
  const submit = (y: number, version: number) => call(app, 'POST', `${assessmentPath(own, y)}/submit`, { token: t.officer, body: { version } })
  const patch = (y: number, body: unknown) => call(app, 'PATCH', assessmentPath(own, y), { token: t.officer, body })

  it('an incomplete draft is 422 incomplete listing what is missing, and stays a draft', async () => {
    const y = await nextYear()
    const { profile, answers } = completeAnswers()
    const { 'A3.3': _dropped, ...partial } = answers
    await patch(y, { version: 0, profile: { ...profile, villages: null }, answers: partial })
    const res = await submit(y, 1)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('incomplete')
    expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['answers.A3.3', 'profile.villages']))
    expect(await store.assessments.get(own, y)).toMatchObject({ status: 'draft', version: 1 })
  })

  it('an empty assessment cannot be submitted (every fact and indicator is listed)', async () => {
    const y = await nextYear()
    const res = await submit(y, 0)
    expect(res.status).toBe(422)
    expect(res.body.error.fields.length).toBe(42 + 7)
  })

  it('a complete draft is submitted; afterwards PATCH and submit are 409 not_editable', async () => {
    const y = await nextYear()
    expect((await patch(y, { version: 0, ...completeAnswers() })).status).toBe(200)
    const res = await submit(y, 1)
    expect(res.status).toBe(200)
    expect(res.body.assessment).toMatchObject({ status: 'submitted', version: 2, updatedBy: accounts.officer.id })
    expect(res.body.score.missing).toEqual([])

    const again = await patch(y, { version: 2, profile: { households: 1 } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('not_editable')
    const stale = await patch(y, { version: 1, profile: { households: 1 } })
    expect(stale.body.error.code).toBe('not_editable')
    expect((await submit(y, 2)).body.error.code).toBe('not_editable')
    expect(await store.assessments.get(own, y)).toMatchObject({ status: 'submitted', version: 2 })
  })

  it('submit checks the version like PATCH', async () => {
    const y = await nextYear()
    await patch(y, { version: 0, ...completeAnswers() })
    const res = await submit(y, 0)
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } })
  })

  it('a submit body without a version is 400', async () => {
    const res = await call(app, 'POST', `${assessmentPath(own)}/submit`, { token: t.officer, body: {} })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.body)).toEqual(['version'])
  })
})

describe('rubrics and score', () => {
  it('GET /api/rubrics/:year returns the rubric, 404 when none', async () => {
    const ok = await call(app, 'GET', `/api/rubrics/${YEAR}`, { token: t.reviewer })
    expect(ok.status).toBe(200)
    expect(ok.body.year).toBe(YEAR)
    expect(ok.body.pillars.length).toBe(4)
    const none = await call(app, 'GET', '/api/rubrics/2001', { token: t.reviewer })
    expect(none.status).toBe(404)
  })

  it('POST /api/score scores without storing anything', async () => {
    const res = await call(app, 'POST', '/api/score', { token: t.officer, body: { year: YEAR, ...completeAnswers() } })
    expect(res.status).toBe(200)
    expect(res.body.missing).toEqual([])
    expect(res.body.total).toBeGreaterThan(0)
    expect(await store.assessments.get(own, YEAR)).toBeUndefined()
  })

  it('POST /api/score reports invalid answers in the score rather than failing', async () => {
    const res = await call(app, 'POST', '/api/score', {
      token: t.officer,
      body: { year: YEAR, profile: { households: 10 }, answers: { 'A3.1': { numerator: 11 } } },
    })
    expect(res.status).toBe(200)
    expect(res.body.invalid).toContain('A3.1')
  })

  it('POST /api/score: 404 for a year without rubric, 400 for a bad body', async () => {
    expect((await call(app, 'POST', '/api/score', { token: t.officer, body: { year: 2001, profile: {}, answers: {} } })).status).toBe(404)
    const bad = await call(app, 'POST', '/api/score', { token: t.officer, body: { profile: {}, answers: { x: 1 } } })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['year', 'answers.x']))
  })
})
