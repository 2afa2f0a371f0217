import type { ClientResponse } from 'hono/client'
import type { Answer } from '../../../shared/assessment'
import type { Score } from '../../../shared/scoring'
import { token } from '../auth'
import { baseUrl, call } from './client'
import type { AuditEvent, Comment, Decision, QueueItem, ReviewView, Saved, Status } from './contract'

// The review routes of docs/REVIEW.md. Interim plain fetch, parsed by the same `call` (errors, 401 handling)
// as the typed client; switched to hc<ApiType> calls once the routes are in ApiType.
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
  queue: (q: { year: number; unitId: string; status?: Status | undefined; cursor?: string | undefined; limit?: number }) => {
    const params = new URLSearchParams({ year: String(q.year), unitId: q.unitId })
    if (q.status) params.set('status', q.status)
    if (q.cursor) params.set('cursor', q.cursor)
    if (q.limit) params.set('limit', String(q.limit))
    return raw<{ items: QueueItem[]; nextCursor?: string }>('GET', `/review/queue?${params}`)
  },
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
