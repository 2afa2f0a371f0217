// Account imports as resumable, idempotent jobs (issue 11): a crash mid-way leaves no active account and the same
// file sent again finishes the job; sending it after that changes nothing; a job runs in steps that each fit a
// request. The crash is injected with aws-sdk-client-mock on the API's DynamoDB client; everything else passes
// through to DynamoDB Local.
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDocumentClient, createStore } from '../../functions/src/storage/store'
import { createTestTable, testDynamoClient, type TestTable } from '../support/dynamo'
import { call, makeApp, seedFixtures, tokensFor, units, type TestApp } from './harness'
import { scaled } from '../support/timing'

let table: TestTable
let app: TestApp
let admin: string
const appClient = createDocumentClient(testDynamoClient())
const ddb = mockClient(appClient as DynamoDBDocumentClient)

function passThrough() {
  ddb.reset()
  const real = table.client
  for (const Command of [GetCommand, PutCommand, QueryCommand, UpdateCommand, BatchGetCommand, BatchWriteCommand, TransactWriteCommand] as const)
    ddb.on(Command as never).callsFake((input: any) => real.send(new (Command as any)(input)))
}

beforeAll(async () => {
  table = await createTestTable()
  await seedFixtures(table.store)
  passThrough()
  app = makeApp(createStore({ client: appClient, tableName: table.tableName }))
  admin = (await tokensFor(app, 'admin')).admin
})
afterAll(() => table.raw.destroy())
afterEach(() => {
  passThrough()
  delete process.env.XASO_IMPORT_BUDGET_MS
})

const csvOf = (prefix: string, n: number) =>
  ['họ tên,tên đăng nhập,vai trò,đơn vị', ...Array.from({ length: n }, (_, i) => `Cán bộ ${i},${prefix}.${i},cán bộ,${units.sonDung.id}`)].join('\n')

async function post(path: string, body?: string, method = 'POST') {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'text/csv' } : {}) },
    ...(body !== undefined ? { body } : {}),
  })
  return { status: res.status, body: (await res.json()) as any }
}
const send = (csv: string) => post('/api/admin/users/import', csv)
async function sendAll(csv: string) {
  let res = await send(csv)
  const statuses = [res.status]
  while (res.status === 202) {
    res = await post(`/api/admin/users/import-jobs/${res.body.job.id}/continue`)
    statuses.push(res.status)
  }
  return { ...res, statuses }
}

/** What the table holds for these usernames, read past the mock. */
async function accountsOf(prefix: string, n: number) {
  const found = await Promise.all(Array.from({ length: n }, (_, i) => table.store.users.getByUsername(`${prefix}.${i}`)))
  const existing = found.filter((u) => u !== undefined)
  return { existing: existing.length, active: existing.filter((u) => u.active).length }
}

describe('an import killed mid-way', () => {
  it('leaves no active account, and the same file sent again finishes it cleanly', { timeout: scaled(240_000) }, async () => {
    const n = 1_200 // three chunks of 500
    const csv = csvOf('crash', n)
    // The process dies during the second chunk's account writes: the request never finishes.
    let userWrites = 0
    ddb.on(TransactWriteCommand).callsFake((input: any) => {
      const writesUsers = input.TransactItems.some((t: any) => t.Put?.Item?.entity === 'user')
      if (writesUsers && ++userWrites === 13) throw Object.assign(new Error('Killed'), { name: 'Killed' })
      return table.client.send(new TransactWriteCommand(input))
    })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const crashed = await send(csv)
    quiet.mockRestore()
    expect(crashed.status).toBe(500)
    const afterCrash = await accountsOf('crash', n)
    expect(afterCrash.existing).toBeGreaterThan(0) // some were written…
    expect(afterCrash.active).toBe(0) // …none of them usable: nobody has seen their passwords

    passThrough()
    // Sent again: no 409 for the accounts already written; the job resumes where it stopped.
    const resumed = await sendAll(csv)
    expect(resumed.status).toBe(201)
    expect(resumed.body.job).toMatchObject({ status: 'done', total: n, created: n, activated: n })
    expect(resumed.body.users).toHaveLength(n)
    expect(new Set(resumed.body.users.map((u: { username: string }) => u.username)).size).toBe(n)
    expect(await accountsOf('crash', n)).toEqual({ existing: n, active: n })
    // The passwords shown are the ones that work, including for accounts written before the crash.
    for (const u of [resumed.body.users[0], resumed.body.users[n - 1]]) {
      const login = await call(app, 'POST', '/api/auth/login', { body: { username: u.username, password: u.oneTimePassword } })
      expect(login.status, u.username).toBe(200)
    }

    // Sent a third time: nothing happens (no new accounts, no 409), and the passwords are shown again until the
    // administrator confirms having them.
    const again = await send(csv)
    expect(again.status).toBe(200)
    expect(again.body.alreadyImported).toBe(true)
    expect(again.body.users.map((u: { oneTimePassword: string }) => u.oneTimePassword)).toEqual(resumed.body.users.map((u: { oneTimePassword: string }) => u.oneTimePassword))
    const forgotten = await post(`/api/admin/users/import-jobs/${resumed.body.job.id}/passwords`, undefined, 'DELETE')
    expect(forgotten.status).toBe(200)
    expect(forgotten.body.users).toBeUndefined()
    const afterForget = await send(csv)
    expect(afterForget.status).toBe(200)
    expect(afterForget.body).toMatchObject({ alreadyImported: true, imported: n, job: { status: 'done' } })
    expect(afterForget.body.users).toBeUndefined()
    expect((await table.store.users.listByUnit(units.sonDung.id)).filter((u) => u.username.startsWith('crash.'))).toHaveLength(n)
  })

  it('a crash during activation: the accounts already active keep working, the rest follow on resume', { timeout: scaled(240_000) }, async () => {
    const n = 1_100
    const csv = csvOf('late', n)
    let activations = 0
    ddb.on(TransactWriteCommand).callsFake((input: any) => {
      const activates = input.TransactItems.some((t: any) => t.Update?.UpdateExpression === 'SET active = :active')
      if (activates && ++activations === 7) throw Object.assign(new Error('Killed'), { name: 'Killed' })
      return table.client.send(new TransactWriteCommand(input))
    })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect((await sendAll(csv)).status).toBe(500)
    quiet.mockRestore()
    const mid = await accountsOf('late', n)
    expect(mid.existing).toBe(n)
    expect(mid.active).toBeLessThan(n)
    passThrough()
    const resumed = await sendAll(csv)
    expect(resumed.status).toBe(201)
    expect(await accountsOf('late', n)).toEqual({ existing: n, active: n })
  })
})

