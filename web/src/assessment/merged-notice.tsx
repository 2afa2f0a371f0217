import { Show } from 'solid-js'
import { fmtDateTime, t } from '../i18n'

/** The part of shared/merge.ts's MergeProvenance the page shows (the API returns it as `mergedFrom`). */
type MergedFrom = {
  at: string
  mode: 'merge' | 'keep'
  sources: { communeId: string; name: string }[]
  fields: Record<string, { rule: string; from: string[] }>
}

/**
 * On a commune formed by a merge: where its draft came from, and which answers differed between the merged communes
 * and were left for the officer to give again (the merge never guesses a yes/no or a choice).
 */
export function MergedNotice(props: { from: unknown }) {
  const from = () => (props.from && typeof props.from === 'object' && 'sources' in props.from ? (props.from as MergedFrom) : undefined)
  const conflicts = () =>
    Object.entries(from()?.fields ?? {})
      .filter(([, f]) => f.rule === 'conflict')
      .map(([field]) => field.replace(/^answers\./, ''))
  return (
    <Show when={from()}>
      {(m) => (
        <div class="notice notice-info" role="status" data-testid="merged-notice">
          <p>{t('mergedFrom', { names: m().sources.map((s) => s.name).join(', '), date: fmtDateTime(m().at) })}</p>
          <Show when={conflicts().length > 0}>
            <p data-testid="merged-conflicts">{t('mergedConflicts', { ids: conflicts().join(', ') })}</p>
          </Show>
        </div>
      )}
    </Show>
  )
}
