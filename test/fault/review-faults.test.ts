// Review writes when DynamoDB misbehaves: a TransactWriteItems cancelled mid-way (or throttled) leaves neither the
// change nor its event, and the API answers 409/503, never 500. The app's client is mocked per command; anything
// not failed on purpose passes through to DynamoDB Local, so each case runs the real route end to end.
import { ThrottlingException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { AwsStub } from 'aws-sdk-client-mock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { eventSort } from '../../functions/src/storage/keys'
import { assessmentPath, call, tokensFor, units, type AccountName, type TestApp } from '../api/harness'
import { act, approved, freshYear, submitted } from '../api/review-fixtures'
import { cancelled, meta, startMockedApp } from '../support/mocked-app'

let realStore: Store
let real: DynamoDBDocumentClient
let tableName: string
let app: TestApp
let ddb: AwsStub<any, any, any>
let passThrough: () => void
let t: Record<AccountName, string>
const own = units.sonDung.id

beforeAll(async () => {
  ;({ realStore, real, tableName, app, ddb, passThrough } = await startMockedApp())
  t = await tokensFor(app, 'officer', 'reviewer', 'admin')
})

let y: number
let v: number
beforeEach(async () => {
  passThrough()
  y = await freshYear(realStore)
  v = await submitted(app, t.officer, own, y)
  // Approval needs every indicator reviewed: accepted (one transaction) before the faults are armed.
  v = (await act(app, t.reviewer, own, y, 'reviews/accept-remaining', { version: v })).body.assessment.version
  ddb.resetHistory()
})
afterEach(() => vi.restoreAllMocks())

/** Nothing of the refused decision is stored: same version and status, no new event, no comment. */
async function expectUntouched() {
  expect(await realStore.assessments.get(own, y)).toMatchObject({ version: v, status: 'submitted' })
  expect((await realStore.events.list(own, y)).map((e) => e.action)).toEqual(['edit', 'submit', 'review_indicator'])
  expect(await realStore.comments.list(own, y)).toEqual([])
}

const decisions: [string, Record<string, unknown>][] = [
  ['return', { comment: 'Bổ sung minh chứng A3.1' }],
  ['approve', { comment: 'Đồng ý' }],
  ['reject', { reason: 'Không trung thực' }],
  ['reviews/A3.1', { decision: 'needs_evidence', reason: 'Thiếu danh sách' }],
]

describe.each(decisions)('%s', (action, body) => {
  it('cancelled mid-way (the event’s put failed) → 409, neither change nor event', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', ...(body.comment ? ['None'] : [])))
    const res = await act(app, t.reviewer, own, y, action, { version: v, ...body })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('conflict')
    await expectUntouched()
  })

  it('cancelled because the assessment changed meanwhile → 409 version_conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', ...(body.comment ? ['None'] : [])))
    const res = await act(app, t.reviewer, own, y, action, { version: v, ...body })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: v } })
    await expectUntouched()
  })

  it('cancelled by throttling → 503 with Retry-After, nothing written', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', ...(body.comment ? ['None'] : [])))
    const res = await act(app, t.reviewer, own, y, action, { version: v, ...body })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('unavailable')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    await expectUntouched()
  })

  it('throttled outright (ThrottlingException) → 503', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
    const res = await act(app, t.reviewer, own, y, action, { version: v, ...body })
    expect(res.status).toBe(503)
    await expectUntouched()
  })
})

describe('transactions that keep conflicting', () => {
  it('are tried again, then answered 503 (never 500), nothing written', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(503)
    expect(ddb.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1)
    await expectUntouched()
  })

  it('succeed when the conflict clears on a retry', async () => {
    ddb.on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .callsFake((input) => real.send(new TransactWriteCommand(input)))
    const res = await act(app, t.reviewer, own, y, 'approve', { version: v })
    expect(res.status).toBe(200)
    expect((await realStore.events.list(own, y)).map((e) => e.action)).toEqual(['edit', 'submit', 'review_indicator', 'approve'])
  })
})

describe('on the real engine (no mock)', () => {
  it('a transaction whose event put fails its condition writes nothing at all', async () => {
    // An event already sits where this change's event would go: DynamoDB Local cancels the whole transaction.
    await real.send(new PutCommand({ TableName: tableName, Item: { pk: `COMMUNE#${own}`, sk: eventSort(y, v + 1), entity: 'event', action: 'edit' } }))
    const res = await act(app, t.reviewer, own, y, 'return', { version: v, comment: 'Sửa lại' })
    expect(res.status).toBe(409)
    expect(await realStore.assessments.get(own, y)).toMatchObject({ version: v, status: 'submitted' })
    expect(await realStore.comments.list(own, y)).toEqual([])
  })
})

describe('comments', () => {
  it('a comment whose transaction is throttled → 503, neither comment nor event', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ThrottlingError', 'None'))
    const res = await call(app, 'POST', `${assessmentPath(own, y)}/comments`, { token: t.officer, body: { text: 'Đã bổ sung' } })
    expect(res.status).toBe(503)
    await expectUntouched()
  })

  it('a comment racing a recognition is refused by the transaction’s condition (409), nothing written', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'))
    const res = await call(app, 'POST', `${assessmentPath(own, y)}/comments`, { token: t.officer, body: { text: 'Đã bổ sung' } })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('invalid_transition')
    await expectUntouched()
  })
})

describe('bulk recognition', () => {
  it('one item throttled is reported as unavailable while the others are recognised', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const other = units.sonMua.id
    const { otherOfficer } = await tokensFor(app, 'otherOfficer')
    const vOwn = (await act(app, t.reviewer, own, y, 'approve', { version: v })).body.assessment.version
    const vOther = await approved(app, otherOfficer, t.reviewer, other, y)
    ddb.on(TransactWriteCommand).callsFake((input) => {
      if (input.TransactItems[0].Put?.Item?.communeId === own) throw cancelled('ThrottlingError', 'None')
      return real.send(new TransactWriteCommand(input))
    })
    const res = await call(app, 'POST', '/api/recognitions', {
      token: t.admin,
      body: { year: y, items: [{ communeId: own, version: vOwn }, { communeId: other, version: vOther }] },
    })
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([
      { communeId: own, ok: false, error: expect.objectContaining({ code: 'unavailable' }) },
      { communeId: other, ok: true, status: 'recognised', version: vOther + 1 },
    ])
    expect(await realStore.assessments.get(own, y)).toMatchObject({ version: vOwn, status: 'district_approved' })
    expect((await realStore.events.list(own, y)).at(-1)!.action).toBe('approve')
    expect((await realStore.events.list(other, y)).at(-1)!.action).toBe('recognise')
  })
})

describe('read paths', () => {
  it('the queue is a Query, never a Scan, and a throttled Query is 503', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect((await call(app, 'GET', `/api/review/queue?year=${y}`, { token: t.reviewer })).status).toBe(200)
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0)
    expect(ddb.commandCalls(QueryCommand).some((c) => c.args[0].input.IndexName === 'gsi1')).toBe(true)
    ddb.on(QueryCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
    for (const p of [`/api/review/queue?year=${y}`, `${assessmentPath(own, y)}/timeline`, `${assessmentPath(own, y)}/comments`]) {
      const res = await call(app, 'GET', p, { token: t.reviewer })
      expect(res.status, p).toBe(503)
    }
  })
})
