import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import { AppError, type ErrorBody, type FieldIssue } from '../../../shared/errors'

/** Seconds a client should wait before retrying when DynamoDB is throttling or unreachable. */
export const RETRY_AFTER_SECONDS = 2

// AWS SDK errors are recognised by name so this layer needs no SDK import; storage may already
// have turned them into AppError, this is the backstop so they never surface as a 500.
const TRANSIENT_AWS_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'LimitExceededException',
])
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND'])
const TRANSIENT_CANCELLATION_REASONS = new Set(['ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'])

type AwsLikeError = {
  name?: unknown
  code?: unknown
  $retryable?: unknown
  CancellationReasons?: Array<{ Code?: string }>
}

/** Turns anything thrown into the AppError the client will see; undefined means "a bug: internal". */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err
  if (err instanceof ZodError) return new AppError('validation', 'Invalid request', { fields: zodFields(err) })
  if (err instanceof HTTPException) {
    // Hono throws these itself: malformed JSON (400), unsupported media type (415), …
    if (err.status === 401) return new AppError('unauthenticated', err.message || 'Not logged in')
    if (err.status === 403) return new AppError('forbidden', err.message || 'Forbidden')
    if (err.status === 404) return new AppError('not_found', err.message || 'Not found')
    if (err.status >= 400 && err.status < 500) return new AppError('bad_request', err.message || 'Bad request')
    return undefined
  }
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as AwsLikeError
  const name = typeof e.name === 'string' ? e.name : ''
  if (name === 'TransactionCanceledException') {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? '')
    if (codes.some((c) => TRANSIENT_CANCELLATION_REASONS.has(c))) return unavailable(err)
    return new AppError('conflict', 'The record was changed by someone else; reload and try again', { cause: err })
  }
  if (name === 'ConditionalCheckFailedException') {
    return new AppError('conflict', 'The record was changed by someone else; reload and try again', { cause: err })
  }
  if (TRANSIENT_AWS_ERRORS.has(name)) return unavailable(err)
  if (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) return unavailable(err)
  return undefined
}

function unavailable(cause: unknown): AppError {
  return new AppError('unavailable', 'The service is busy; please retry shortly', {
    details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
    cause,
  })
}

export const onError: ErrorHandler = (err, c) => {
  const appError = toAppError(err)
  if (!appError || appError.code === 'internal') {
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', method: c.req.method, path: c.req.path, error: describeError(err) }))
    const body: ErrorBody = { error: { code: 'internal', message: 'Internal server error' } }
    return c.json(body, 500)
  }
  if (appError.code === 'unavailable' || appError.code === 'rate_limited') {
    if (appError.code === 'unavailable')
      console.warn(JSON.stringify({ level: 'warn', msg: 'unavailable', method: c.req.method, path: c.req.path, error: describeError(appError.cause ?? appError) }))
    const retry = appError.details?.retryAfterSeconds
    c.header('Retry-After', String(typeof retry === 'number' && retry > 0 ? Math.ceil(retry) : RETRY_AFTER_SECONDS))
  }
  return c.json(appError.toBody(), appError.status as ContentfulStatusCode)
}

export const notFound: NotFoundHandler = (c) => {
  const body: ErrorBody = { error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }
  return c.json(body, 404)
}

/**
 * defaultHook for every OpenAPI route: request-validation failures become a 400 naming each bad field.
 * Throwing (rather than returning a response) keeps onError the only place errors become HTTP.
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError; target: string }, _c: Context): void {
  if (result.success) return
  throw new AppError('validation', 'Invalid request', { fields: zodFields(result.error, result.target) })
}

export function zodFields(error: ZodError, target?: string): FieldIssue[] {
  const fields: FieldIssue[] = []
  for (const issue of error.issues) {
    const base = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.push(fieldIssue([...base, key], 'unrecognized_key', 'Trường không được phép', `Unknown field "${key}"`, target))
      continue
    }
    // A check that states its own reason in both languages (shared/roster.ts insideVietnam) keeps it.
    const own = issue.code === 'custom' ? ownReason(issue.params) : undefined
    if (own) fields.push(fieldIssue(base, own.code, own.vi, own.en, target))
    else fields.push(fieldIssue(base, issue.code, viMessage(issue.code), issue.message, target))
  }
  return fields
}

function fieldIssue(path: string[], code: string, vi: string, en: string, target?: string): FieldIssue {
  // Body fields are named by their own path (`answers.A3.1.numerator`); path/query params by their name.
  const field = path.length > 0 ? path.join('.') : target === 'json' || target === undefined ? 'body' : target
  return { field, code, message: { vi, en } }
}

function ownReason(params: unknown): { code: string; vi: string; en: string } | undefined {
  if (typeof params !== 'object' || params === null) return undefined
  const { code, vi, en } = params as Record<string, unknown>
  return typeof code === 'string' && typeof vi === 'string' && typeof en === 'string' ? { code, vi, en } : undefined
}

function viMessage(code: string): string {
  switch (code) {
    case 'invalid_type':
      return 'Sai kiểu dữ liệu hoặc thiếu giá trị'
    case 'too_small':
      return 'Giá trị quá nhỏ hoặc quá ngắn'
    case 'too_big':
      return 'Giá trị quá lớn hoặc quá dài'
    case 'invalid_format':
      return 'Sai định dạng'
    case 'not_multiple_of':
      return 'Phải là số nguyên'
    case 'invalid_value':
      return 'Giá trị không được chấp nhận'
    default:
      return 'Giá trị không hợp lệ'
  }
}

/** An error as a log line can hold it (an Error's own fields are not enumerable). */
export function describeError(err: unknown): unknown {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack }
  return err
}
