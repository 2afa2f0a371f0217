// The one place DynamoDB/SDK failures are classified. Repositories wrap every call with
// `dynamo(operation, fn)`; conditional-check failures are left for the caller, because only the
// repository knows what they mean (a stale version, a taken username, …).
import { AppError } from '../../../shared/errors'

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
  'TransactionConflictException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'RequestAbortedError',
  'AbortError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'NetworkingError',
])

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** Cancellation reasons that mean "try again later" rather than "your condition failed". */
const TRANSIENT_CANCELLATION_CODES = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict'])

type SdkLikeError = {
  name?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
  $retryable?: unknown
  CancellationReasons?: { Code?: string }[]
  cause?: unknown
}

export function isTransientDynamoError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false
  const e = err as SdkLikeError
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true
  if (e.code && (TRANSIENT_NODE_CODES.has(e.code) || TRANSIENT_NAMES.has(e.code))) return true
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && status >= 500) return true
  if (e.name === 'TransactionCanceledException' && e.CancellationReasons?.some((r) => r.Code && TRANSIENT_CANCELLATION_CODES.has(r.Code))) {
    return true
  }
  // Node wraps socket errors (AggregateError for happy-eyeballs, `cause` for fetch/undici).
  if (err instanceof AggregateError && err.errors.some((inner) => isTransientDynamoError(inner, depth + 1))) return true
  return isTransientDynamoError(e.cause, depth + 1)
}

export function isConditionalCheckFailed(err: unknown): boolean {
  return (err as SdkLikeError | undefined)?.name === 'ConditionalCheckFailedException'
}

/**
 * Index i of a cancelled transaction failed its condition. The SDK reports one reason per item,
 * in request order, with Code 'None' for the items that were fine.
 */
export function transactionConditionFailed(err: unknown, index: number): boolean {
  const e = err as SdkLikeError | undefined
  return e?.name === 'TransactionCanceledException' && e.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed'
}

/** A transaction cancelled only because another transaction held one of its items: worth another attempt. */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as SdkLikeError | undefined
  if (e?.name === 'TransactionConflictException') return true
  if (e?.name !== 'TransactionCanceledException') return false
  const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None')
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed')
}

/**
 * Turns infrastructure failures into AppError('unavailable') (HTTP 503, safe to retry) and
 * leaves everything else untouched: AppErrors already carry their meaning, and anything unknown
 * is a bug that should surface as `internal`, not be disguised as an outage.
 */
export function mapDynamoError(err: unknown, operation: string): unknown {
  if (err instanceof AppError) return err
  if (isTransientDynamoError(err)) {
    return new AppError('unavailable', `The database is temporarily unavailable (${operation}); please try again.`, {
      details: { operation, reason: (err as SdkLikeError).name ?? (err as SdkLikeError).code ?? 'unknown' },
      cause: err,
    })
  }
  return err
}

/** Runs one storage call and rethrows its failure through mapDynamoError. */
export async function dynamo<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw mapDynamoError(err, operation)
  }
}
