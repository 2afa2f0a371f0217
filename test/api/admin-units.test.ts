import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { accounts, assessmentPath, call, completeAnswers, loginAs, makeApp, PASSWORD, seedFixtures, tokensFor, units, YEAR, type AccountName, type TestApp } from './harness'
import type { Store } from '../../functions/src/storage/store'

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
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'reviewer', 'admin', 'otherOfficer')
})

const ids = (list: { id: string }[]) => list.map((u) => u.id).sort()

describe('role and scope checks', () => {
  it('only administrators reach the unit routes; other provinces are 403, unknown units 404', async () => {
    for (const who of ['officer', 'reviewer'] as const) {
      expect((await call(app, 'GET', '/api/admin/units', { token: t[who] })).status).toBe(403)
      expect((await call(app, 'POST', '/api/admin/units', { token: t[who], body: { kind: 'commune', name: 'X', parentId: units.sonTay.id } })).status).toBe(403)
      expect((await call(app, 'PATCH', `/api/admin/units/${units.sonMua.id}`, { token: t[who], body: { name: 'X' } })).status).toBe(403)
      expect((await call(app, 'POST', `/api/admin/units/${units.sonMua.id}/retire`, { token: t[who] })).status).toBe(403)
      expect((await call(app, 'POST', '/api/admin/units/merge', { token: t[who], body: { into: { name: 'X', parentId: units.sonTay.id }, from: [units.sonMua.id, units.sonDung.id] } })).status).toBe(403)
    }
    expect((await call(app, 'GET', '/api/admin/units')).status).toBe(401)
    expect((await call(app, 'GET', `/api/admin/units?parentId=${otherDistrict.id}`, { token: t.admin })).status).toBe(403)
    expect((await call(app, 'PATCH', `/api/admin/units/${otherCommune.id}`, { token: t.admin, body: { name: 'Hòa Bắc mới' } })).status).toBe(403)
    expect((await call(app, 'POST', '/api/admin/units', { token: t.admin, body: { kind: 'commune', name: 'X', parentId: otherDistrict.id } })).status).toBe(403)
    expect((await call(app, 'PATCH', '/api/admin/units/nope', { token: t.admin, body: { name: 'X' } })).status).toBe(404)
  })

  it('lists children (default: the province’s districts)', async () => {
    const top = await call(app, 'GET', '/api/admin/units', { token: t.admin })
    expect(top.status).toBe(200)
    expect(ids(top.body.units)).toEqual(ids([units.sonTay, units.lySon]))
    const sonTay = await call(app, 'GET', `/api/admin/units?parentId=${units.sonTay.id}`, { token: t.admin })
    expect(ids(sonTay.body.units)).toEqual(ids([units.sonDung, units.sonMua]))
  })
})

