import { beforeAll, describe, expect, it } from 'vitest'
import { createDocumentClient, createStore, type Store } from '../../functions/src/storage/store'
import { createTestTable, testDynamoClient } from '../support/dynamo'
import { assessmentPath, call, loginAs, makeApp, seedFixtures, units, type TestApp } from './harness'

/*
 * Issue 8: the officer's save does one read and one transaction, nothing else — with the store as deployed
 * (functions/src/lambda.ts: org units, rubrics and accounts cached 30 s; a write starts from the version this
 * process last wrote). Every command the API sends to DynamoDB is counted at the client.
 */

let app: TestApp
let store: Store
let token: string
const sent: string[] = []

beforeAll(async () => {
  const table = await createTestTable()
  await seedFixtures(table.store)
  const raw = testDynamoClient()
  raw.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName ?? '?')
      return next(args)
    },
    { step: 'initialize', name: 'countCommands' },
  )
  store = createStore({ client: createDocumentClient(raw), tableName: table.tableName, cacheTtlMs: 30_000 })
  app = makeApp(store)
  token = await loginAs(app, 'officer')
})

describe('the save path', () => {
  it('an autosave after the first is one TransactWriteItems and at most one read; a no-op save writes nothing', async () => {
    const path = assessmentPath(units.sonDung.id)
    const first = await call(app, 'PATCH', path, { token, body: { version: 0, profile: { households: 1200 }, answers: { 'A3.1': { numerator: 10 } } } })
    expect(first.status).toBe(200)
    let version = first.body.version as number
    for (let n = 11; n < 16; n++) {
      sent.length = 0
      const res = await call(app, 'PATCH', path, { token, body: { version, answers: { 'A3.1': { numerator: n } } } })
      expect(res.status).toBe(200)
      version = res.body.version
      expect(sent.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(1)
      expect(sent.filter((c) => c !== 'TransactWriteItemsCommand').length, sent.join(', ')).toBeLessThanOrEqual(1)
      expect(sent.every((c) => c === 'TransactWriteItemsCommand' || c === 'GetItemCommand'), sent.join(', ')).toBe(true)
    }
    sent.length = 0
    const same = await call(app, 'PATCH', path, { token, body: { version, answers: { 'A3.1': { numerator: 15 } } } })
    expect(same.body.version).toBe(version)
    expect(sent.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(0)
    expect((await store.assessments.get(units.sonDung.id, 2025))?.version).toBe(version)
  })
})
