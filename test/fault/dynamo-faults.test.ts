// What the API answers when DynamoDB misbehaves. The app's document client is mocked per command; anything not
// failed on purpose passes through to DynamoDB Local, so each case exercises the real route end to end.
import { ProvisionedThroughputExceededException, ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { AwsStub } from 'aws-sdk-client-mock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { assessmentPath, call, tokensFor, units, YEAR, type AccountName, type TestApp } from '../api/harness'
import { meta, startMockedApp } from '../support/mocked-app'

const faults: Record<string, () => Error> = {
  ThrottlingException: () => new ThrottlingException({ message: 'Rate exceeded', ...meta }),
  ProvisionedThroughputExceededException: () =>
    new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', ...meta }),
  // What the SDK throws when the socket times out: a plain Error carrying the name.
  TimeoutError: () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }),
}

let realStore: Store
let real: DynamoDBDocumentClient
let app: TestApp
let ddb: AwsStub<any, any, any>
let t: Record<AccountName, string>
const own = units.sonDung.id

beforeAll(async () => {
  // The app's client is mocked; realStore reads the table past the mock.
  ;({ realStore, real, app, ddb, passThrough: resetMock } = await startMockedApp())
  t = await tokensFor(app, 'officer', 'reviewer')
})

let resetMock: () => void
let year = 2040
let y: number
beforeEach(async () => {
  resetMock()
  // A fresh year per test: an existing version-1 draft to read and write.
  y = ++year
  await realStore.rubrics.put({ ...(await realStore.rubrics.get(YEAR))!, year: y })
  const res = await call(app, 'PATCH', assessmentPath(own, y), { token: t.officer, body: { version: 0, profile: { households: 100 } } })
  expect(res.status).toBe(200)
  ddb.resetHistory()
})
afterEach(() => vi.restoreAllMocks())

const isAssessmentKey = (input: { Key?: Record<string, unknown> }) =>
  Object.values(input.Key ?? {}).some((v) => typeof v === 'string' && v.startsWith('ASSESS#'))

const expectUnchanged = async () => {
  expect(await realStore.assessments.get(own, y)).toMatchObject({ version: 1, profile: { households: 100 }, status: 'draft' })
  // …and the audit log still ends at version 1: no event without its change.
  expect((await realStore.events.list(own, y)).map((e) => e.version)).toEqual([1])
}

const patch = () =>
  call(app, 'PATCH', assessmentPath(own, y), { token: t.officer, body: { version: 1, profile: { households: 200 } } })

describe.each(Object.keys(faults))('%s', (name) => {
  const fault = faults[name]!

  it('on read → 503 with Retry-After, nothing written', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(GetCommand).callsFake((input) => {
      if (isAssessmentKey(input)) throw fault()
      return real.send(new GetCommand(input))
    })
    for (const res of [await call(app, 'GET', assessmentPath(own, y), { token: t.reviewer }), await patch()]) {
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('unavailable')
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0)
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0)
    expect(errorLog).not.toHaveBeenCalled()
    await expectUnchanged()
  })

  it('on write → 503 with Retry-After, nothing written', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(fault())
    const res = await patch()
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('unavailable')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    await expectUnchanged()
  })

  it('on the login lookup → 503, not 401', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(GetCommand).rejects(fault())
    const res = await call(app, 'POST', '/api/auth/login', { body: { username: 'officer.sondung', password: 'whatever' } })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
  })
})

describe('conditional failures are conflicts, never 500', () => {
  it('ConditionalCheckFailed on save → 409 version_conflict with the current version', async () => {
    // Since issue 3 a save is a transaction: a failed condition arrives as its cancellation (item 0: the assessment).
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        ...meta,
      }),
    )
    const res = await patch()
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('version_conflict')
    expect(res.body.error.details.currentVersion).toBe(1)
    await expectUnchanged()
  })

  it('TransactionCanceled (ConditionalCheckFailed) → 409', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
        ...meta,
      }),
    )
    const res = await patch()
    expect(res.status).toBe(409)
    expect(['conflict', 'version_conflict']).toContain(res.body.error.code)
    await expectUnchanged()
  })

  it('TransactionCanceled because of throttling → 503, it is worth retrying', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [ThrottlingError]',
        CancellationReasons: [{ Code: 'ThrottlingError' }],
        ...meta,
      }),
    )
    const res = await patch()
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
  })
})

describe('anything else', () => {
  it('an unexpected storage error is a logged 500 `internal` without internals in the body', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {})
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('ValidationException: Item size has exceeded the maximum allowed size'), { name: 'ValidationException' }))
    const res = await patch()
    expect(res.status).toBe(500)
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error' } })
    expect(errorLog).toHaveBeenCalledOnce()
    await expectUnchanged()
  })
})
