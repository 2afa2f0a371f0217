import { For, Show } from 'solid-js'
import { flattenIndicators } from '../../../shared/rubric/walk'
import { fmtNumber, l, t } from '../i18n'
import { tr } from '../i18n/review'
import type { ReviewModel } from './review-model'

/** The reviewed score (what recognition is judged on) beside the commune's own, and review progress. */
export function ReviewSummary(props: { model: ReviewModel }) {
  const m = props.model
  const s = () => m.reviewedScore()
  const ids = flattenIndicators(m.rubric).map((f) => f.indicator.id)
  const count = (d: string) => ids.filter((id) => m.reviews()[id]?.decision === d).length
  const done = () => ids.filter((id) => m.reviews()[id]).length
  return (
    <section class="rv-summary" aria-labelledby="rvs-title" data-testid="review-summary">
      <h2 id="rvs-title" class="sum-h">
        {tr('summaryReviewed')}
      </h2>
      <p class="rvs-total">
        <span class="sum-total-num" data-testid="reviewed-total">
          {fmtNumber(s().total)}
        </span>
        <span class="sum-total-max">{t('outOf', { max: fmtNumber(s().maxTotal) })}</span>
      </p>
      <p class="small muted">
        {tr('summaryOfficer')}: {fmtNumber(m.officerScore().total)}
      </p>
      <p class={`verdict-chip ${s().verdict.eligible ? 'ok' : 'bad'}`} data-testid="reviewed-verdict">
        {s().verdict.eligible ? tr('summaryEligible') : tr('summaryNotEligible')}
      </p>
      <Show when={s().verdict.failures.length}>
        <ul class="issue-list small">
          <For each={s().verdict.failures}>{(f) => <li>{l(f.message)}</li>}</For>
        </ul>
      </Show>
      <p class="small">{tr('reviewProgress', { done: done(), n: ids.length })}</p>
      <div class="bar" aria-hidden="true">
        <div class="bar-fill" style={{ width: `${(100 * done()) / Math.max(1, ids.length)}%` }} />
      </div>
      <ul class="pills">
        <Show when={count('adjusted')}>
          <li class="pill">{tr('summaryAdjusted', { n: count('adjusted') })}</li>
        </Show>
        <Show when={count('needs_evidence')}>
          <li class="pill pill-bad">{tr('summaryNeedsEvidence', { n: count('needs_evidence') })}</li>
        </Show>
      </ul>
    </section>
  )
}
