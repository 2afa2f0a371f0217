import { emptyAssessment, type Assessment } from '../../../shared/assessment'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { reviewedRoster, type VillageReview } from '../../../shared/roster-review'
import { rosterSectionOf, validateRosterPatch } from '../../../shared/roster-validate'
import { sameValue } from '../../../shared/review'
import type { Village, VillagePatch } from '../../../shared/roster'
import type { Principal } from '../auth/token'
import type { Store } from '../storage/store'
import { commit, eventBy, rubricOf, type SavedAssessment } from '../assessments/service'
import { actorOf, assertTransition, assertVersion } from '../auth/workflow-guard'

/*
 * A reviewer adjusts one village's row with a reason, like an `adjusted` answer (docs/REVIEW.md): the row
 * replaces the officer's in the reviewed values (shared/roster-review.ts reviewedRoster), the derived indicators
 * are scored on it, and the audit trail records old → new under `rosterReviews.<villageId>`. Sending the
 * officer's own row back withdraws the adjustment. Same checks as an indicator review: role and status
 * (review_indicator), version, then the row against the year's rules — judged inside the reviewed roster.
 */

export type VillageReviewBody = { version: number; village: Village | null; reason: string }

export async function reviewVillage(
  store: Store,
  who: Principal,
  communeId: string,
  year: number,
  villageId: string,
  body: VillageReviewBody,
  now: Date,
): Promise<SavedAssessment> {
  const [stored, actor] = await Promise.all([store.assessments.get(communeId, year), actorOf(store, who)])
  const current = stored ?? emptyAssessment(communeId, year)
  const rubric = await rubricOf(store, current)
  assertTransition(actor.role, current, 'review_indicator')
  assertVersion(current, body.version)
  if (!rosterSectionOf(rubric))
    throw new AppError('invalid_answers', `The ${year} rubric has no village roster`, {
      fields: [issue('villageId', 'no_roster', `Năm ${year} không có danh sách thôn`, `roster: the ${year} rubric has no village roster`)],
    })
  const officerVillage = current.roster && Object.hasOwn(current.roster, villageId) ? current.roster[villageId] : undefined
  if (!officerVillage && body.village === null)
    throw new AppError('not_found', `No village "${villageId}" in the roster of ${communeId}/${year}`, {
      fields: [issue('villageId', 'unknown_village', `Không có thôn "${villageId}" trong danh sách của xã`, `No village "${villageId}" in the commune's roster`)],
    })

  if (body.village) {
    // Judged as the reviewed roster would be with this row in it (names unique, households within the commune's).
    const others = { ...reviewedRoster(current) }
    delete others[villageId]
    const { issues } = validateRosterPatch(rubric, others, { [villageId]: body.village as VillagePatch }, current.profile)
    const prefix = `roster.${villageId}`
    const renamed = issues.map((i) => ({ ...i, field: i.field.startsWith(prefix) ? `village${i.field.slice(prefix.length)}` : i.field }))
    if (renamed.length > 0) throw new AppError('invalid_answers', 'The adjusted row breaks the roster’s rules', { fields: renamed })
  }

  const previous = current.rosterReviews?.[villageId]
  const withdraw = sameValue(body.village ?? null, officerVillage ?? null)
  const review: VillageReview | undefined = withdraw
    ? undefined
    : {
        village: body.village,
        ...(officerVillage ? { officerVillage } : {}),
        reason: body.reason,
        by: actor.id,
        byName: actor.name,
        at: now.toISOString(),
      }
  if (!review && !previous)
    throw new AppError('conflict', 'This row is the officer’s own: there is no adjustment to make or withdraw', {
      details: { currentVersion: current.version },
    })
  const rosterReviews = { ...current.rosterReviews }
  if (review) rosterReviews[villageId] = review
  else delete rosterReviews[villageId]
  const next: Assessment = { ...current, rosterReviews, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: actor.id }
  return commit(
    store,
    rubric,
    current,
    next,
    eventBy(actor, now, 'review_indicator', {
      reason: body.reason,
      changes: [{ field: `rosterReviews.${villageId}`, from: previous ?? null, to: review ?? null }],
    }),
  )
}

const issue = (field: string, code: string, vi: string, en: string): FieldIssue => ({ field, code, message: { vi, en } })
