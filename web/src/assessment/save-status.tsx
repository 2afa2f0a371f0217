import { Match, Switch } from 'solid-js'
import { t } from '../i18n'
import { to } from '../i18n/officer'
import type { Draft } from './draft'

/** The autosave state, announced politely; a failed save is itself the retry button. */
export function SaveStatus(props: { draft: Draft }) {
  const d = props.draft
  return (
    <div class={`save save-${d.status()}`} role="status" aria-live="polite" data-testid="save-status">
      <span class="save-dot" aria-hidden="true" />
      <Switch>
        <Match when={d.status() === 'saved'}>{t('saveSaved')}</Match>
        <Match when={d.status() === 'saving'}>{t('saveSaving')}</Match>
        <Match when={d.status() === 'offline'}>
          {/* One calm state for everything typed offline: how many changes wait on this device. */}
          <button type="button" class="linkish" onClick={() => void d.retry()}>
            {d.pendingCount() ? to('savePending', { n: d.pendingCount() }) : to('savePendingNone')}
          </button>
        </Match>
        <Match when={d.status() === 'failed'}>
          <button type="button" class="linkish" onClick={() => void d.retry()}>
            {t('saveFailed')}
          </button>
        </Match>
        <Match when={d.status() === 'conflict'}>{to('saveConflict')}</Match>
        <Match when={d.status() === 'rejected'}>{t('saveRejected')}</Match>
      </Switch>
    </div>
  )
}
