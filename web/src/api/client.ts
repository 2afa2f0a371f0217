import { hc, type ClientResponse } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
// Type-only: the browser bundle never contains server code; the compiler checks every call against the routes.
import type { ApiType } from '../../../functions/src/app'
import type { FieldIssue } from '../../../shared/errors'
import { recordedRubricVersion, type AssessmentPatch } from '../../../shared/assessment'
import { token } from '../auth'

/** One failed API call: the server's `{error:{code,message,fields}}`, or code `network` when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    /** e.g. `failures` of a 422 not_eligible, `allowed` of a 409 invalid_transition */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
  get isNetwork() {
    return this.status === 0 || this.status >= 500
  }
}

let onUnauthorized: () => void = () => {}
/** The app decides what a 401 means (back to the login page, keeping unsent edits). */
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn
}

// Deployed, the API is its own origin (VITE_API_URL, baked in at build time); locally it is same-origin.
export const baseUrl = import.meta.env.VITE_API_URL?.replace(/\/+$/, '') || location.origin
export const client = hc<ApiType>(baseUrl, {
  headers: (): Record<string, string> => {
    const tk = token()
    return tk ? { Authorization: `Bearer ${tk}` } : {}
  },
})

type Ok<R> = R extends ClientResponse<infer T, infer S, 'json'> ? (S extends SuccessStatusCode ? T : never) : never

export async function call<R extends ClientResponse<unknown, number, 'json'>>(
  request: () => Promise<R>,
  opts: { login?: boolean } = {},
): Promise<Ok<R>> {
  let res: R
  try {
    res = await request()
  } catch {
    throw new ApiError(0, 'network', 'network error')
  }
  if (res.ok) return (await res.json()) as Ok<R>
  let body: { error?: { code?: string; message?: string; fields?: FieldIssue[]; details?: Record<string, unknown> } } | undefined
  try {
    body = (await res.json()) as typeof body
  } catch {
    /* a proxy's HTML error page: keep the status only */
  }
  const err = new ApiError(
    res.status,
    body?.error?.code ?? `http_${res.status}`,
    body?.error?.message ?? res.statusText,
    body?.error?.fields ?? [],
    body?.error?.details ?? {},
  )
  if (res.status === 401 && !opts.login) onUnauthorized()
  throw err
}

export const api = {
  login: (username: string, password: string) => call(() => client.api.auth.login.$post({ json: { username, password } }), { login: true }),
  /** With the limited token of a one-time-password login: the only call it allows. */
  changePassword: (limitedToken: string, currentPassword: string, newPassword: string) =>
    call(
      () =>
        client.api.auth['change-password'].$post(
          { json: { currentPassword, newPassword } },
          { headers: { Authorization: `Bearer ${limitedToken}` } },
        ),
      { login: true },
    ),
  me: () => call(() => client.api.me.$get()),
  logout: () => call(() => client.api.auth.logout.$post(), { login: true }),
  /** Open survey years, newest first; officers get their own submission window (deadline, extension). */
  years: () => call(() => client.api.years.$get()),
  rubric: (year: number, version?: number) =>
    call(() => client.api.rubrics[':year'].$get({ param: { year: String(year) }, query: version ? { version: String(version) } : {} })),
  /**
   * The rubric that scores this assessment, like the server's rubricOf: the version a submitted assessment
   * records, else `latest` (the year's current version, already loaded). If that version cannot be read
   * (offline and never cached), the latest is used rather than failing the page.
   */
  rubricOf: async <R extends { version: number }>(year: number, assessment: Parameters<typeof recordedRubricVersion>[0], latest: R): Promise<R> => {
    const version = recordedRubricVersion(assessment)
    if (version === undefined || version === latest.version) return latest
    return ((await api.rubric(year, version).catch(() => undefined)) as R | undefined) ?? latest
  },
  assessment: (communeId: string, year: number) =>
    call(() =>
      client.api.communes[':communeId'].assessments[':year'].$get({ param: { communeId, year: String(year) } }),
    ),
  patch: (communeId: string, year: number, patch: AssessmentPatch) =>
    call(() =>
      client.api.communes[':communeId'].assessments[':year'].$patch({
        param: { communeId, year: String(year) },
        json: patch,
      }),
    ),
  submit: (communeId: string, year: number, version: number) =>
    call(() =>
      client.api.communes[':communeId'].assessments[':year'].submit.$post({
        param: { communeId, year: String(year) },
        json: { version },
      }),
    ),
}

export type LoginResult = Awaited<ReturnType<typeof api.login>>
export type Me = Awaited<ReturnType<typeof api.me>>
export type PublicYear = Awaited<ReturnType<typeof api.years>>['years'][number]
