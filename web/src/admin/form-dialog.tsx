import { Show, createSignal, type JSX } from 'solid-js'
import { ta } from '../i18n/admin'
import { Dialog } from '../ui/dialog'
import { DialogActions } from '../ui/dialog-actions'
import { Notice } from '../ui/notice'
import { adminProblem, type AdminProblem } from './errors'

/**
 * A dialog around one form: Enter submits, the confirm button shows progress, and a failure stays in the
 * dialog with the server's reason (the per-field messages go beside their inputs through `fieldError`).
 * The dialog closes only when `submit` succeeds.
 */
export function FormDialog(props: {
  open: boolean
  onClose: () => void
  title: string
  confirmLabel: string
  danger?: boolean
  wide?: boolean
  testId: string
  /** Checks done in the browser first: messages by field name stop the submit. */
  check?: () => Record<string, string> | undefined
  submit: () => Promise<void>
  children: (fieldError: (field: string) => string | undefined) => JSX.Element
}) {
  const [busy, setBusy] = createSignal(false)
  const [problem, setProblem] = createSignal<AdminProblem>()
  const formId = `${props.testId}-form`

  const close = () => {
    if (busy()) return
    setProblem(undefined)
    props.onClose()
  }

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault()
    const local = props.check?.()
    if (local && Object.keys(local).length > 0) {
      setProblem({ text: Object.values(local).join(' '), fields: local })
      return document.getElementById(`${props.testId}-${Object.keys(local)[0]}`)?.focus()
    }
    setBusy(true)
    setProblem(undefined)
    try {
      await props.submit()
      setBusy(false)
      close()
    } catch (err) {
      setProblem(adminProblem(err))
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={props.open}
      onClose={close}
      title={props.title}
      wide={props.wide}
      footer={
        <DialogActions
          busy={busy()}
          onCancel={close}
          confirmLabel={props.confirmLabel}
          busyLabel={ta('working')}
          danger={props.danger}
          testId={props.testId}
          form={formId}
        />
      }
    >
      <form id={formId} class="adm-form" onSubmit={onSubmit} novalidate>
        {props.children((field) => problem()?.fields[field])}
      </form>
      <Show when={problem()}>
        {(p) => (
          <Notice kind="error">
            <p data-testid={`${props.testId}-error`}>{p().text}</p>
          </Notice>
        )}
      </Show>
    </Dialog>
  )
}

/** A labelled text input with its hint and its error, tied together for screen readers. */
export function TextField(props: {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  error?: string | undefined
  hint?: string
  required?: boolean
  maxLength?: number
  autocomplete?: string
  spellcheck?: boolean
}) {
  const described = () => [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-err` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        class="input"
        value={props.value}
        maxlength={props.maxLength ?? 200}
        autocomplete={props.autocomplete ?? 'off'}
        spellcheck={props.spellcheck}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described()}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.hint}>
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-err`}>
          {props.error}
        </p>
      </Show>
    </div>
  )
}
