// The web app talks to the API through `hc<ApiType>`; this keeps that typed client compiling and working.
import { hc } from 'hono/client'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiType } from '../../functions/src/app'
import { createTestTable } from '../support/dynamo'
import { accounts, makeApp, PASSWORD, seedFixtures, units, YEAR, type TestApp } from './harness'

let app: TestApp
beforeAll(async () => {
  const { store } = await createTestTable()
  await seedFixtures(store)
  app = makeApp(store)
})

const client = (token?: string) =>
  hc<ApiType>('http://localhost', {
    fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })

describe('hc<ApiType>', () => {
  it('logs in, reads, patches and sees the typed results', async () => {
    const login = await client().api.auth.login.$post({ json: { username: accounts.officer.username, password: PASSWORD } })
    expect(login.status).toBe(200)
    if (login.status !== 200) return
    const { token, user } = await login.json()
    expect(user.role).toBe('officer')

    const api = client(token)
    const param = { communeId: units.sonDung.id, year: String(YEAR) }
    const read = await api.api.communes[':communeId'].assessments[':year'].$get({ param })
    if (read.status !== 200) throw new Error(`GET ${read.status}`)
    const { assessment, score } = await read.json()
    expect(assessment.version).toBe(0)
    expect(score.maxTotal).toBe(1000)

    const saved = await api.api.communes[':communeId'].assessments[':year'].$patch({
      param,
      json: { version: assessment.version, profile: { households: 10 }, answers: { 'A3.1': { numerator: 8 } } },
    })
    expect(saved.status).toBe(200)
    if (saved.status === 200) expect((await saved.json()).version).toBe(1)

    const stale = await api.api.communes[':communeId'].assessments[':year'].$patch({ param, json: { version: 0 } })
    expect(stale.status).toBe(409)
    if (stale.status === 409) expect((await stale.json()).error.details?.currentVersion).toBe(1)

    const me = await api.api.me.$get()
    if (me.status === 200) expect((await me.json()).communes.map((c) => c.id)).toEqual([units.sonDung.id])
  })
})
