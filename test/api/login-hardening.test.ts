import { beforeAll, describe, expect, it } from 'vitest'
import { createTestTable } from '../support/dynamo'
import { accounts, call, loginAs, makeApp, PASSWORD, seedFixtures, units, type TestApp } from './harness'
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
  it('locks a username after 5 failures in 15 minutes, with 429 + Retry-After, then lets it in after 15 minutes', async () => {
    const user = accounts.otherOfficer.username
    for (let i = 0; i < 5; i++) {
      expect((await login(user, 'wrong password!')).status).toBe(401)
      advance(MIN)
    }
    const locked = await login(user, PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.body.error.code).toBe('rate_limited')
    const retryAfter = Number(locked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(10 * 60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    advance(retryAfter * 1000 - 1000)
    expect((await login(user, PASSWORD)).status).toBe(429)
    advance(2000)
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

  it('forgets failures older than the 15-minute window, and a success resets the username counter', async () => {
    const user = accounts.reviewer.username
    for (let i = 0; i < 4; i++) await login(user, 'wrong password!')
    advance(16 * MIN)
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
})
