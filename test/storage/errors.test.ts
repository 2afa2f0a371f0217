import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { dynamo, isTransientDynamoError, mapDynamoError, transactionConditionFailed } from '../../functions/src/storage/errors'

describe('mapDynamoError', () => {
  it('keeps an AppError as it is', () => {
    const err = new AppError('not_found', 'x')
    expect(mapDynamoError(err, 'op')).toBe(err)
  })

  it('wraps a throttle with the operation and the original as cause', () => {
    const original = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    const mapped = mapDynamoError(original, 'orgUnits.get') as AppError
    expect(mapped).toBeInstanceOf(AppError)
    expect(mapped.code).toBe('unavailable')
    expect(mapped.status).toBe(503)
    expect(mapped.details).toEqual({ operation: 'orgUnits.get', reason: 'ThrottlingException' })
    expect(mapped.cause).toBe(original)
  })

  it('recognises socket errors inside an AggregateError (Node happy-eyeballs)', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:8000'), { code: 'ECONNREFUSED' })
    expect(isTransientDynamoError(new AggregateError([inner], 'all failed'))).toBe(true)
  })

  it('does not treat a conditional failure or a plain bug as transient', () => {
    expect(isTransientDynamoError(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }))).toBe(false)
    expect(isTransientDynamoError(new TypeError('undefined is not a function'))).toBe(false)
    expect(isTransientDynamoError(undefined)).toBe(false)
  })

  it('reads which transaction item failed its condition', () => {
    const err = { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }
    expect(transactionConditionFailed(err, 0)).toBe(false)
    expect(transactionConditionFailed(err, 1)).toBe(true)
  })

  it('dynamo() returns the value and rethrows mapped failures', async () => {
    expect(await dynamo('op', async () => 42)).toBe(42)
    const thrown = await dynamo('op', async () => {
      throw Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    }).catch((e: unknown) => e)
    expect((thrown as AppError).code).toBe('unavailable')
  })
})
