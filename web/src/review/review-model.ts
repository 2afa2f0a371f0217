import { createMemo, createResource, createSignal } from 'solid-js'
import type { Answer } from '../../../shared/assessment'
import { reviewedAnswers } from '../../../shared/review'
import type { Rubric } from '../../../shared/rubric/schema'
import { scoreAssessment, type Score } from '../../../shared/scoring'
import { flattenIndicators } from '../../../shared/rubric/walk'
import { approvalReadiness } from '../../../shared/workflow'
import { ApiError } from '../api/client'
import type { Action, Decision, IndicatorReview, ReviewView } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { createComments } from './comments'

export type ReviewAssessment = ReviewView['assessment']
export type TransitionAction = 'return' | 'approve' | 'reject' | 'recognise' | 'not-recognise' | 'reopen'

/**
 * One assessment as a reviewer or administrator sees it. Both scores are recomputed here with the same
 * scoreAssessment the server uses, so a saved review moves the reviewed total without another round trip.
 */
export function createReviewModel(opts: { communeId: string; year: number; rubric: Rubric; view: ReviewView }) {
  const { communeId, year, rubric } = opts
  const [view, setView] = createSignal<ReviewView>(opts.view)
  const assessment = () => view().assessment
  const reviews = (): Record<string, IndicatorReview> => assessment().reviews ?? {}
  const allowed = (a: Action) => (view().allowedActions ?? []).includes(a)

  // The review desk shows totals, verdicts and their reasons, never the officer's "what would meet it" list: no advice.
  const officerScore = createMemo<Score>(() => scoreAssessment(rubric, assessment(), { advice: false }))
  const reviewedScore = createMemo<Score>(() =>
    scoreAssessment(
      rubric,
      { profile: assessment().profile, answers: reviewedAnswers({ answers: assessment().answers, reviews: reviews() }), roster: assessment().roster },
      { advice: false },
    ),
  )

  // Last year's approved figures: 404 (none approved) is a normal answer, shown as "none".
  const [previous] = createResource(async () => {
    try {
      const p = await reviewApi.previous(communeId, year)
      return { answers: reviewedAnswers(p.assessment), score: p.score }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }
  })

  const comments = createComments(communeId, year)

  async function reload() {
    setView(await reviewApi.view(communeId, year))
  }

  /** Saves one indicator's decision; the answer is the server's new copy (its reviews included). */
  async function saveReview(indicatorId: string, body: { decision: Decision; answer?: Answer; reason?: string }) {
    try {
      const res = await reviewApi.review(communeId, year, indicatorId, { version: assessment().version, ...body })
      setView((v) => ({ ...v, assessment: res.assessment }))
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await reload().catch(() => undefined)
      throw e
    }
  }

  /** Accepts every indicator still without a verdict (one request, one transaction); returns how many. */
  async function acceptRemaining(): Promise<number> {
    try {
      const res = await reviewApi.acceptRemaining(communeId, year, assessment().version)
      setView((v) => ({ ...v, assessment: res.assessment }))
      return res.accepted.length
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await reload().catch(() => undefined)
      throw e
    }
  }

  /** Indicators of the rubric, in order, and where approval stands (shared/workflow.ts). */
  const indicatorIds = flattenIndicators(rubric).map((f) => f.indicator.id)
  const readiness = createMemo(() => approvalReadiness(indicatorIds, reviews()))

  /** A workflow step; the view is reloaded after it so the allowed actions follow the new status. */
  async function transition(action: TransitionAction, body: { comment?: string; reason?: string; decisionNumber?: string; decisionDate?: string; notMeeting?: boolean }) {
    try {
      await reviewApi.transition(communeId, year, action, { version: assessment().version, ...body })
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await reload().catch(() => undefined)
      throw e
    }
    await reload()
  }

  return {
    communeId,
    year,
    rubric,
    view,
    assessment,
    reviews,
    allowed,
    officerScore,
    reviewedScore,
    previous,
    comments,
    saveReview,
    acceptRemaining,
    indicatorIds,
    readiness,
    transition,
    reload,
  }
}

export type ReviewModel = ReturnType<typeof createReviewModel>
