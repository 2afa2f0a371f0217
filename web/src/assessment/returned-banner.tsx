import { Show } from 'solid-js'
import type { LastDecision } from '../api/contract'
import { fmtDateTime, t } from '../i18n'
import { useAssessment } from './context-assessment'
import { focusField } from './focus'
import { isFlagged } from './review-note'

/**
 * Shown while an assessment is `returned`: who returned it, their comment, how many indicators to look at,
 * and a button to the first one (in rubric order).
 */
export function ReturnedBanner(props: { decision: LastDecision | undefined }) {
  const m = useAssessment()
  const flagged = () => {
    const ids = m.rubric.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators.map((i) => i.id)))
    return ids.filter((id) => isFlagged(m.reviews()[id]?.decision) || (m.comments?.of(id).length ?? 0) > 0)
  }
  return (
    <div class="notice notice-warning returned-banner" role="status" data-testid="returned-banner">
      <h2 class="returned-title">{t('returnedTitle')}</h2>
      <Show when={props.decision}>
        {(d) => (
          <>
            <Show when={d().comment ?? d().reason}>
              {(c) => <p class="returned-comment">“{c()}”</p>}
            </Show>
            <p class="small">{t('returnedBy', { name: d().byName, date: fmtDateTime(d().at) })}</p>
          </>
        )}
      </Show>
      <Show when={flagged().length}>
        <p>{t('returnedCount', { n: flagged().length })}</p>
      </Show>
      <p>{t('returnedNext')}</p>
      <Show when={flagged()[0]}>
        {(first) => (
          <button type="button" class="btn btn-sm" onClick={() => focusField(`answers.${first()}`)}>
            {t('returnedGoFirst')} ({first()})
          </button>
        )}
      </Show>
    </div>
  )
}
