import { For, Show, createSignal, type JSX } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import type { VerdictFailure } from '../../../shared/scoring'
import { ApiError } from '../api/client'
import { l } from '../i18n'
import { tr } from '../i18n/review'
import { ts } from '../i18n/season'
import { Dialog } from '../ui/dialog'
import { DialogActions } from '../ui/dialog-actions'
import { Notice } from '../ui/notice'
import { statusLabel } from './status'

export type ActionField = 'comment' | 'commentOptional' | 'reason' | 'decision'
export type ActionValues = { comment?: string; reason?: string; decisionNumber?: string; decisionDate?: string }

/**
 * The confirmation of one workflow step, with the text it needs (a comment, a reason, a decision number).
 * Errors stay in the dialog: 409 says the status moved on, 422 not_eligible lists the failing rules.
 */
export function ActionDialog(props: {
  open: boolean
  onClose: () => void
  title: string
  body?: JSX.Element
  field: ActionField
  confirmLabel: string
  danger?: boolean
  run: (values: ActionValues) => Promise<void>
  testId: string
  /** The step cannot be taken yet (the body says why): the confirm button is disabled. */
  blocked?: boolean
  /** Overrides the label of the reason/comment box (e.g. "why approve as not meeting"). */
  textLabel?: string
  /** The action's name for a refusal ("… may not <action>"); the confirm label by default. */
  actionName?: string
}) {
  const [text, setText] = createSignal('')
  const [number, setNumber] = createSignal('')
  const [date, setDate] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const [failures, setFailures] = createSignal<VerdictFailure[]>([])
  const [touched, setTouched] = createSignal(false)
  const required = () => props.field === 'comment' || props.field === 'reason'
  const missing = () => required() && !text().trim()
  const fieldId = `${props.testId}-text`

  const close = () => {
    if (busy()) return
    setError(undefined)
    setFailures([])
    setTouched(false)
    props.onClose()
  }

  const confirm = async () => {
    setTouched(true)
    if (missing()) return document.getElementById(fieldId)?.focus()
    setBusy(true)
    setError(undefined)
    setFailures([])
    const v = text().trim()
    try {
      await props.run(
        props.field === 'decision'
          ? { ...(number().trim() ? { decisionNumber: number().trim() } : {}), ...(date() ? { decisionDate: date() } : {}) }
          : props.field === 'reason'
            ? { reason: v }
            : v
              ? { comment: v }
              : {},
      )
      setText('')
      setNumber('')
      setDate('')
      setTouched(false)
      props.onClose()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_eligible') setFailures((e.details.failures as VerdictFailure[] | undefined) ?? [])
      // The server's field messages are sentences in both languages (e.g. not_reviewed, a missing reason).
      setError(
        errorMessage(e, {
          code: {
            not_eligible: tr('errNotEligible'),
            version_conflict: tr('errVersion'),
            invalid_transition: (e) => tr('errTransition', { status: statusLabel(String(e.details.status ?? '')) }),
          },
          status: { 403: ts('errForbiddenAction', { action: props.actionName ?? props.confirmLabel }) },
        }),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={props.open}
      onClose={close}
      title={props.title}
      footer={
        <DialogActions
          busy={busy()}
          onCancel={close}
          confirmLabel={props.confirmLabel}
          busyLabel={tr('working')}
          danger={props.danger}
          testId={props.testId}
          blocked={props.blocked}
          onConfirm={() => void confirm()}
        />
      }
    >
      <Show when={props.body}>{props.body}</Show>
      <Show
        when={props.field === 'decision'}
        fallback={
          <div class="field">
            <label for={fieldId}>
              {props.textLabel ?? (props.field === 'reason' ? tr('fieldReason') : props.field === 'comment' ? tr('fieldComment') : tr('fieldCommentOptional'))}
            </label>
            <textarea
              id={fieldId}
              class="input"
              rows="3"
              maxlength="2000"
              aria-required={required()}
              aria-invalid={touched() && missing()}
              aria-describedby={`${fieldId}-err`}
              value={text()}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <p id={`${fieldId}-err`} class="field-error" aria-live="polite">
              {touched() && missing() ? tr('required') : ''}
            </p>
          </div>
        }
      >
        <div class="field">
          <label for={`${props.testId}-number`}>{tr('fieldDecisionNumber')}</label>
          <input
            id={`${props.testId}-number`}
            class="input"
            maxlength="64"
            value={number()}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${props.testId}-date`}>{tr('fieldDecisionDate')}</label>
          <input id={`${props.testId}-date`} class="input" type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
        </div>
      </Show>
      <Show when={error()}>
        <Notice kind="error">
          <p>{error()}</p>
          <Show when={failures().length}>
            <ul class="issue-list" data-testid="not-eligible">
              <For each={failures()}>{(f) => <li>{f.message ? l(f.message) : f.rule}</li>}</For>
            </ul>
          </Show>
        </Notice>
      </Show>
    </Dialog>
  )
}
