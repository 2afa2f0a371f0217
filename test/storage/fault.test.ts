// Failures DynamoDB Local cannot produce on demand, injected with aws-sdk-client-mock.
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { emptyAssessment } from '../../shared/assessment'
import { AppError } from '../../shared/errors'
import { createStore, type UserRecord } from '../../functions/src/storage/store'

const ddb = mockClient(DynamoDBDocumentClient)
const store = createStore({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })),
  tableName: 'fault-table',
})

beforeEach(() => {
  ddb.reset()
  // A save without a summary reads the year's rubric to compute one (issue 3); none here.
  ddb.on(QueryCommand).resolves({ Items: [] })
})
afterAll(() => ddb.restore())

const meta = { $metadata: {} }
const user: UserRecord = {
  id: 'u1',
  username: 'canbo.sontan',
  name: 'Đinh Văn Thanh',
  role: 'officer',
  orgUnitId: 'xa-son-tan',
  passwordHash: 'h',
  active: true,
}
const next = { ...emptyAssessment('xa-son-tan', 2025), version: 4 }
const communeItem = { pk: 'ORG#xa-son-tan', sk: 'ORG', id: 'xa-son-tan', kind: 'commune', name: 'Xã Sơn Tân', parentId: 'huyen-son-tay' }

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await failure(p)
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  return err as AppError
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code })),
    ...meta,
  })

const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code })

describe('transient DynamoDB failures become AppError("unavailable")', () => {
  const transient: [string, () => unknown][] = [
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'slow down', ...meta })],
    ['ThrottlingException', () => new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['RequestLimitExceeded', () => new RequestLimitExceeded({ message: 'account limit', ...meta })],
    ['InternalServerError', () => new InternalServerError({ message: 'oops', ...meta })],
    ['503 ServiceUnavailable', () => Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })],
    ['an unnamed 500', () => Object.assign(new Error('Internal'), { name: 'Unknown', $metadata: { httpStatusCode: 500 } })],
    ['TimeoutError', () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    ['ECONNREFUSED', () => networkError('ECONNREFUSED')],
    ['ECONNRESET', () => networkError('ECONNRESET')],
    ['a wrapped ETIMEDOUT', () => new Error('fetch failed', { cause: networkError('ETIMEDOUT') })],
  ]

  it.each(transient)('GetItem failing with %s', async (_name, make) => {
    ddb.on(GetCommand).rejects(make() as Error)
    const err = await expectAppError(store.users.getByUsername('canbo.sontan'), 'unavailable')
    expect(err.details).toMatchObject({ operation: 'users.getByUsername' })
  })

  it('Query (list children) throttled', async () => {
    ddb.on(QueryCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
    await expectAppError(store.orgUnits.listChildren('huyen-son-tay'), 'unavailable')
  })

  it('Query (rubric) throttled', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', ...meta }))
    await expectAppError(store.rubrics.get(2025), 'unavailable')
  })

  it('Put (org unit) with the connection refused', async () => {
    ddb.on(PutCommand).rejects(networkError('ECONNREFUSED'))
    await expectAppError(store.orgUnits.put({ id: 'x', kind: 'commune', name: 'X', parentId: 'y' }), 'unavailable')
  })

  it('a transaction cancelled by throttling is unavailable, not a username conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }],
        ...meta,
      }),
    )
    await expectAppError(store.users.put(user), 'unavailable')
  })

  it('an assessment save throttled on the write is unavailable, not a version conflict', async () => {
    ddb.on(GetCommand).resolves({ Item: communeItem })
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', ...meta }))
    await expectAppError(store.assessments.save(next, 3), 'unavailable')
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
  })

  it('an assessment save cancelled by throttling is unavailable, not a version conflict', async () => {
    ddb.on(GetCommand).resolves({ Item: communeItem })
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [ThrottlingError, None]',
        CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }],
        ...meta,
      }),
    )
    await expectAppError(store.assessments.save(next, 3), 'unavailable')
  })

  it('an assessment save cancelled by a concurrent transaction is tried again, then unavailable', async () => {
    ddb.on(GetCommand).resolves({ Item: communeItem })
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [TransactionConflict, None]',
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
        ...meta,
      }),
    )
    await expectAppError(store.assessments.save(next, 3), 'unavailable')
    expect(ddb.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1)
  })
})

