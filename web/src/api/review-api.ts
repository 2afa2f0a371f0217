import type { Answer } from '../../../shared/assessment'
import { call, client } from './client'
import type { Decision, Status } from './contract'

// The review routes of docs/REVIEW.md, through the typed hc<ApiType> client: every path, body and answer is
// checked against the server's routes at compile time. Errors and 401s are handled by `call` as everywhere.

const at = (communeId: string, year: number) => ({ communeId, year: String(year) })
const assessment = () => client.api.communes[':communeId'].assessments[':year']

export const reviewApi = {
  queue: (q: {
    year: number
    unitId: string
    status?: Status | undefined
    cursor?: string | undefined
    limit?: number
    sort?: 'commune' | 'name' | 'waiting' | 'score' | 'reviewed'
    q?: string
    mine?: boolean
  }) =>
    call(() =>
      client.api.review.queue.$get({
        query: {
          year: String(q.year),
          unitId: q.unitId,
          ...(q.status ? { status: q.status } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          ...(q.limit ? { limit: String(q.limit) } : {}),
          ...(q.sort ? { sort: q.sort } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.mine ? { mine: 'true' as const } : {}),
        },
      }),
    ),
  reviewers: (unitId: string) => call(() => client.api.review.reviewers.$get({ query: { unitId } })),
  assign: (year: number, communeId: string, reviewerId: string | null) =>
    call(() => client.api.review.assignments.$put({ json: { year, communeId, reviewerId } })),
  view: (communeId: string, year: number) => call(() => assessment().$get({ param: at(communeId, year) })),
  previous: (communeId: string, year: number) => call(() => assessment().previous.$get({ param: at(communeId, year) })),
  review: (communeId: string, year: number, indicatorId: string, body: { version: number; decision: Decision; answer?: Answer; reason?: string }) =>
    call(() =>
      assessment().reviews[':indicatorId'].$post({
        param: { ...at(communeId, year), indicatorId },
        // The server's body is a union per decision (reason required for adjusted and needs_evidence); the
        // review form enforces the same before sending.
        json: body as Parameters<ReturnType<typeof assessment>['reviews'][':indicatorId']['$post']>[0]['json'],
      }),
    ),
  /** Accepts every indicator without a verdict in one transaction (one audit event listing them). */
  acceptRemaining: (communeId: string, year: number, version: number) =>
    call(() => assessment().reviews['accept-remaining'].$post({ param: at(communeId, year), json: { version } })),
  transition: (
    communeId: string,
    year: number,
    action: 'return' | 'approve' | 'reject' | 'recognise' | 'not-recognise' | 'reopen',
    body: { version: number; comment?: string; reason?: string; decisionNumber?: string; decisionDate?: string; notMeeting?: boolean },
  ) => {
    const param = at(communeId, year)
    const a = assessment()
    switch (action) {
      case 'return':
        return call(() => a.return.$post({ param, json: { version: body.version, comment: body.comment ?? '' } }))
      case 'approve':
        return call(() =>
          a.approve.$post({
            param,
            json: {
              version: body.version,
              ...(body.comment ? { comment: body.comment } : {}),
              ...(body.notMeeting ? { notMeeting: true, reason: body.reason ?? '' } : {}),
            },
          }),
        )
      case 'reject':
        return call(() => a.reject.$post({ param, json: { version: body.version, reason: body.reason ?? '' } }))
      case 'recognise':
        return call(() =>
          a.recognise.$post({
            param,
            json: {
              version: body.version,
              ...(body.decisionNumber ? { decisionNumber: body.decisionNumber } : {}),
              ...(body.decisionDate ? { decisionDate: body.decisionDate } : {}),
            },
          }),
        )
      case 'not-recognise':
        return call(() => a['not-recognise'].$post({ param, json: { version: body.version, reason: body.reason ?? '' } }))
      case 'reopen':
        return call(() => a.reopen.$post({ param, json: { version: body.version, reason: body.reason ?? '' } }))
    }
  },
  timeline: (communeId: string, year: number) => call(() => assessment().timeline.$get({ param: at(communeId, year) })),
  comments: (communeId: string, year: number) => call(() => assessment().comments.$get({ param: at(communeId, year) })),
  comment: (communeId: string, year: number, body: { indicatorId?: string; text: string; replyTo?: string }) =>
    call(() => assessment().comments.$post({ param: at(communeId, year), json: body })),
}
