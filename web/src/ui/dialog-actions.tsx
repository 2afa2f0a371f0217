import { t } from '../i18n'

/**
 * A dialog's footer: Cancel, then the one confirm button (danger-red or primary) that shows progress. Both are
 * disabled while the request runs, so a second tap on a slow line cannot send it twice or close mid-request.
 * The confirm button either submits the dialog's form (`form`, so Enter in a field does the same) or calls
 * `onConfirm`.
 */
export function DialogActions(props: {
  busy: boolean
  onCancel: () => void
  confirmLabel: string
  busyLabel: string
  danger?: boolean
  testId: string
  /** The step cannot be taken yet (the dialog says why). */
  blocked?: boolean
  form?: string
  onConfirm?: () => void
}) {
  return (
    <>
      <button type="button" class="btn btn-ghost" disabled={props.busy} onClick={() => props.onCancel()}>
        {t('cancel')}
      </button>
      <button
        type={props.form ? 'submit' : 'button'}
        form={props.form}
        class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
        disabled={props.busy || props.blocked}
        onClick={() => props.onConfirm?.()}
        data-testid={`${props.testId}-confirm`}
      >
        {props.busy ? props.busyLabel : props.confirmLabel}
      </button>
    </>
  )
}
