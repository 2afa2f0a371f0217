import { Show } from 'solid-js'
import { fmtDateTime } from '../i18n'
import { to } from '../i18n/officer'
import { useAssessment } from './context-assessment'
import { describeField } from './describe'

/** Says who changed which fields from another device or account, and when; those fields are already updated. */
export function RemoteNotice() {
  const m = useAssessment()
  return (
    <Show when={m.draft.remote()}>
      {(r) => (
        <div class="notice notice-info remote-notice" role="status" data-testid="remote-notice">
          <p>
            {to('remoteChanged', {
              who: r().by ?? to('remoteSomeone'),
              fields: r()
                .keys.map((k) => describeField(m.rubric, k, r().roster))
                .join('; '),
              when: r().at ? fmtDateTime(r().at!) : '—',
            })}
          </p>
          <button type="button" class="btn btn-ghost btn-small" onClick={() => m.draft.dismissRemote()}>
            {to('remoteDismiss')}
          </button>
        </div>
      )}
    </Show>
  )
}
