import { Show } from 'solid-js'
import { useAssessment } from '../assessment/context-assessment'
import { tf } from '../i18n/field'
import { Notice } from '../ui/notice'

/** What the officer must know about this device's copy: damaged records skipped, no durable storage, offline start. */
export function DeviceNotices() {
  const m = useAssessment()
  return (
    <>
      <Show when={m.draft.corrupt().length}>
        {(n) => (
          <div data-testid="corrupt-notice">
            <Notice kind="error">{tf('corruptRecords', { n: n(), fields: m.draft.corrupt().map((k) => k.replace(/^(answers|profile)\./, '')).join(', ') })}</Notice>
          </div>
        )}
      </Show>
      <Show when={!m.draft.durable()}>
        <Notice kind="info">{tf('notDurable')}</Notice>
      </Show>
      <Show when={m.draft.fromDevice()}>
        <div data-testid="offline-copy">
          <Notice kind="info">{tf('offlineCopy')}</Notice>
        </div>
      </Show>
    </>
  )
}