describe('an import in steps', () => {
  it('past its time budget a request answers 202 with the progress; continuing finishes it, every step counted', { timeout: scaled(240_000) }, async () => {
    process.env.XASO_IMPORT_BUDGET_MS = '1' // one step per request
    const n = 1_300
    const res = await sendAll(csvOf('steps', n))
    expect(res.status).toBe(200) // the last continue
    // Three chunks created, three activated, then the status changes: several requests, each a 202 but the last.
    expect(res.statuses.length).toBeGreaterThan(3)
    expect(res.statuses.slice(0, -1).every((s) => s === 202)).toBe(true)
    expect(res.body.job).toMatchObject({ status: 'done', total: n, created: n, activated: n })
    expect(res.body.users).toHaveLength(n)
  })

  it('no account of a job is active before all of them exist', { timeout: scaled(240_000) }, async () => {
    process.env.XASO_IMPORT_BUDGET_MS = '1'
    const n = 1_050
    let res = await send(csvOf('gate', n))
    while (res.status === 202 && res.body.job.status === 'creating') {
      const now = await accountsOf('gate', n)
      expect(now.active).toBe(0)
      expect(now.existing).toBe(res.body.job.created)
      res = await post(`/api/admin/users/import-jobs/${res.body.job.id}/continue`)
    }
    expect(['activating', 'done']).toContain(res.body.job.status)
    expect((await accountsOf('gate', n)).existing).toBe(n)
  })

  it('an unfinished job can be rolled back: its inactive accounts are deleted and the file can be sent afresh', { timeout: scaled(240_000) }, async () => {
    process.env.XASO_IMPORT_BUDGET_MS = '1'
    const n = 1_100
    const csv = csvOf('abandon', n)
    const started = await send(csv)
    expect(started.status).toBe(202)
    expect(started.body.job.status).toBe('creating')
    expect((await accountsOf('abandon', n)).existing).toBeGreaterThan(0)
    // Meanwhile another file with the same usernames is refused: they are held by the unfinished job.
    const other = await send(`${csvOf('abandon', 2)}
`)
    expect(other.status).toBe(400)
    expect(other.body.error.details.problems[0].code).toBe('username_taken')

    let res = await post(`/api/admin/users/import-jobs/${started.body.job.id}`, undefined, 'DELETE')
    while (res.status === 202) res = await post(`/api/admin/users/import-jobs/${started.body.job.id}`, undefined, 'DELETE')
    expect(res).toMatchObject({ status: 200, body: { rolledBack: true } })
    expect(await accountsOf('abandon', n)).toEqual({ existing: 0, active: 0 })
    expect((await post(`/api/admin/users/import-jobs/${started.body.job.id}/continue`)).status).toBe(409)

    delete process.env.XASO_IMPORT_BUDGET_MS
    const again = await sendAll(csv)
    expect(again.status).toBe(201)
    expect(await accountsOf('abandon', n)).toEqual({ existing: n, active: n })
    // A job whose accounts are active is finished, never undone.
    expect((await post(`/api/admin/users/import-jobs/${again.body.job.id}`, undefined, 'DELETE')).status).toBe(409)
  })

  it('a job is its province’s: another id or a malformed one is 404 / 400', async () => {
    expect((await post(`/api/admin/users/import-jobs/${'0'.repeat(32)}/continue`)).status).toBe(404)
    expect((await post('/api/admin/users/import-jobs/nope/continue')).status).toBe(400)
  })
})

describe('import messages', () => {
  it('Vietnamese messages name roles in Vietnamese', async () => {
    const res = await send(['họ tên,tên đăng nhập,vai trò,đơn vị', `Người A,vi.role,thẩm định,${units.sonDung.id}`].join('\n'))
    expect(res.status).toBe(400)
    const [p] = res.body.error.details.problems
    expect(p.code).toBe('role_not_allowed')
    expect(p.message.vi).toContain('Vai trò cán bộ thẩm định phải thuộc')
    expect(p.message.vi).not.toMatch(/\b(officer|reviewer|admin)\b/)
  })
})
