// The API through the client a third party would generate from openapi.json (openapi-typescript types,
// openapi-fetch), against the test app: the document's paths, parameters and bodies are the ones the app takes.
import createClient from 'openapi-fetch'
import { beforeAll, expect, it } from 'vitest'
import type { paths } from '../support/generated/api'
import { createTestTable } from '../support/dynamo'
import { accounts, completeAnswers, makeApp, PASSWORD, seedFixtures, units, YEAR, type TestApp } from './harness'

let app: TestApp

beforeAll(async () => {
  const { store } = await createTestTable()
  await seedFixtures(store)
  app = makeApp(store)
})

it('logs in, reads /api/me, reads and patches an assessment through the generated client', async () => {
  // The app answers in-process: openapi-fetch hands it each Request as it would to the network.
  const client = createClient<paths>({ baseUrl: 'http://xa-so.test', fetch: (request) => Promise.resolve(app.request(request)) })

  const login = await client.POST('/api/auth/login', { body: { username: accounts.officer.username, password: PASSWORD } })
  expect(login.response.status).toBe(200)
  const token = login.data!.token
  const headers = { authorization: `Bearer ${token}` }

  const me = await client.GET('/api/me', { headers })
  expect(me.response.status).toBe(200)
  expect(me.data!.user.username).toBe(accounts.officer.username)
  expect(me.data!.communes.map((c) => c.id)).toEqual([units.sonDung.id])

  const params = { path: { communeId: units.sonDung.id, year: YEAR } }
  const before = await client.GET('/api/communes/{communeId}/assessments/{year}', { params, headers })
  expect(before.response.status).toBe(200)
  expect(before.data!.assessment.version).toBe(0)

  const { profile, answers } = completeAnswers()
  const [indicatorId, answer] = Object.entries(answers)[0]!
  const patched = await client.PATCH('/api/communes/{communeId}/assessments/{year}', {
    params,
    headers,
    body: { version: before.data!.assessment.version, profile, answers: { [indicatorId]: answer } },
  })
  expect(patched.response.status, JSON.stringify(patched.error)).toBe(200)

  const after = await client.GET('/api/communes/{communeId}/assessments/{year}', { params, headers })
  expect(after.data!.assessment.version).toBe(1)
  expect(after.data!.assessment.answers[indicatorId]).toEqual(answer)
  expect(after.data!.assessment.profile).toEqual(profile)

  // The document's error shape is what a refused request gets: a stale version is a 409 with a code.
  const stale = await client.PATCH('/api/communes/{communeId}/assessments/{year}', { params, headers, body: { version: 0, answers: {} } })
  expect(stale.response.status).toBe(409)
  expect(stale.error!.error.code).toBe('version_conflict')
})
