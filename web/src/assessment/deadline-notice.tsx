import { Show } from 'solid-js'
import { fmtDate, t } from '../i18n'
import { Notice } from '../ui/notice'
import { yearInfo } from '../years'

/**
 * The officer's submission window for this year (GET /api/years): the deadline, the commune's extension, or
 * that submitting has closed. Nothing when the year has no deadline (not opened as a survey year).
 */
export function submissionOf(year: number) {
  const window = yearInfo(year)?.submission
  if (!window) return undefined
  // The server computed `open` when the list was read; the page may stay open across the deadline.
  return { ...window, open: Date.now() <= Date.parse(window.closesAt) }
}

export function DeadlineNotice(props: { year: number }) {
  return (
    <Show when={submissionOf(props.year)}>
      {(w) => (
        <div data-testid="deadline">
          <Show
            when={w().open}
            fallback={<Notice kind="warning">{t('deadlineClosed', { year: props.year, date: fmtDate(w().extendedUntil ?? w().deadline) })}</Notice>}
          >
            <Show when={w().extendedUntil} fallback={<p class="muted small">{t('deadlineOpen', { year: props.year, date: fmtDate(w().deadline) })}</p>}>
              {(until) => <Notice kind="info">{t('deadlineExtended', { date: fmtDate(until()), deadline: fmtDate(w().deadline) })}</Notice>}
            </Show>
          </Show>
        </div>
      )}
    </Show>
  )
}
