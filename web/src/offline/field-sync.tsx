import { Match, Switch } from 'solid-js'
import './offline.css'
import { useAssessment } from '../assessment/context-assessment'
import type { FieldKey } from '../assessment/values'
import { l } from '../i18n'
import { tf, type FieldMessageKey } from '../i18n/field'
import type { SendFailure } from './sync-state'

const WHY: Record<SendFailure['kind'], FieldMessageKey> = {
  offline: 'whyOffline',
  server: 'whyServer',
  auth: 'whyAuth',
  forbidden: 'whyForbidden',
  closed: 'whyClosed',
  conflict: 'whyConflict',
  invalid: 'whyInvalid',
  rejected: 'whyRejected',
}

export function reasonText(r: SendFailure): string {
  if (r.kind === 'rejected' && r.message) return l(r.message)
  return tf(WHY[r.kind], r.kind === 'server' ? { status: r.status } : undefined)
}

/** One field's journey to the server: on this device / sending / on the server / failed, why, and "send now". */
export function FieldSync(props: { field: FieldKey; label: string }) {
  const m = useAssessment()
  const st = () => m.draft.fieldState(props.field)
  return (
    <span class={`sync sync-${st().phase}`} data-testid={`sync-${props.field}`} data-phase={st().phase}>
      <Switch>
        <Match when={st().phase === 'local'}>{tf('syncLocal')}</Match>
        <Match when={st().phase === 'sending'}>{tf('syncSending')}</Match>
        <Match when={st().phase === 'server'}>{tf('syncServer')}</Match>
        <Match when={(() => { const s = st(); return s.phase === 'failed' ? s.reason : undefined })()}>
          {(r) => (
            <>
              <span class="sync-why">{tf('syncFailed', { reason: reasonText(r()) })}</span>
              <button
                type="button"
                class="linkish sync-now"
                aria-label={tf('syncSendNowLabel', { field: props.label })}
                onClick={() => void m.draft.retry()}
              >
                {tf('syncSendNow')}
              </button>
            </>
          )}
        </Match>
      </Switch>
    </span>
  )
}
