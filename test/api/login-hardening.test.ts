import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { accounts, call, loginAs, makeApp, PASSWORD, seedFixtures, TEST_SECRET, units, type TestApp } from './harness'
import { EDGE_KEY_HEADER, edgeKeyFor, VIEWER_IP_HEADER } from '../../functions/src/http/edge'
import type { Store } from '../../functions/src/storage/store'

let now = new Date('2025-03-01T08:00:00Z')
let app: TestApp
let store: Store

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store, { clock: () => now })
})

const advance = (ms: number) => (now = new Date(now.getTime() + ms))
const MIN = 60_000
const login = (username: string, password: string, ip?: string) =>
  ip === undefined
    ? call(app, 'POST', '/api/auth/login', { body: { username, password } })
    : // hono/node-server puts the socket in env.incoming; the login reads the address from there.
      Promise.resolve(
        app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }, {
          incoming: { socket: { remoteAddress: ip } },
        }),
      ).then(async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }))

async function adminCreates(username: string, role = 'officer', unitId: string = units.sonMua.id) {
  const token = await loginAs(app, 'admin')
  const res = await call(app, 'POST', '/api/admin/users', { token, body: { name: 'Người Mới', username, role, unitId } })
  expect(res.status).toBe(201)
  return res.body as { user: { id: string }; oneTimePassword: string }
}

describe('lockout after repeated failures', () => {
  it('locks a username after 5 failures with growing delays (1, 2, 4 … minutes, at most 15), 429 + Retry-After', async () => {
    const user = accounts.otherOfficer.username
    for (let i = 0; i < 5; i++) expect((await login(user, 'wrong password!')).status).toBe(401)
    const lockSeconds: number[] = []
    for (let round = 0; round < 6; round++) {
      const locked = await login(user, PASSWORD)
      expect(locked.status).toBe(429)
      expect(locked.body.error.code).toBe('rate_limited')
      const retryAfter = Number(locked.headers.get('retry-after'))
      lockSeconds.push(retryAfter)
      advance(retryAfter * 1000 - 1000)
      expect((await login(user, PASSWORD)).status).toBe(429)
      advance(2000)
      // the lock is over: one more guess, which locks again for twice as long
      expect((await login(user, 'wrong password!')).status).toBe(401)
    }
    expect(lockSeconds).toEqual([60, 120, 240, 480, 900, 900])
    advance(15 * MIN)
    expect((await login(user, PASSWORD)).status).toBe(200)
  })

  it('answers an unknown username exactly like a known one', async () => {
    for (let i = 0; i < 5; i++) await login('nobody.at.all', 'wrong password!')
    for (let i = 0; i < 5; i++) await login(accounts.islandOfficer.username, 'wrong password!')
    const unknown = await login('nobody.at.all', 'whatever')
    const known = await login(accounts.islandOfficer.username, PASSWORD)
    expect(unknown.status).toBe(429)
    expect(known.status).toBe(429)
    expect(unknown.body).toEqual(known.body)
    expect(unknown.headers.get('retry-after')).toBe(known.headers.get('retry-after'))
    advance(16 * MIN)
  })

  it('forgets failures older than the one-hour window, and a success resets the username counter', async () => {
    const user = accounts.reviewer.username
    for (let i = 0; i < 4; i++) await login(user, 'wrong password!')
    advance(61 * MIN)
    for (let i = 0; i < 4; i++) await login(user, 'wrong password!')
    expect((await login(user, PASSWORD)).status).toBe(200)
    for (let i = 0; i < 4; i++) await login(user, 'wrong password!')
    expect((await login(user, PASSWORD)).status).toBe(200)
  })

  it('counts failures per client address across usernames (a higher threshold: offices share one NAT address)', async () => {
    const ip = '203.0.113.7'
    for (let i = 0; i < 20; i++) expect((await login(`guess.${i}`, 'wrong password!', ip)).status).toBe(401)
    const blocked = await login(accounts.otherReviewer.username, PASSWORD, ip)
    expect(blocked.status).toBe(429)
    expect((await login(accounts.otherReviewer.username, PASSWORD, '198.51.100.1')).status).toBe(200)
    advance(16 * MIN)
    expect((await login(accounts.otherReviewer.username, PASSWORD, ip)).status).toBe(200)
  })
})