describe('create, rename, move, retire', () => {
  it('creates a district and a commune under it, with field-named 400s for bad input', async () => {
    const d = await call(app, 'POST', '/api/admin/units', { token: t.admin, body: { kind: 'district', name: 'Khu vực thẩm định số 3', parentId: units.province.id } })
    expect(d.status).toBe(201)
    expect(d.body).toMatchObject({ kind: 'district', parentId: units.province.id, id: 'qng-khu-vuc-tham-dinh-so-3' })
    const c = await call(app, 'POST', '/api/admin/units', { token: t.admin, body: { id: 'qng-tra-bong', kind: 'commune', name: 'Trà Bồng', parentId: d.body.id } })
    expect(c.status).toBe(201)
    expect((await call(app, 'POST', '/api/admin/units', { token: t.admin, body: { id: 'qng-tra-bong', kind: 'commune', name: 'Trà Bồng', parentId: d.body.id } })).status).toBe(409)

    const bad = [
      [{ kind: 'commune', name: '', parentId: d.body.id }, 'name'],
      [{ kind: 'village', name: 'X', parentId: d.body.id }, 'kind'],
      [{ kind: 'commune', name: 'X', parentId: units.province.id }, 'parentId'], // a commune under the province
      [{ kind: 'district', name: 'X', parentId: units.sonTay.id }, 'parentId'], // a district under a district
      [{ kind: 'commune', name: 'X', parentId: 'no-such-unit' }, 'parentId'],
      [{ kind: 'commune', name: 'X', parentId: d.body.id, extra: 1 }, 'extra'],
    ] as const
    for (const [body, field] of bad) {
      const res = await call(app, 'POST', '/api/admin/units', { token: t.admin, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field)
    }
  })

  it('renames a unit and moves a commune to another review unit (scope follows)', async () => {
    await store.orgUnits.put({ id: 'qng-mover', kind: 'commune', name: 'Xã Đi', parentId: units.sonTay.id })
    const renamed = await call(app, 'PATCH', '/api/admin/units/qng-mover', { token: t.admin, body: { name: 'Xã Đến' } })
    expect(renamed.body).toMatchObject({ name: 'Xã Đến', parentId: units.sonTay.id })
    // Assigned to a reviewer of its old unit in an open year (it has no assessment yet: assigning does not need one).
    const at = new Date().toISOString()
    if (!(await store.surveyYears.get(YEAR)))
      await store.surveyYears.open(
        { year: YEAR, deadline: at.slice(0, 10), openedAt: at, openedBy: 'u-admin', openedByName: 'Quản trị', updatedAt: at, extensions: {} },
        { year: YEAR, action: 'opened', at, by: 'u-admin', byName: 'Quản trị' },
      )
    await store.assignments.set(YEAR, units.sonTay.id, { communeId: 'qng-mover', reviewerId: 'u-reviewer', reviewerName: 'Thẩm định', by: 'u-admin', at })
    const moved = await call(app, 'PATCH', '/api/admin/units/qng-mover', { token: t.admin, body: { parentId: units.lySon.id } })
    expect(moved.status).toBe(200)
    // The old unit's reviewers no longer review it: its assignment there is gone (none was made in the new unit).
    expect((await store.assignments.list(YEAR, units.sonTay.id)).map((a) => a.communeId)).not.toContain('qng-mover')
    expect((await store.assignments.list(YEAR, units.lySon.id)).map((a) => a.communeId)).not.toContain('qng-mover')
    const reviewerLySon = await loginAs(app, 'otherReviewer')
    const me = await call(app, 'GET', '/api/me', { token: reviewerLySon })
    expect(ids(me.body.communes)).toContain('qng-mover')
    expect((await call(app, 'PATCH', `/api/admin/units/${units.sonTay.id}`, { token: t.admin, body: { parentId: units.province.id } })).status).toBe(200)
    expect((await call(app, 'PATCH', `/api/admin/units/${units.sonTay.id}`, { token: t.admin, body: { parentId: units.lySon.id } })).status).toBe(400)
    expect((await call(app, 'PATCH', '/api/admin/units/qng-mover', { token: t.admin, body: {} })).status).toBe(400)
  })

  it('retires a commune: hidden from scope lists, history kept, read-only; a district with communes cannot be retired', async () => {
    await store.orgUnits.put({ id: 'qng-old', kind: 'commune', name: 'Xã Cũ', parentId: units.sonTay.id })
    await store.users.put({ id: 'u-old', username: 'officer.old', name: 'Cán bộ cũ', role: 'officer', orgUnitId: 'qng-old', passwordHash: (await import('../../functions/src/auth/password')).hashOneTimePassword('x'), active: true })
    expect((await call(app, 'POST', `/api/admin/units/${units.sonTay.id}/retire`, { token: t.admin })).status).toBe(409)
    const retired = await call(app, 'POST', '/api/admin/units/qng-old/retire', { token: t.admin })
    expect(retired.status).toBe(200)
    expect(retired.body).toMatchObject({ retired: true })
    expect(ids((await call(app, 'GET', '/api/me', { token: t.reviewer })).body.communes)).not.toContain('qng-old')
    expect(ids((await call(app, 'GET', `/api/admin/units?parentId=${units.sonTay.id}`, { token: t.admin })).body.units)).not.toContain('qng-old')
    expect(ids((await call(app, 'GET', `/api/admin/units?parentId=${units.sonTay.id}&includeRetired=true`, { token: t.admin })).body.units)).toContain('qng-old')
    // still readable, no longer editable; a retired unit cannot be renamed or retired again
    expect((await call(app, 'GET', assessmentPath('qng-old'), { token: t.reviewer })).status).toBe(200)
    expect((await call(app, 'PATCH', '/api/admin/units/qng-old', { token: t.admin, body: { name: 'Y' } })).status).toBe(409)
    expect((await call(app, 'POST', '/api/admin/units/qng-old/retire', { token: t.admin })).status).toBe(409)
  })
})

describe('merge (the 2025 reform)', () => {
  it('merges communes into a new one that reaches its predecessors’ past assessments; predecessors become retired and read-only', async () => {
    // Assessments of both predecessors, saved before the merge.
    const { profile, answers } = completeAnswers()
    for (const id of [units.sonDung.id, units.sonMua.id]) {
      await store.assessments.save({ communeId: id, year: YEAR, status: 'draft', version: 1, profile, answers, updatedAt: '2024-10-01T00:00:00.000Z', updatedBy: 'seed' }, 0)
    }
    const res = await call(app, 'POST', '/api/admin/units/merge', {
      token: t.admin,
      body: { into: { id: 'qng-son-dung-moi', name: 'Sơn Dung (mới)', parentId: units.sonTay.id }, from: [units.sonDung.id, units.sonMua.id] },
    })
    expect(res.status).toBe(200)
    expect(res.body.into).toMatchObject({ id: 'qng-son-dung-moi', kind: 'commune', predecessorIds: [units.sonDung.id, units.sonMua.id] })
    for (const p of res.body.from) expect(p).toMatchObject({ retired: true, mergedInto: 'qng-son-dung-moi' })

    // The reviewer of Sơn Tây sees the new commune instead of the two old ones.
    const communes = ids((await call(app, 'GET', '/api/me', { token: t.reviewer })).body.communes)
    expect(communes).toContain('qng-son-dung-moi')
    expect(communes).not.toContain(units.sonDung.id)

    const history = await call(app, 'GET', '/api/communes/qng-son-dung-moi/history', { token: t.reviewer })
    expect(history.status).toBe(200)
    const past = history.body.years.find((y: { year: number }) => y.year === YEAR)
    // The predecessors' drafts were carried into the new commune's own (test/api/merge-data.test.ts); theirs stay.
    expect(past.assessments.map((a: { communeId: string }) => a.communeId).sort()).toEqual(['qng-son-dung-moi', units.sonDung.id, units.sonMua.id].sort())
    expect(past.assessments.filter((a: { predecessor: boolean }) => a.predecessor).map((a: { mergedInto?: string }) => a.mergedInto)).toEqual([
      'qng-son-dung-moi',
      'qng-son-dung-moi',
    ])

    // An officer moved to the new commune may read a predecessor's past assessment, not edit it.
    await store.users.put({ id: 'u-new', username: 'officer.moi', name: 'Cán bộ mới', role: 'officer', orgUnitId: 'qng-son-dung-moi', passwordHash: (await import('../../functions/src/auth/password')).hashOneTimePassword('x'), active: true })
    const { issueToken } = await import('../../functions/src/auth/token')
    const { TEST_SECRET } = await import('./harness')
    const { token: newOfficer } = await issueToken({ id: 'u-new', username: 'officer.moi', role: 'officer', orgUnitId: 'qng-son-dung-moi' }, { secret: TEST_SECRET, ttlSeconds: 600, now: () => new Date() })
    expect((await call(app, 'GET', assessmentPath(units.sonDung.id, YEAR), { token: newOfficer })).status).toBe(200)
    expect((await call(app, 'GET', '/api/communes/qng-son-dung-moi/history', { token: newOfficer })).status).toBe(200)
    // The old commune's officer was moved to the new commune: the token naming the old one no longer works, and
    // nobody can change the old commune's assessment.
    expect((await call(app, 'PATCH', assessmentPath(units.sonDung.id, YEAR), { token: t.officer, body: { version: 1, profile: { adults: 1 } } })).status).toBe(401)
    const patch = await call(app, 'PATCH', assessmentPath(units.sonDung.id, YEAR), { token: newOfficer, body: { version: 1, profile: { adults: 1 } } })
    expect(patch.status).toBe(403)
    // Version 2 is the merge's own (the draft left the lists); the refused save wrote nothing.
    const left = await store.assessments.get(units.sonDung.id, YEAR)
    expect(left?.version).toBe(2)
    expect(left?.profile.adults).not.toBe(1)
    // Another commune's officer and the other district's reviewer still cannot read the history.
    expect((await call(app, 'GET', '/api/communes/qng-son-dung-moi/history', { token: await loginAs(app, 'otherReviewer') })).status).toBe(403)
  })

  it('refuses a merge with retired, unknown, duplicate or foreign communes, naming the field, and writes nothing', async () => {
    await store.orgUnits.put({ id: 'qng-a', kind: 'commune', name: 'A', parentId: units.lySon.id })
    await store.orgUnits.put({ id: 'qng-b', kind: 'commune', name: 'B', parentId: units.lySon.id })
    const merge = (from: string[], into: Record<string, unknown> = { name: 'AB', parentId: units.lySon.id }) =>
      call(app, 'POST', '/api/admin/units/merge', { token: t.admin, body: { into, from } })
    const retired = await merge(['qng-a', units.sonDung.id])
    expect(retired.status).toBe(400)
    expect(retired.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['from.1'])
    expect((await merge(['qng-a', 'qng-a'])).body.error.fields[0].field).toBe('from.1')
    expect((await merge(['qng-a', 'nope'])).body.error.fields[0].field).toBe('from.1')
    expect((await merge(['qng-a', 'qng-b'], { name: 'AB', parentId: units.province.id })).body.error.fields[0].field).toBe('into.parentId')
    expect((await merge(['qng-a', otherCommune.id])).status).toBe(403)
    expect((await store.orgUnits.get('qng-a'))?.retired).toBeUndefined()
    // into an existing commune: it keeps its id and records the predecessor
    const ok = await merge(['qng-b'], { id: 'qng-a', name: 'A mở rộng', parentId: units.lySon.id })
    expect(ok.status).toBe(200)
    expect(await store.orgUnits.get('qng-a')).toMatchObject({ name: 'A mở rộng', predecessorIds: ['qng-b'] })
    expect((await merge(['qng-b'], { id: 'qng-a', name: 'again', parentId: units.lySon.id })).status).toBe(400)
  })
})

describe('the review level’s name (khu vực or huyện)', () => {
  it('is the province’s choice: review areas by default, every account’s /me follows the administrator’s change', async () => {
    // Fresh logins: earlier tests here merge and move the fixtures' communes.
    const { passwordHash } = (await store.users.getByUsername(accounts.officer.username))!
    await store.orgUnits.put({ id: 'qng-tier', kind: 'commune', name: 'Xã Cấp', parentId: units.sonTay.id })
    await store.users.put({ id: 'u-tier', username: 'officer.tier', name: 'Lê Thị E', role: 'officer', orgUnitId: 'qng-tier', active: true, passwordHash })
    await store.users.put({ id: 'u-dng', username: 'officer.hoabac', name: 'Lê Văn D', role: 'officer', orgUnitId: otherCommune.id, active: true, passwordHash })
    const tokens: Record<string, string> = {}
    for (const username of ['officer.tier', 'officer.hoabac', accounts.reviewer.username, accounts.admin.username]) {
      const res = await call(app, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } })
      expect(res.status, username).toBe(200)
      tokens[username] = res.body.token
    }
    const ours = ['officer.tier', accounts.reviewer.username, accounts.admin.username]
    const tierOf = async (username: string) => {
      const me = await call(app, 'GET', '/api/me', { token: tokens[username] })
      expect(me.status, JSON.stringify(me.body)).toBe(200)
      return me.body.reviewTier
    }
    for (const who of ours) expect(await tierOf(who)).toBe('area')

    const set = await call(app, 'PATCH', `/api/admin/units/${units.province.id}`, { token: tokens[accounts.admin.username], body: { reviewTier: 'district' } })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    expect(set.body).toMatchObject({ id: units.province.id, reviewTier: 'district' })
    expect((await store.orgUnits.get(units.province.id))?.reviewTier).toBe('district')
    for (const who of ours) expect(await tierOf(who)).toBe('district')
    // Another province (its own deployment in real life, here the same table) keeps its own.
    expect(await tierOf('officer.hoabac')).toBe('area')

    // Only the province has one, only its administrator sets it, and only to a known word.
    const onCommune = await call(app, 'PATCH', '/api/admin/units/qng-tier', { token: tokens[accounts.admin.username], body: { reviewTier: 'area' } })
    expect(onCommune.status).toBe(400)
    expect(onCommune.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['reviewTier'])
    const unknown = await call(app, 'PATCH', `/api/admin/units/${units.province.id}`, { token: tokens[accounts.admin.username], body: { reviewTier: 'county' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['reviewTier'])
    expect((await call(app, 'PATCH', `/api/admin/units/${units.province.id}`, { token: tokens[accounts.reviewer.username], body: { reviewTier: 'area' } })).status).toBe(403)
    expect((await store.orgUnits.get(units.province.id))?.reviewTier).toBe('district')

    const back = await call(app, 'PATCH', `/api/admin/units/${units.province.id}`, { token: tokens[accounts.admin.username], body: { reviewTier: 'area' } })
    expect(back.status).toBe(200)
    expect(await tierOf('officer.tier')).toBe('area')
  })
})
