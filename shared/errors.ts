import type { Localized } from './i18n'

/** One problem with one field of a request, named by its dotted path (e.g. `answers.A3.1.numerator`). */
export type FieldIssue = {
  field: string
  code: string
  message: Localized
}

/** A field issue from its Vietnamese and English message: the one helper every validation builds issues with. */
export const fieldIssue = (field: string, code: string, vi: string, en: string): FieldIssue => ({ field, code, message: { vi, en } })

/**
 * Every expected failure has a stable code. The HTTP status of each code is decided here and only here,
 * so the server's error mapping and the browser's handling cannot drift apart.
 */
const STATUS = {
  validation: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** Logged in with a one-time password: only POST /api/auth/change-password is allowed. */
  password_change_required: 403,
  not_found: 404,
  version_conflict: 409,
  conflict: 409,
  not_editable: 409,
  invalid_transition: 409,
  /** Submitting after the survey year's deadline without an extension for the commune (shared/survey-year.ts). */
  deadline_passed: 409,
  invalid_answers: 422,
  incomplete: 422,
  not_eligible: 422,
  /** Approving while indicators are unreviewed or evidence requests are open (shared/workflow.ts checkApproval). */
  not_reviewed: 422,
  /** An uploaded or edited rubric that validateRubric refuses; `fields` names every problem by its JSON path. */
  invalid_rubric: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof STATUS

export const statusOf = (code: ErrorCode): number => STATUS[code]

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(STATUS, code)

export type ErrorBody = {
  error: {
    code: ErrorCode
    message: string
    fields?: FieldIssue[]
    details?: Record<string, unknown>
  }
}

/** The one error type for expected failures; anything else thrown is a bug and becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: FieldIssue[]
  readonly details?: Record<string, unknown>

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fields?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    if (opts.fields) this.fields = opts.fields
    if (opts.details) this.details = opts.details
  }

  get status(): number {
    return statusOf(this.code)
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    }
  }
}

/**
 * A write to the assessments of a commune that no longer exists (merged into another, or retired): the one answer,
 * whether the auth check (auth/scope.ts) or the stored draft (storage/assessments.ts, past a cached org unit) says so.
 */
export function communeRetiredError(communeId: string, mergedInto?: string): AppError {
  return new AppError(
    'not_editable',
    mergedInto ? `Commune "${communeId}" was merged into "${mergedInto}"; its assessments are read-only` : `Commune "${communeId}" is retired; its assessments are read-only`,
    { details: { retired: true, ...(mergedInto ? { mergedInto } : {}) } },
  )
}
