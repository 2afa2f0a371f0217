import { sign } from 'hono/jwt'
import { beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_ROUTES } from '../../functions/src/app'
import { createTestTable } from '../support/dynamo'
import { accounts, call, loginAs, makeApp, PASSWORD, seedFixtures, TEST_SECRET, units, YEAR, type TestApp } from './harness'

let app: TestApp

beforeAll(async () => {
  const { store } = await createTestTable()
  await seedFixtures(store)
  app = makeApp(store)
})

describe('POST /api/auth/login', () => {
  it('returns a token and the public user', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { body: { username: accounts.officer.username, password: PASSWORD } })
    expect(res.status).toBe(200)
    expect(typeof res.body.token).toBe('string')
    expect(res.body.user).toEqual({
      id: accounts.officer.id,
      username: accounts.officer.username,
      name: accounts.officer.name,
      role: 'officer',
      orgUnitId: units.sonDung.id,
    })
    expect(JSON.stringify(res.body)).not.toContain('passwordHash')
    // default TTL is 12 hours
    const ttl = Date.parse(res.body.expiresAt) - Date.now()
    expect(ttl).toBeGreaterThan(11.9 * 3600_000)
    expect(ttl).toBeLessThanOrEqual(12 * 3600_000)
  })

  it('answers a wrong password and an unknown user identically with 401', async () => {
    const wrong = await call(app, 'POST', '/api/auth/login', { body: { username: accounts.officer.username, password: 'nope' } })
    const unknown = await call(app, 'POST', '/api/auth/login', { body: { username: 'nobody', password: PASSWORD } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.error.code).toBe('unauthenticated')
  })

  it('refuses an inactive account with 401 even with the right password, and says so only to who knows it', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { body: { username: accounts.inactive.username, password: PASSWORD } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('unauthenticated')
    // The right password earns the reason (an officer deactivated by a merge must not think they mistyped)…
    expect(res.body.error.details).toEqual({ reason: 'inactive' })
    // …a wrong one gets the same answer as any wrong password or unknown name: nothing tells the account exists.
    const wrong = await call(app, 'POST', '/api/auth/login', { body: { username: accounts.inactive.username, password: 'nope' } })
    const unknown = await call(app, 'POST', '/api/auth/login', { body: { username: 'nobody-at-all', password: 'nope' } })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
  })

  it('does not count the right password of an inactive account as a guess: no lockout from retrying it', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await call(app, 'POST', '/api/auth/login', { body: { username: accounts.inactive.username, password: PASSWORD } })
      expect(res.status, `attempt ${i + 1}`).toBe(401)
      expect(res.body.error.details).toEqual({ reason: 'inactive' })
    }
  })

  it('names missing fields with 400', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { body: { username: 'x' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation')
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['password'])
  })

  it('turns malformed JSON into 400, not 500', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { rawBody: '{"username": "x", ' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
  })

  it('turns a non-JSON content type into 400 JSON', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { rawBody: 'username=x', headers: { 'content-type': 'text/plain' } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
  })
})

