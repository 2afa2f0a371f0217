// Issue 8: the routers off the officer's hot path are loaded on their first request (functions/src/http/lazy.ts).
// What the app does around a route must be the same whether its router was in the entry or loaded later: the
// authentication gate (and the session cookie it renews), compression, ETags, the JSON 404, HEAD.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { accounts, call, makeApp, PASSWORD, seedFixtures, units, YEAR, type TestApp } from './harness'

let now = new Date(Date.UTC(YEAR, 2, 1, 8))
let app: TestApp
const MIN = 60_000

beforeAll(async () => {
  const { store } = await createTestTable()
  await seedFixtures(store)
  app = makeApp(store, { clock: () => now })
})

const sessionCookie = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('xaso_session='))

async function logIn(who: keyof typeof accounts) {
  const res = await app.request('http://localhost/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: accounts[who].username, password: PASSWORD }),
  })
  expect(res.status).toBe(200)
  return { cookie: sessionCookie(res.headers)!.split(';')[0]!, token: ((await res.json()) as { token: string }).token }
}

describe('a route loaded on first use', () => {
  it('is behind the same gate: 401 without a login, 403 for the wrong role, 200 for the right one', async () => {
    expect((await call(app, 'GET', '/api/admin/units')).status).toBe(401)
    expect((await call(app, 'GET', '/api/admin/units', { token: 'forged.token.value' })).status).toBe(401)
    const officer = await logIn('officer')
    expect((await call(app, 'GET', '/api/admin/units', { token: officer.token })).status).toBe(403)
    const admin = await logIn('admin')
    const list = await call(app, 'GET', '/api/admin/units', { token: admin.token })
    expect(list.status).toBe(200)
    // the province's districts (the default listing)
    expect(JSON.stringify(list.body)).toContain(units.sonTay.id)
  })

  it('renews a session cookie used in the second half of its life, as the routes in the entry do', async () => {
    const admin = await logIn('admin')
    now = new Date(now.getTime() + 61 * MIN)
    const res = await call(app, 'GET', '/api/admin/units', { headers: { cookie: admin.cookie } })
    expect(res.status).toBe(200)
    expect(sessionCookie(res.headers)).toMatch(/; Max-Age=7200/)
  })

  it('is compressed above the threshold and tagged for revalidation like any other', async () => {
    const officer = await logIn('officer')
    // The year's rubric (tens of KB of JSON) is one of the revalidated reads (http/revalidate.ts).
    const gz = await app.request(`http://localhost/api/rubrics/${YEAR}`, { headers: { authorization: `Bearer ${officer.token}`, 'accept-encoding': 'gzip' } })
    expect(gz.status).toBe(200)
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const tag = gz.headers.get('etag')
    expect(tag).toBeTruthy()
    const again = await call(app, 'GET', `/api/rubrics/${YEAR}`, { token: officer.token, headers: { 'if-none-match': tag! } })
    expect(again.status).toBe(304)
  })

  it('answers HEAD like GET without a body', async () => {
    const admin = await logIn('admin')
    const res = await app.request('http://localhost/api/admin/units', { method: 'HEAD', headers: { authorization: `Bearer ${admin.token}` } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })

  it('leaves a path or method no router has to the same JSON 404', async () => {
    const admin = await logIn('admin')
    for (const [method, path] of [
      ['GET', '/api/no-such-route'],
      ['DELETE', '/api/admin/units'],
      ['GET', '/api/admin'],
    ] as const) {
      const res = await call(app, method, path, { token: admin.token })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.body).toEqual({ error: { code: 'not_found', message: `No route for ${method} ${path}` } })
    }
  })
})
