import { z } from 'zod'
import { Village, type Roster } from './roster'

/*
 * A reviewer's adjustment of one village's row (issue 13), the roster's counterpart of an `adjusted`
 * IndicatorReview. Stored on the assessment as `rosterReviews[villageId]`, apart from `reviews` (which is keyed by
 * indicator id and counted by the review progress and the approval rule: a village is not an indicator).
 *   village        the reviewed row, which replaces the officer's in the reviewed values; null = the reviewer
 *                  finds the village does not exist (it leaves the reviewed roster)
 *   officerVillage the officer's row the adjustment was made on (absent: the officer had no such village), so
 *                  a resubmission after the officer changed that row drops the adjustment, like a stale review
 *   reason, by, byName, at  as on every verdict
 * Pure and browser-safe: the reviewer's page computes the same reviewed roster as the server.
 */

export const VillageReview = z.object({
  village: Village.nullable(),
  officerVillage: Village.optional(),
  reason: z.string().max(2000),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
})
export type VillageReview = z.infer<typeof VillageReview>

export const RosterReviews = z.record(z.string(), VillageReview)
export type RosterReviews = z.infer<typeof RosterReviews>

/** Where a new year's roster was carried from (set on the version-0 draft and kept by its first save). */
export const RosterOrigin = z.object({
  year: z.number().int(),
  /** Last year's assessment version the roster was taken from, and its status then. */
  version: z.number().int(),
  status: z.string(),
  /** true: last year's reviewed roster (reviewer's adjustments in place); false: the officer's own rows. */
  reviewed: z.boolean(),
})
export type RosterOrigin = z.infer<typeof RosterOrigin>

/** The officer's roster with every reviewer's row in place (null rows removed): what the reviewed values score. */
export function reviewedRoster(assessment: { roster?: Roster | undefined; rosterReviews?: RosterReviews | undefined }): Roster | undefined {
  const reviews = assessment.rosterReviews
  if (!reviews || Object.keys(reviews).length === 0) return assessment.roster
  const out: Roster = { ...(assessment.roster ?? {}) }
  for (const [id, review] of Object.entries(reviews)) {
    if (review.village === null) delete out[id]
    else out[id] = review.village
  }
  return out
}

/**
 * Adjustments made on a row the officer has changed since (a resubmission after a return): like stale indicator
 * reviews, they no longer apply and are dropped at the resubmission.
 */
export function staleRosterReviewIds(assessment: { roster?: Roster | undefined; rosterReviews?: RosterReviews | undefined }): string[] {
  const roster = assessment.roster ?? {}
  return Object.entries(assessment.rosterReviews ?? {})
    .filter(([id, review]) => !sameRow(review.officerVillage, Object.hasOwn(roster, id) ? roster[id] : undefined))
    .map(([id]) => id)
}

function sameRow(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => sameRow((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
