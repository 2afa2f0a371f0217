// The browser's session in an HttpOnly cookie: set at login, short-lived and sliding, revoked server-side by
// logout (its bearer twin too), while `Authorization: Bearer` keeps working for API clients.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { accounts, call, makeApp, PASSWORD, seedFixtures, type TestApp } from './harness'

let now = new Date('2025-03-01T08:00:00Z')
let app: TestApp
const MIN = 60_000
const advance = (ms: number) => (now = new Date(now.getTime() + ms))

beforeAll(async () => {
  const { store } = await createTestTable()
  await seedFixtures(store)
  app = makeApp(store, { clock: () => now })
})

const sessionCookie = (headers: Headers) => {
  const set = headers.getSetCookie().find((c) => c.startsWith('xaso_session='))
  return set ? { header: set, pair: set.split(';')[0]! } : undefined
}

async function logIn(who: keyof typeof accounts = 'officer', origin = 'http://localhost') {
  const res = await app.request(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: accounts[who].username, password: PASSWORD }),
  })
  expect(res.status).toBe(200)
  const body = (await res.json()) as { token: string }
  return { cookie: sessionCookie(res.headers)!, token: body.token }
}

const withCookie = (cookie: string, method = 'GET', path = '/api/me') => call(app, method, path, { headers: { cookie } })

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /api, two hours; Secure on https only (plain http, local or LAN, would drop it)', async () => {
    const local = await logIn()
    expect(local.cookie.header).toMatch(/; HttpOnly/)
    expect(local.cookie.header).toMatch(/; SameSite=Strict/)
    expect(local.cookie.header).toMatch(/; Path=\/api(;|$)/)
    expect(local.cookie.header).toMatch(/; Max-Age=7200/)
    expect(local.cookie.header).not.toMatch(/; Secure/)
    const deployed = await logIn('officer', 'https://xaso-quang-ngai.example')
    expect(deployed.cookie.header).toMatch(/; Secure/)
    // `HOST=0.0.0.0 npm start` opened from a phone on the LAN is plain http too: a Secure cookie would be dropped.
    const lan = await logIn('officer', 'http://xaso-laptop.lan:3000')
    expect(lan.cookie.header).not.toMatch(/; Secure/)
  })

  it('authenticates on its own (no Authorization header), and the bearer token still does for API clients', async () => {
    const { cookie, token } = await logIn()
    const me = await withCookie(cookie.pair)
    expect(me.status).toBe(200)
    expect(me.body.user.username).toBe(accounts.officer.username)
    expect((await call(app, 'GET', '/api/me', { token })).status).toBe(200)
    // a bad Authorization header is not rescued by a good cookie
    expect((await call(app, 'GET', '/api/me', { headers: { cookie: cookie.pair, authorization: 'Bearer nonsense' } })).status).toBe(401)
  })

  it('slides: used in the second half of its life it is renewed; left idle it expires', async () => {
    const { cookie } = await logIn()
    advance(30 * MIN)
    const early = await withCookie(cookie.pair)
    expect(early.status).toBe(200)
    expect(sessionCookie(early.headers)).toBeUndefined()
    advance(61 * MIN)
    const late = await withCookie(cookie.pair)
    expect(late.status).toBe(200)
    const renewed = sessionCookie(late.headers)
    expect(renewed?.header).toMatch(/; Max-Age=7200/)
    advance(60 * MIN) // past the first cookie's two hours
    expect((await withCookie(cookie.pair)).status).toBe(401)
    expect((await withCookie(renewed!.pair)).status).toBe(200)
    advance(121 * MIN) // idle longer than a session
    expect((await withCookie(renewed!.pair)).status).toBe(401)
  })

  it('logout revokes the session server-side — its cookie and its bearer token — and clears the cookie; other logins stay', async () => {
    const phone = await logIn()
    const office = await logIn()
    const out = await withCookie(phone.cookie.pair, 'POST', '/api/auth/logout')
    expect(out.status).toBe(200)
    expect(sessionCookie(out.headers)?.header).toMatch(/Max-Age=0/)
    expect((await withCookie(phone.cookie.pair)).status).toBe(401)
    expect((await call(app, 'GET', '/api/me', { token: phone.token })).status).toBe(401)
    expect((await withCookie(office.cookie.pair)).status).toBe(200)
    expect((await call(app, 'GET', '/api/me', { token: office.token })).status).toBe(200)
    // an API client logs out with its bearer token the same way
    expect((await call(app, 'POST', '/api/auth/logout', { token: office.token })).status).toBe(200)
    expect((await withCookie(office.cookie.pair)).status).toBe(401)
  })
})