describe('the client address behind CloudFront', () => {
  const fromEdge = (username: string, headers: Record<string, string>) =>
    app.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password: 'wrong password!' }) },
      // what hono/aws-lambda passes: the function URL's view of the caller (here: CloudFront's address)
      { event: { requestContext: { http: { sourceIp: '130.176.0.1' } } } },
    )

  it('counts the viewer address our edge function vouches for, and ignores the header without the edge key', async () => {
    advance(2 * 60 * MIN)
    const key = await edgeKeyFor(TEST_SECRET)
    // 20 failures from one viewer (different usernames) behind CloudFront lock that viewer only …
    for (let i = 0; i < 20; i++) expect((await fromEdge(`edge.guess.${i}`, { [EDGE_KEY_HEADER]: key, [VIEWER_IP_HEADER]: '203.0.113.50' })).status).toBe(401)
    expect((await fromEdge('edge.other', { [EDGE_KEY_HEADER]: key, [VIEWER_IP_HEADER]: '203.0.113.50' })).status).toBe(429)
    // … not CloudFront's own address, which every viewer shares
    expect((await fromEdge('edge.other', { [EDGE_KEY_HEADER]: key, [VIEWER_IP_HEADER]: '203.0.113.51' })).status).toBe(401)
    // A caller of the function URL itself cannot pick its address: without the key the header is ignored,
    // and the requests count against the address the function URL saw.
    for (let i = 0; i < 20; i++) await fromEdge(`direct.guess.${i}`, { [EDGE_KEY_HEADER]: 'forged', [VIEWER_IP_HEADER]: `198.51.100.${i}` })
    expect((await fromEdge('direct.other', { [VIEWER_IP_HEADER]: '198.51.100.200' })).status).toBe(429)
    advance(2 * 60 * MIN)
  })
})