describe('tokens', () => {
  it('401 without a token, with a garbage token, with a forged one, and with an expired one', async () => {
    const path = '/api/me'
    const none = await call(app, 'GET', path)
    const garbage = await call(app, 'GET', path, { token: 'not.a.jwt' })
    const claims = { sub: accounts.admin.id, username: accounts.admin.username, role: 'admin', orgUnitId: units.province.id }
    const now = Math.floor(Date.now() / 1000)
    const forged = await call(app, 'GET', path, { token: await sign({ ...claims, exp: now + 3600 }, 'some-other-secret-some-other-secret', 'HS256') })
    const expired = await call(app, 'GET', path, { token: await sign({ ...claims, iat: now - 7200, exp: now - 60 }, TEST_SECRET, 'HS256') })
    const noExp = await call(app, 'GET', path, { token: await sign(claims, TEST_SECRET, 'HS256') })
    const badRole = await call(app, 'GET', path, { token: await sign({ ...claims, role: 'root', exp: now + 3600 }, TEST_SECRET, 'HS256') })
    for (const res of [none, garbage, forged, expired, noExp, badRole]) {
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('unauthenticated')
    }
  })

  it('a token expires after its TTL according to the injected clock', async () => {
    let now = new Date('2025-03-01T08:00:00Z')
    const { store } = await createTestTable()
    await seedFixtures(store)
    const timed = makeApp(store, { clock: () => now, auth: { tokenSecret: TEST_SECRET, tokenTtlSeconds: 60 } })
    const token = await loginAs(timed, 'officer')
    expect((await call(timed, 'GET', '/api/me', { token })).status).toBe(200)
    now = new Date(now.getTime() + 61_000)
    expect((await call(timed, 'GET', '/api/me', { token })).status).toBe(401)
  })

  it('every protected route requires a token', async () => {
    // Every route openapi.json documents, so a new one is covered without an edit here.
    const doc = (await call(app, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> }
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))
    const open = operations.filter((o) => !o.op.security?.length).map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`)
    // The documented public routes (and the document itself) are exactly the app's one list of open routes.
    expect([...open, 'GET /api/openapi.json'].sort()).toEqual([...PUBLIC_ROUTES].sort())
    const params: Record<string, string> = { communeId: units.sonDung.id, year: String(YEAR) }
    const paths: [string, string][] = [
      ['GET', '/api/me'],
      ['GET', `/api/rubrics/${YEAR}`],
      ['POST', '/api/score'],
      ['GET', `/api/communes/${units.sonDung.id}/assessments/${YEAR}`],
      ['PATCH', `/api/communes/${units.sonDung.id}/assessments/${YEAR}`],
      ['POST', `/api/communes/${units.sonDung.id}/assessments/${YEAR}/submit`],
      ...operations.filter((o) => o.op.security?.length).map((o): [string, string] => [o.method, o.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? 'x1')]),
    ]
    expect(paths.length).toBeGreaterThanOrEqual(50)
    for (const [method, path] of paths) {
      const res = await call(app, method, path, method === 'GET' ? {} : { body: { version: 0 } })
      expect(res.status, `${method} ${path}`).toBe(401)
    }
  })
})

describe('GET /api/me', () => {
  it('lists the communes in each role’s scope', async () => {
    const ids = async (who: 'officer' | 'reviewer' | 'otherReviewer' | 'admin') => {
      const res = await call(app, 'GET', '/api/me', { token: await loginAs(app, who) })
      expect(res.status).toBe(200)
      expect(res.body.user.username).toBe(accounts[who].username)
      return res.body.communes.map((u: { id: string }) => u.id).sort()
    }
    expect(await ids('officer')).toEqual([units.sonDung.id])
    expect(await ids('reviewer')).toEqual([units.sonDung.id, units.sonMua.id].sort())
    expect(await ids('otherReviewer')).toEqual([units.anVinh.id])
    expect(await ids('admin')).toEqual([units.sonDung.id, units.sonMua.id, units.anVinh.id].sort())
  })
})

describe('system routes', () => {
  it('health is public', async () => {
    const res = await call(app, 'GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: true })
  })

  it('an unknown route is a JSON 404', async () => {
    const res = await call(app, 'GET', '/api/nope')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })

  it('openapi.json lists every route with its method', async () => {
    const res = await call(app, 'GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    const paths = res.body.paths as Record<string, Record<string, unknown>>
    const listed = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    expect(listed.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/ready',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'GET /api/rubrics/{year}',
        'POST /api/score',
        'GET /api/communes/{communeId}/assessments/{year}',
        'PATCH /api/communes/{communeId}/assessments/{year}',
        'POST /api/communes/{communeId}/assessments/{year}/submit',
        'GET /api/communes/{communeId}/assessments/{year}/evidence',
        'POST /api/communes/{communeId}/assessments/{year}/evidence',
        'POST /api/communes/{communeId}/assessments/{year}/evidence/{id}/upload',
        'POST /api/communes/{communeId}/assessments/{year}/evidence/{id}/complete',
        'DELETE /api/communes/{communeId}/assessments/{year}/evidence/{id}',
        'GET /api/communes/{communeId}/assessments/{year}/evidence-log',
        // review and recognition (issue 3, docs/REVIEW.md)
        'GET /api/review/queue',
        'GET /api/review/reviewers',
        'PUT /api/review/assignments',
        'POST /api/recognitions',
        'POST /api/communes/{communeId}/assessments/{year}/reviews/accept-remaining',
        'POST /api/communes/{communeId}/assessments/{year}/reviews/{indicatorId}',
        // the village roster (issue 13): the reviewer's adjustment of a village's row
        'POST /api/communes/{communeId}/assessments/{year}/roster-reviews/{villageId}',
        'POST /api/communes/{communeId}/assessments/{year}/return',
        'POST /api/communes/{communeId}/assessments/{year}/approve',
        'POST /api/communes/{communeId}/assessments/{year}/reject',
        'POST /api/communes/{communeId}/assessments/{year}/recognise',
        'POST /api/communes/{communeId}/assessments/{year}/not-recognise',
        'POST /api/communes/{communeId}/assessments/{year}/reopen',
        'GET /api/communes/{communeId}/assessments/{year}/timeline',
        'GET /api/communes/{communeId}/assessments/{year}/comments',
        'POST /api/communes/{communeId}/assessments/{year}/comments',
        'GET /api/communes/{communeId}/assessments/{year}/previous',
        // province administration: units and accounts (issue 4), password change
        'POST /api/auth/change-password',
        'GET /api/admin/units',
        'POST /api/admin/units',
        'PATCH /api/admin/units/{id}',
        'POST /api/admin/units/{id}/retire',
        'POST /api/admin/units/merge',
        'GET /api/communes/{communeId}/history',
        'GET /api/admin/users',
        'POST /api/admin/users',
        'POST /api/admin/users/import',
        'POST /api/admin/users/import-jobs/{id}/continue',
        'DELETE /api/admin/users/import-jobs/{id}',
        'DELETE /api/admin/users/import-jobs/{id}/passwords',
        'POST /api/admin/users/{id}/reset-password',
        'POST /api/admin/users/{id}/deactivate',
        'POST /api/admin/users/{id}/activate',
        // survey years and rubric versions (issue 4, docs/ADMIN.md)
        'GET /api/years',
        'GET /api/admin/years',
        'POST /api/admin/years',
        'GET /api/admin/years/{year}',
        'PATCH /api/admin/years/{year}',
        'PUT /api/admin/years/{year}/extensions/{communeId}',
        'POST /api/admin/years/{year}/extensions/{communeId}/revoke',
        'GET /api/admin/years/{year}/rubrics/{version}',
        'POST /api/admin/years/{year}/rubrics',
        'PATCH /api/admin/years/{year}/rubrics',
        'POST /api/admin/years/{year}/rubrics/preview',
        // exports and the dashboard (issue 4)
        'GET /api/exports/assessments.csv',
        'GET /api/exports/assessments.xlsx',
        'GET /api/exports/recognised',
        'GET /api/dashboard',
        // the signal-gap map and its exports (issue 13)
        'GET /api/signal-gaps',
        'GET /api/signal-gaps.geojson',
        'GET /api/signal-gaps.csv',
      ].sort(),
    )
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(res.body.components.schemas).toHaveProperty('AssessmentPatch')
  })
})

describe('request limits', () => {
  it('an oversized body is 400 JSON before any work is done', async () => {
    const res = await call(app, 'POST', '/api/auth/login', { rawBody: JSON.stringify({ username: 'x', password: 'y'.repeat(600 * 1024) }) })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
  })
})
