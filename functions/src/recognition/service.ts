import { emptyAssessment } from '../../../shared/assessment'
import { AppError, type FieldIssue } from '../../../shared/errors'
import type { AssessmentStatus } from '../../../shared/assessment'
import { assertCanRead } from '../auth/scope'
import type { Principal } from '../auth/token'
import { describeError, toAppError } from '../http/errors'
import type { Store } from '../storage/store'
import { rubricFor, rubricOf } from '../assessments/service'
import type { RecognitionsBody } from '../review/schemas'
import { applyDecision } from '../review/service'
import { actorOf } from '../auth/workflow-guard'

/*
 * POST /recognitions: the province's decision for many communes at once. Items are independent: each is its own
 * transaction with its own checks (scope, status, version, eligibility on reviewed values), and one failing
 * item never stops or undoes another. The whole request is refused (400, nothing written) only when the
 * request itself is malformed.
 */

export type RecognitionResult = {
  communeId: string
  ok: boolean
  status?: AssessmentStatus
  version?: number
  error?: { code: string; message: string; details?: Record<string, unknown> }
}

/** Parallel transactions per request: fast enough for a province's batch without a burst of throttling. */
const CONCURRENCY = 16

export async function recogniseMany(store: Store, who: Principal, body: RecognitionsBody, now: Date): Promise<{ results: RecognitionResult[] }> {
  if (who.role !== 'admin') throw new AppError('forbidden', 'Only the province’s administrators recognise communes')
  const seen = new Map<string, number>()
  const duplicates: FieldIssue[] = []
  body.items.forEach((item, i) => {
    if (seen.has(item.communeId))
      duplicates.push({
        field: `items.${i}.communeId`,
        code: 'duplicate',
        message: { vi: `Xã ${item.communeId} bị lặp`, en: `Commune ${item.communeId} is listed twice (first at items.${seen.get(item.communeId)})` },
      })
    else seen.set(item.communeId, i)
  })
  if (duplicates.length > 0) throw new AppError('validation', 'Each commune may appear once', { fields: duplicates })

  const [latest, actor] = await Promise.all([rubricFor(store, body.year), actorOf(store, who)])
  const decision = {
    ...(body.decisionNumber !== undefined ? { decisionNumber: body.decisionNumber } : {}),
    ...(body.decisionDate !== undefined ? { decisionDate: body.decisionDate } : {}),
  }
  const results: RecognitionResult[] = new Array(body.items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < body.items.length; i = next++) {
      const { communeId, version, decisionNumber, decisionDate } = body.items[i]!
      try {
        await assertCanRead(store, who, communeId)
        const current = (await store.assessments.get(communeId, body.year)) ?? emptyAssessment(communeId, body.year)
        // Each verdict by the rubric version that assessment was submitted with.
        const saved = await applyDecision(store, await rubricOf(store, current, latest), actor, current, 'recognise', { version, ...decision, ...(decisionNumber !== undefined ? { decisionNumber } : {}), ...(decisionDate !== undefined ? { decisionDate } : {}) }, now)
        results[i] = { communeId, ok: true, status: saved.assessment.status, version: saved.assessment.version }
      } catch (err) {
        results[i] = { communeId, ok: false, error: itemError(err) }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, body.items.length) }, worker))
  return { results }
}

function itemError(err: unknown): NonNullable<RecognitionResult['error']> {
  const appError = toAppError(err)
  if (!appError || appError.code === 'internal') {
    console.error(JSON.stringify({ level: 'error', msg: 'recognition item failed', error: describeError(err) }))
    return { code: 'internal', message: 'Internal server error' }
  }
  return { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) }
}