describe('a lockout is not handed to whoever knows a username', () => {
  const loginFrom = (username: string, password: string, cookie?: string) =>
    call(app, 'POST', '/api/auth/login', { body: { username, password }, headers: cookie ? { cookie } : {} })
  const deviceCookie = (res: { headers: Headers }) => {
    const set = res.headers.get('set-cookie') ?? ''
    const match = /(?:^|,\s*)(xaso_device=[^;]+)/.exec(set)
    expect(match, set).toBeTruthy()
    expect(set).toMatch(/HttpOnly/i)
    expect(set).toMatch(/SameSite=Strict/i)
    expect(set).toMatch(/Path=\/api\/auth/i)
    return match![1]!
  }

  it('a wrong-password storm does not stop the user’s correct login from a device they used before', async () => {
    const user = accounts.islandOfficer.username
    advance(2 * 60 * MIN)
    const first = await loginFrom(user, PASSWORD)
    expect(first.status).toBe(200)
    const device = deviceCookie(first)
    // the storm, from elsewhere (no device cookie, many addresses)
    for (let i = 0; i < 40; i++) {
      const res = await login(user, `guess number ${i}`, `198.18.${i}.1`)
      expect([401, 429]).toContain(res.status)
    }
    // a stranger — even with the right password — is throttled …
    expect((await loginFrom(user, PASSWORD)).status).toBe(429)
    expect((await loginFrom(user, PASSWORD, 'xaso_device=AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(429)
    // … the owner's device is not, and a wrong password from it is still a plain 401
    expect((await loginFrom(user, 'wrong password!', device)).status).toBe(401)
    const owner = await loginFrom(user, PASSWORD, device)
    expect(owner.status).toBe(200)
    expect((await call(app, 'GET', '/api/me', { token: owner.body.token })).status).toBe(200)
    // the success cleared the username's counter: a fresh device gets in too
    expect((await loginFrom(user, PASSWORD)).status).toBe(200)
  })

  it('a device that logged in as one user does not unlock another', async () => {
    advance(2 * 60 * MIN)
    const device = deviceCookie(await loginFrom(accounts.reviewer.username, PASSWORD))
    const victim = accounts.otherReviewer.username
    for (let i = 0; i < 5; i++) expect((await login(victim, 'wrong password!')).status).toBe(401)
    expect((await loginFrom(victim, PASSWORD, device)).status).toBe(429)
    advance(2 * 60 * MIN)
  })

  it('an administrator’s reset lets the user in during a storm', async () => {
    advance(2 * 60 * MIN)
    const { user, oneTimePassword } = await adminCreates('storm.victim')
    for (let i = 0; i < 8; i++) await login('storm.victim', 'wrong password!')
    expect((await login('storm.victim', oneTimePassword)).status).toBe(429)
    const admin = await loginAs(app, 'admin')
    const reset = await call(app, 'POST', `/api/admin/users/${user.id}/reset-password`, { token: admin })
    expect(reset.status).toBe(200)
    const fresh = await login('storm.victim', reset.body.oneTimePassword)
    expect(fresh.status).toBe(200)
    expect(fresh.body.mustChangePassword).toBe(true)
  })
})

describe('one-time passwords and the forced change', () => {
  it('first login gives a change-password-only token; the change gives a full one and retires the old password', async () => {
    const { oneTimePassword } = await adminCreates('first.login')
    const first = await login('first.login', oneTimePassword)
    expect(first.status).toBe(200)
    expect(first.body.mustChangePassword).toBe(true)
    const limited = first.body.token as string
    const me = await call(app, 'GET', '/api/me', { token: limited })
    expect(me.status).toBe(403)
    expect(me.body.error.code).toBe('password_change_required')

    const changed = await call(app, 'POST', '/api/auth/change-password', { token: limited, body: { currentPassword: oneTimePassword, newPassword: 'Sơn Mùa xanh mãi 2025' } })
    expect(changed.status).toBe(200)
    expect(changed.body.mustChangePassword).toBeUndefined()
    expect((await call(app, 'GET', '/api/me', { token: changed.body.token })).status).toBe(200)
    // the limited token is revoked by the change, and the one-time password no longer works
    expect((await call(app, 'POST', '/api/auth/change-password', { token: limited, body: { currentPassword: 'Sơn Mùa xanh mãi 2025', newPassword: 'another good one 1' } })).status).toBe(401)
    expect((await login('first.login', oneTimePassword)).status).toBe(401)
    const again = await login('first.login', 'Sơn Mùa xanh mãi 2025')
    expect(again.status).toBe(200)
    expect(again.body.mustChangePassword).toBeUndefined()
  })

  it('enforces the password rules with Vietnamese and English messages', async () => {
    const { oneTimePassword } = await adminCreates('rules.check')
    const token = (await login('rules.check', oneTimePassword)).body.token
    const attempt = (newPassword: string, currentPassword = oneTimePassword) =>
      call(app, 'POST', '/api/auth/change-password', { token, body: { currentPassword, newPassword } })
    const codes = async (pw: string) => {
      const res = await attempt(pw)
      expect(res.status).toBe(400)
      return res.body.error.fields.map((f: { field: string; code: string; message: { vi: string; en: string } }) => {
        expect(f.field).toBe('newPassword')
        expect(f.message.vi.length).toBeGreaterThan(0)
        expect(f.message.en.length).toBeGreaterThan(0)
        return f.code
      })
    }
    expect(await codes('short')).toEqual(['too_short'])
    expect(await codes('rules.check')).toContain('contains_username')
    expect(await codes('x-rules.check-2025')).toEqual(['contains_username'])
    expect(await codes('matkhau123')).toEqual(['too_common'])
    expect(await codes('aaaaaaaaaaaa')).toEqual(['too_common'])
    expect(await codes(oneTimePassword)).toEqual(['unchanged'])
    const wrong = await attempt('a perfectly fine one', 'not-the-password')
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.fields[0].field).toBe('currentPassword')
    // Vietnamese letters count once each, however they were typed (NFC vs decomposed)
    expect((await attempt('Đường làng'.normalize('NFD'))).status).toBe(200)
  })

  it('a password reset issues a new one-time password and revokes the user’s tokens', async () => {
    const token = await loginAs(app, 'otherOfficer')
    expect((await call(app, 'GET', '/api/me', { token })).status).toBe(200)
    const admin = await loginAs(app, 'admin')
    const reset = await call(app, 'POST', `/api/admin/users/${accounts.otherOfficer.id}/reset-password`, { token: admin })
    expect(reset.status).toBe(200)
    expect(reset.body.user.mustChangePassword).toBe(true)
    expect((await call(app, 'GET', '/api/me', { token })).status).toBe(401)
    expect((await login(accounts.otherOfficer.username, PASSWORD)).status).toBe(401)
    const fresh = await login(accounts.otherOfficer.username, reset.body.oneTimePassword)
    expect(fresh.body.mustChangePassword).toBe(true)
  })
})

describe('token revocation', () => {
  it('a deactivated user’s token stops working at once; reactivation does not revive it', async () => {
    const { user, oneTimePassword } = await adminCreates('soon.gone')
    const limited = (await login('soon.gone', oneTimePassword)).body.token
    const full = (await call(app, 'POST', '/api/auth/change-password', { token: limited, body: { currentPassword: oneTimePassword, newPassword: 'một mật khẩu tốt' } })).body.token
    expect((await call(app, 'GET', '/api/me', { token: full })).status).toBe(200)
    const admin = await loginAs(app, 'admin')
    expect((await call(app, 'POST', `/api/admin/users/${user.id}/deactivate`, { token: admin })).status).toBe(200)
    expect((await call(app, 'GET', '/api/me', { token: full })).status).toBe(401)
    expect((await login('soon.gone', 'một mật khẩu tốt')).status).toBe(401)
    expect((await call(app, 'POST', `/api/admin/users/${user.id}/activate`, { token: admin })).status).toBe(200)
    expect((await call(app, 'GET', '/api/me', { token: full })).status).toBe(401)
    expect((await login('soon.gone', 'một mật khẩu tốt')).status).toBe(200)
  })

  it('with the 30 s read cache on (as on Lambda), a deactivation through the same store is seen at once', async () => {
    const { createStore } = await import('../../functions/src/storage/store')
    const { client, tableName } = await createTestTable()
    const cached = createStore({ client, tableName, cacheTtlMs: 30_000 })
    await seedFixtures(cached)
    const cachedApp = makeApp(cached)
    const token = await loginAs(cachedApp, 'officer')
    expect((await call(cachedApp, 'GET', '/api/me', { token })).status).toBe(200)
    const admin = await loginAs(cachedApp, 'admin')
    await call(cachedApp, 'POST', `/api/admin/users/${accounts.officer.id}/deactivate`, { token: admin })
    expect((await call(cachedApp, 'GET', `/api/communes/${units.sonDung.id}/assessments/2025`, { token })).status).toBe(401)
  })

  it('with the read cache on, a logout through the same store is seen at once, though "not revoked" was cached', async () => {
    const { createStore } = await import('../../functions/src/storage/store')
    const { client, tableName } = await createTestTable()
    const cached = createStore({ client, tableName, cacheTtlMs: 30_000 })
    await seedFixtures(cached)
    const cachedApp = makeApp(cached)
    const token = await loginAs(cachedApp, 'officer')
    expect((await call(cachedApp, 'GET', '/api/me', { token })).status).toBe(200)
    expect((await call(cachedApp, 'POST', '/api/auth/logout', { token })).status).toBe(200)
    expect((await call(cachedApp, 'GET', '/api/me', { token })).status).toBe(401)
  })
})