describe('conditional failures keep their meaning', () => {
  it('a failed version check becomes version_conflict with the version read back', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' } }).resolves({ Item: communeItem })
    ddb.on(GetCommand, { Key: { pk: 'COMMUNE#xa-son-tan', sk: 'ASSESS#2025' } }).resolves({
      Item: { ...next, version: 7, pk: 'COMMUNE#xa-son-tan', sk: 'ASSESS#2025' },
    })
    // Issue 3: the assessment is saved in one transaction with its audit event (item 0 = the assessment).
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'))

    const err = await expectAppError(store.assessments.save(next, 3), 'version_conflict')
    expect(err.details).toEqual({ currentVersion: 7 })

    const [assessmentPut, eventPut] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!)
    // The dashboard counters (storage README, D2): the write also checks what the stored version counted; a
    // caller that passes no contributions guesses "the same as next" (a draft, in this unit).
    expect(assessmentPut!.ConditionExpression).toBe('#version = :expected AND statsUnit = :statsUnit AND stats = :stats AND attribute_not_exists(mergedInto)')
    expect(assessmentPut!.ExpressionAttributeValues).toEqual({ ':expected': 3, ':statsUnit': 'huyen-son-tay', ':stats': '[["s:draft",1]]' })
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
    expect(assessmentPut!.Item).toMatchObject({ gsi1pk: 'ASSESS#2025#huyen-son-tay', gsi1sk: 'draft#xa-son-tan', parentUnitId: 'huyen-son-tay' })
    expect(eventPut!.ConditionExpression).toBe('attribute_not_exists(pk)')
    expect(eventPut!.Item).toMatchObject({ pk: 'COMMUNE#xa-son-tan', sk: 'EVENT#2025#00000004', version: 4, action: 'edit', role: 'system' })
  })

  it('a cancelled transaction whose event already exists is a conflict, not a version conflict', async () => {
    ddb.on(GetCommand).resolves({ Item: communeItem })
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'))
    await expectAppError(store.assessments.save(next, 3), 'conflict')
  })

  it('expectedVersion 0 is written as attribute_not_exists', async () => {
    ddb.on(GetCommand).resolves({ Item: communeItem })
    ddb.on(TransactWriteCommand).resolves({})
    await store.assessments.save({ ...next, version: 1 }, 0)
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!
    const put = items[0]!.Put!
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)')
    expect(put.ExpressionAttributeValues).toBeUndefined()
    // A new form also checks, last, that the commune is still under the unit it is filed under (a move elsewhere).
    expect(items.at(-1)!.ConditionCheck).toMatchObject({ Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' }, ConditionExpression: 'parentId = :parent AND attribute_not_exists(retired)', ExpressionAttributeValues: { ':parent': 'huyen-son-tay' } })
  })

  it('a new form whose commune moved meanwhile is filed again under the unit read past the cache', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' } }).resolvesOnce({ Item: communeItem }).resolves({ Item: { ...communeItem, parentId: 'huyen-moi' } })
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'None', 'None', 'ConditionalCheckFailed')).resolves({})
    await store.assessments.save({ ...next, version: 1 }, 0)
    const calls = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!)
    expect(calls).toHaveLength(2)
    const [first, second] = calls
    expect(first!.length).toBe(4) // assessment, event, the new unit's draft counter, the unit check
    expect(second![0]!.Put!.Item).toMatchObject({ parentUnitId: 'huyen-moi', gsi1pk: 'ASSESS#2025#huyen-moi' })
    expect(second!.at(-1)!.ConditionCheck!.ExpressionAttributeValues).toEqual({ ':parent': 'huyen-moi' })
  })

  it('a new form for a commune merged away meanwhile is not_editable, naming the successor, and writes nothing', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' } }).resolvesOnce({ Item: communeItem }).resolves({ Item: { ...communeItem, retired: true, mergedInto: 'xa-moi' } })
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', 'ConditionalCheckFailed'))
    const err = await expectAppError(store.assessments.save({ ...next, version: 1 }, 0), 'not_editable')
    expect(err.details).toEqual({ retired: true, mergedInto: 'xa-moi' })
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
  })

  it('a save on a draft a merge took away is not_editable, naming the successor', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' } }).resolves({ Item: communeItem })
    ddb.on(GetCommand, { Key: { pk: 'COMMUNE#xa-son-tan', sk: 'ASSESS#2025' } }).resolves({
      Item: { version: 3, stats: '[]', statsUnit: 'huyen-son-tay', mergedInto: 'xa-moi' },
    })
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'))
    const err = await expectAppError(store.assessments.save(next, 3), 'not_editable')
    expect(err.details).toEqual({ retired: true, mergedInto: 'xa-moi' })
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
  })

  it('a version conflict whose re-read is throttled reports unavailable', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ORG#xa-son-tan', sk: 'ORG' } }).resolves({ Item: communeItem })
    ddb.on(GetCommand, { Key: { pk: 'COMMUNE#xa-son-tan', sk: 'ASSESS#2025' } }).rejects(
      new ThrottlingException({ message: 'Rate exceeded', ...meta }),
    )
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'))
    await expectAppError(store.assessments.save(next, 3), 'unavailable')
  })

  it('a cancelled user transaction names the taken username as conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        ...meta,
      }),
    )
    const err = await expectAppError(store.users.put(user), 'conflict')
    expect(err.details).toEqual({ username: 'canbo.sontan' })
  })
})

describe('everything else is not disguised as an outage', () => {
  it('passes a ValidationException through unchanged (a bug → internal)', async () => {
    const original = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } })
    ddb.on(GetCommand).rejects(original)
    expect(await failure(store.users.getByUsername('x'))).toBe(original)
  })

  it('passes ResourceNotFoundException (missing table: configuration) through unchanged', async () => {
    const original = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })
    ddb.on(QueryCommand).rejects(original)
    expect(await failure(store.orgUnits.listChildren('p'))).toBe(original)
  })
})
