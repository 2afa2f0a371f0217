import { Show, Suspense, lazy } from 'solid-js'
import type { Answer } from '../../../shared/assessment'
import type { Indicator } from '../../../shared/rubric/schema'
import type { IndicatorScore } from '../../../shared/scoring'
import { describeValue } from '../assessment/describe'
import { answerKey } from '../assessment/values'
import { fmtDateTime, fmtNumber, fmtPercent, l, t } from '../i18n'
import { tr } from '../i18n/review'
import { CommentThread } from './comment-thread'
import { decisionLabel } from './decision-label'
import { ReviewControls } from './review-controls'
import type { ReviewModel } from './review-model'

// Its own chunk, shared with the officer's form: fetched when a review page first shows an indicator.
const EvidenceList = lazy(() => import('../evidence/evidence-list'))

function valueText(m: ReviewModel, ind: Indicator, answer: Answer | undefined, score: IndicatorScore | undefined) {
  if (!answer) return tr('reviewNotAnswered')
  const text = describeValue(m.rubric, answerKey(ind.id), answer)
  return ind.input.kind === 'ratio' && score?.value !== undefined ? `${text} (${fmtPercent(score.value)})` : text
}

/** One indicator side by side: the commune's answer, last year's approved value, what counts now, and the review. */
export function IndicatorReview(props: { model: ReviewModel; indicator: Indicator }) {
  const m = props.model
  const ind = props.indicator
  const id = ind.id
  const review = () => m.reviews()[id]
  const officer = () => m.officerScore().indicators[id]
  const counted = () => m.reviewedScore().indicators[id]
  const prev = () => m.previous.latest
  const threadCount = () => m.comments.of(id).length
  const canComment = () => m.allowed('comment')

  return (
    <article
      class="rv"
      id={`ind-${id}`}
      tabindex="-1"
      aria-labelledby={`rvh-${id}`}
      classList={{ [`rv-${review()?.decision ?? 'open'}`]: true }}
      data-testid={`rv-${id}`}
    >
      <header class="rv-head">
        <h3 id={`rvh-${id}`} class="rv-title">
          <span class="ind-id">{id}</span> {l(ind.label)}
          <Show when={ind.mandatory}>
            {' '}
            <span class="tag tag-mandatory">{t('mandatory')}</span>
          </Show>
        </h3>
        <span class={`rv-chip rv-chip-${review()?.decision ?? 'open'}`}>
          {review() ? decisionLabel(review()!.decision) : tr('decisionNone')}
        </span>
      </header>
      <dl class="rv-grid">
        <div class="rv-cell">
          <dt>{tr('reviewOfficer')}</dt>
          <dd data-testid={`rv-officer-${id}`}>{valueText(m, ind, m.assessment().answers[id], officer())}</dd>
          <dd class="small muted">{t('points', { points: fmtNumber(officer()?.points ?? 0), max: fmtNumber(officer()?.max ?? 0) })}</dd>
        </div>
        <div class="rv-cell">
          <dt>{tr('reviewLastYear')}</dt>
          <Show when={prev()} fallback={<dd class="muted small">{m.previous.loading ? t('loading') : tr('reviewNoLastYear')}</dd>}>
            {(p) => (
              <>
                <dd>{valueText(m, ind, p().answers[id], p().score.indicators[id])}</dd>
                <dd class="small muted">
                  {t('points', {
                    points: fmtNumber(p().score.indicators[id]?.points ?? 0),
                    max: fmtNumber(p().score.indicators[id]?.max ?? 0),
                  })}
                </dd>
              </>
            )}
          </Show>
        </div>
        <div class="rv-cell rv-cell-counted">
          <dt>{tr('reviewCounted')}</dt>
          <dd>
            {review()?.decision === 'adjusted'
              ? valueText(m, ind, review()!.answer, counted())
              : valueText(m, ind, m.assessment().answers[id], counted())}
          </dd>
          <dd class="small">
            <strong>{t('points', { points: fmtNumber(counted()?.points ?? 0), max: fmtNumber(counted()?.max ?? 0) })}</strong>{' '}
            <span class={`state ${counted()?.met ? 'st-met' : 'st-unmet'}`}>{counted()?.met ? t('met') : t('notMet')}</span>
          </dd>
        </div>
      </dl>
      <p class="hint evidence">
        <span class="hint-label">{t('evidence')}:</span> {l(ind.evidence)}
      </p>
      {/* The files the officer attached, beside the answer they support (read-only for reviewers and admins). */}
      <Suspense>
        <EvidenceList communeId={m.assessment().communeId} year={m.assessment().year} indicatorId={id} readOnly />
      </Suspense>
      <Show
        when={m.allowed('review_indicator')}
        fallback={
          <Show when={review()}>
            {(r) => (
              <p class="small rv-saved">
                <strong>{decisionLabel(r().decision)}</strong>
                <Show when={r().reason}> — {t('reviewReason', { reason: r().reason! })}</Show>{' '}
                <span class="muted">{t('reviewBy', { name: r().byName, date: fmtDateTime(r().at) })}</span>
              </p>
            )}
          </Show>
        }
      >
        <ReviewControls model={m} indicator={ind} />
      </Show>
      <Show when={threadCount() || canComment()}>
        <details class="rv-thread" open={threadCount() > 0}>
          <summary>{threadCount() ? tr('reviewCommentsN', { n: threadCount() }) : tr('reviewComments')}</summary>
          <CommentThread comments={m.comments} indicatorId={id} canPost={canComment()} idPrefix={`rv-${id}`} />
        </details>
      </Show>
    </article>
  )
}
