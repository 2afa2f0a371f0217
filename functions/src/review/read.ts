import { randomUUID } from 'node:crypto'
import { emptyAssessment, type Assessment, type AssessmentStatus } from '../../../shared/assessment'
import { AppError, fieldIssue, type FieldIssue } from '../../../shared/errors'
import { reviewedValues, type AuditEvent, type Comment } from '../../../shared/review'
import { indexRubric } from '../../../shared/rubric/walk'
import { scoreAssessment, type Score } from '../../../shared/scoring'
import { assertCanActOnUnit } from '../auth/scope'
import type { Principal } from '../auth/token'
import type { QueuePage, Store } from '../storage/store'
import { rubricFor, rubricOf } from '../assessments/service'
import { sortAndFilterQueue, type QueueSort } from '../../../shared/queue'
import { withAssignees } from './assignments'
import type { CommentBody } from './schemas'
import { actorOf, assertTransition } from '../auth/workflow-guard'

/*
 * The review pages' reads (queue, timeline, comments, last year) and the comment write. Commune scope is
 * checked by the route (auth/scope.ts); the queue's unit scope is checked here.
 */

/**
 * The review unit whose queue the caller may list: a reviewer their own (the default), an admin any unit
 * under their province (named explicitly). Who may is auth/scope.ts's one unit rule; an unknown id or a
 * commune is 404 here.
 */
export async function queueUnit(store: Store, who: Principal, unitId: string | undefined): Promise<string> {
  if (who.role === 'admin' && unitId === undefined)
    throw new AppError('validation', 'Name the review unit to list', {
      fields: [fieldIssue('unitId', 'required', 'Chọn đơn vị thẩm định', 'unitId is required for administrators')],
    })
  const unit = await assertCanActOnUnit(
    store,
    who,
    unitId,
    (_, id) => new AppError('not_found', `No review unit "${id}"`, { details: { unitId: id } }),
    'Only reviewers and administrators have a review queue',
  )
  return unit.id
}

export async function listQueue(
  store: Store,
  who: Principal,
  query: {
    year: number
    unitId?: string | undefined
    status?: AssessmentStatus | undefined
    cursor?: string | undefined
    limit: number
    q?: string | undefined
    sort?: QueueSort | undefined
    mine?: boolean | undefined
  },
  now: Date = new Date(),
): Promise<QueuePage> {
  const unitId = await queueUnit(store, who, query.unitId)
  // Sorted, searched or "mine": across the whole unit (bounded by its communes), paged by position in that order.
  if (query.q || query.sort || query.mine) {
    let rows = await withAssignees(store, query.year, unitId, await store.assessments.listQueueAll(query.year, unitId, query.status))
    if (query.mine) rows = rows.filter((r) => r.assignee?.id === who.id)
    rows = sortAndFilterQueue(rows, { q: query.q, sort: query.sort, now })
    const start = query.cursor ? offsetOf(query.cursor) : 0
    const end = start + query.limit
    return { items: rows.slice(start, end), ...(end < rows.length ? { nextCursor: `o${end}` } : {}), total: rows.length }
  }
  const page = await store.assessments.listQueue(query.year, unitId, {
    limit: query.limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  })
  return { ...page, items: await withAssignees(store, query.year, unitId, page.items) }
}

/** A sorted listing's cursor is `o<offset>`; anything else (a key cursor, a tampered one) is a 400 naming it. */
function offsetOf(cursor: string): number {
  const m = /^o(\d{1,6})$/.exec(cursor)
  if (!m)
    throw new AppError('validation', 'The paging cursor is not one this listing returned', {
      fields: [fieldIssue('cursor', 'invalid_cursor', 'Con trỏ phân trang không hợp lệ', 'Invalid paging cursor for this listing')],
    })
  return Number(m[1])
}

export async function timeline(store: Store, communeId: string, year: number): Promise<{ events: AuditEvent[] }> {
  return { events: await store.events.list(communeId, year) }
}

export async function listComments(store: Store, communeId: string, year: number): Promise<{ comments: Comment[] }> {
  return { comments: await store.comments.list(communeId, year) }
}

/**
 * A comment on the whole assessment or on one indicator; a reply joins its parent's thread (same indicator).
 * Written with its `comment` event; refused once the assessment is recognised.
 */
export async function addComment(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  body: CommentBody,
  now: Date,
): Promise<{ comment: Comment }> {
  const [rubric, stored, actor, existing] = await Promise.all([
    rubricFor(store, year),
    store.assessments.get(communeId, year),
    actorOf(store, who),
    body.replyTo !== undefined ? store.comments.list(communeId, year) : Promise.resolve([]),
  ])
  const current: Assessment = stored ?? emptyAssessment(communeId, year)
  assertTransition(actor.role, current, 'comment')

  let indicatorId = body.indicatorId
  if (body.replyTo !== undefined) {
    const parent = existing.find((c) => c.id === body.replyTo)
    if (!parent)
      throw new AppError('validation', `No comment "${body.replyTo}" on this assessment`, {
        fields: [fieldIssue('replyTo', 'unknown_comment', 'Không tìm thấy bình luận được trả lời', 'No such comment to reply to')],
      })
    if (indicatorId !== undefined && indicatorId !== parent.indicatorId)
      throw new AppError('validation', 'A reply belongs to its parent’s indicator', {
        fields: [fieldIssue('indicatorId', 'reply_mismatch', 'Trả lời phải cùng chỉ tiêu với bình luận gốc', 'A reply must be on its parent’s indicator')],
      })
    indicatorId = parent.indicatorId
  }
  if (indicatorId !== undefined && !indexRubric(rubric).indicators.has(indicatorId))
    throw new AppError('validation', `No indicator "${indicatorId}" in the ${year} rubric`, {
      fields: [fieldIssue('indicatorId', 'unknown_indicator', `Không có chỉ tiêu ${indicatorId}`, `Unknown indicator ${indicatorId}`)],
    })

  const at = now.toISOString()
  const comment: Comment = {
    id: randomUUID(),
    ...(indicatorId !== undefined ? { indicatorId } : {}),
    text: body.text,
    by: actor.id,
    byName: actor.name,
    role: actor.role,
    at,
    ...(body.replyTo !== undefined ? { replyTo: body.replyTo } : {}),
  }
  const event: AuditEvent = {
    communeId,
    year,
    version: current.version,
    at,
    by: actor.id,
    byName: actor.name,
    role: actor.role,
    action: 'comment',
    comment: body.text,
    ...(indicatorId !== undefined ? { indicatorId } : {}),
  }
  await store.comments.add(event, comment)
  return { comment }
}

/** Statuses in which last year's values count as approved, for the reviewer's side-by-side view. */
const APPROVED: readonly AssessmentStatus[] = ['district_approved', 'recognised']

/** Last year's assessment if it was approved; its score is of the reviewed values, i.e. what was approved. */
export async function previousYear(store: Store, communeId: string, year: number): Promise<{ assessment: Assessment; score: Score }> {
  const previous = await store.assessments.get(communeId, year - 1)
  if (!previous || !APPROVED.includes(previous.status))
    throw new AppError('not_found', `No approved ${year - 1} assessment for "${communeId}"`, { details: { year: year - 1 } })
  const rubric = await rubricOf(store, previous)
  return { assessment: previous, score: scoreAssessment(rubric, reviewedValues(previous)) }
}
