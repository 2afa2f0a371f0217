import type { ClientResponse } from 'hono/client'
import type { Answer } from '../../../shared/assessment'
import type { Score } from '../../../shared/scoring'
import { token } from '../auth'
import { baseUrl, call, client } from './client'
import type { AuditEvent, Comment, Decision, ReviewView, Saved, Status } from './contract'

// The review routes of docs/REVIEW.md. The queue goes through the typed hc<ApiType> client. The routes under
// /communes/:c/assessments/:y are typed by the server with a `${string}` suffix that hc merges into every
// sibling, so they use plain fetch (same `call`: errors, 401 handling) typed by shared/ until that is fixed.
function raw<T>(method: string, path: string, body?: unknown) {
  return call(
    () =>
      fetch(`${baseUrl}/api${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(token() ? { Authorization: `Bearer ${token()}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }) as unknown as Promise<ClientResponse<T, 200, 'json'>>,
  )
}

const base = (communeId: string, year: number) => `/communes/${encodeURIComponent(communeId)}/assessments/${year}`

export const reviewApi = {
  queue: (q: { year: number; unitId: string; status?: Status | undefined; cursor?: string | undefined; limit?: number }) =>
    call(() =>
      client.api.review.queue.$get({
        query: {
          year: String(q.year),
          unitId: q.unitId,
          ...(q.status ? { status: q.status } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          ...(q.limit ? { limit: String(q.limit) } : {}),
        },
      }),
    ),
  view: (communeId: string, year: number) => raw<ReviewView>('GET', base(communeId, year)),
  previous: (communeId: string, year: number) =>
    raw<{ assessment: ReviewView['assessment']; score: Score }>('GET', `${base(communeId, year)}/previous`),
  review: (communeId: string, year: number, indicatorId: string, body: { version: number; decision: Decision; answer?: Answer; reason?: string }) =>
    raw<Saved>('POST', `${base(communeId, year)}/reviews/${encodeURIComponent(indicatorId)}`, body),
  transition: (
    communeId: string,
    year: number,
    action: 'return' | 'approve' | 'reject' | 'recognise' | 'not-recognise' | 'reopen',
    body: { version: number; comment?: string; reason?: string; decisionNumber?: string; decisionDate?: string },
  ) => raw<Saved>('POST', `${base(communeId, year)}/${action}`, body),
  timeline: (communeId: string, year: number) => raw<{ events: AuditEvent[] }>('GET', `${base(communeId, year)}/timeline`),
  comments: (communeId: string, year: number) => raw<{ comments: Comment[] }>('GET', `${base(communeId, year)}/comments`),
  comment: (communeId: string, year: number, body: { indicatorId?: string; text: string; replyTo?: string }) =>
    raw<{ comment: Comment }>('POST', `${base(communeId, year)}/comments`, body),
}
