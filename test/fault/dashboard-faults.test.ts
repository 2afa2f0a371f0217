// The dashboard counters move in the same TransactWriteItems as the assessment: when that transaction fails —
// throttled, cancelled on the counter item, cancelled by a failed condition on the real engine — neither the
// assessment nor the counters change. The app's client is mocked per command; anything not failed on purpose
// passes through to DynamoDB Local.
import { ThrottlingException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { AwsStub } from 'aws-sdk-client-mock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { eventSort } from '../../functions/src/storage/keys'
import type { Store } from '../../functions/src/storage/store'
import { call, tokensFor, units, type AccountName, type TestApp } from '../api/harness'
import { act, freshYear, submitted } from '../api/review-fixtures'
import { cancelled, meta, startMockedApp } from '../support/mocked-app'

let realStore: Store
let real: DynamoDBDocumentClient
let tableName: string
let app: TestApp
let ddb: AwsStub<any, any, any>
let passThrough: () => void
let t: Record<AccountName, string>
const own = units.sonDung.id
const unit = units.sonTay.id

beforeAll(async () => {
  ;({ realStore, real, tableName, app, ddb, passThrough } = await startMockedApp())
  t = await tokensFor(app, 'officer', 'reviewer', 'admin')
})

let y: number
let v: number
let countersBefore: Record<string, number>
beforeEach(async () => {
  passThrough()
  y = await freshYear(realStore)
  v = await submitted(app, t.officer, own, y)
  // Approval needs every indicator reviewed: accepted before the faults are armed.
  v = (await act(app, t.reviewer, own, y, 'reviews/accept-remaining', { version: v })).body.assessment.version
  countersBefore = (await realStore.stats.unitTotals(y)).get(unit)!
  expect(countersBefore).toMatchObject({ 's:submitted': 1, n: 1 })
  ddb.resetHistory()
})
afterEach(() => vi.restoreAllMocks())

async function expectUntouched() {
  expect(await realStore.assessments.get(own, y)).toMatchObject({ version: v, status: 'submitted' })
  expect((await realStore.stats.unitTotals(y)).get(unit)).toEqual(countersBefore)
}

/** The approve transaction did carry a counter update (so the cases below do test the counters). */
function expectCounterInTransaction() {
  const calls = ddb.commandCalls(TransactWriteCommand)
  expect(calls.length).toBeGreaterThan(0)
  const items = calls[0]!.args[0].input.TransactItems!
  expect(items.some((i: { Update?: { Key?: Record<string, string> } }) => i.Update?.Key?.pk === `STATS#${y}`)).toBe(true)
}

describe('a failed transaction leaves counters and assessment both unchanged', () => {
  it('throttled outright → 503', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(503)
    expectCounterInTransaction()
    await expectUntouched()
  })

  it('cancelled on the counter item (throttled there) → 503', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ThrottlingError'))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(503)
    expectCounterInTransaction()
    await expectUntouched()
  })

  it('counter item held by another transaction each time → retried, then 503', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'TransactionConflict'))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(503)
    expect(ddb.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1)
    await expectUntouched()
  })

  it('on the real engine: the event put fails its condition → 409, the counter update is not applied either', async () => {
    await real.send(new PutCommand({ TableName: tableName, Item: { pk: `COMMUNE#${own}`, sk: eventSort(y, v + 1), entity: 'event', action: 'edit' } }))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(409)
    expectCounterInTransaction()
    await expectUntouched()
  })

  it('and the same approval goes through once the fault clears, moving the counters once', async () => {
    ddb.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict'))
      .callsFake((input) => real.send(new TransactWriteCommand(input)))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(200)
    const after = (await realStore.stats.unitTotals(y)).get(unit)!
    expect(after['s:submitted'] ?? 0).toBe(0)
    expect(after['s:district_approved']).toBe(1)
    expect(after.n).toBe(1)
    expect((await call(app, 'GET', `/api/dashboard?year=${y}`, { token: t.reviewer })).body.current.counts.district_approved).toBe(1)
  })
})
