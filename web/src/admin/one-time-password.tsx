import { Show, createSignal } from 'solid-js'
import { ta } from '../i18n/admin'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'

export type OneTime = { username: string; name: string; password: string }

/**
 * A new account's (or a reset's) one-time password, shown once: it lives only in this dialog's state and is gone
 * when the dialog closes. Copy button, with the text selectable by hand where the clipboard is refused.
 */
export function OneTimePasswordDialog(props: { value: OneTime; onClose: () => void }) {
  const [copied, setCopied] = createSignal<'yes' | 'failed'>()
  let code!: HTMLElement
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value.password)
      setCopied('yes')
    } catch {
      // No clipboard (plain http, or refused): select the text so Ctrl+C / long-press works.
      const range = document.createRange()
      range.selectNodeContents(code)
      const sel = getSelection()
      sel?.removeAllRanges()
      sel?.addRange(range)
      setCopied('failed')
    }
  }
  return (
    <Dialog
      open
      onClose={props.onClose}
      title={ta('otpTitle')}
      footer={
        <button type="button" class="btn btn-primary" onClick={() => props.onClose()} data-testid="otp-done">
          {ta('otpDone')}
        </button>
      }
    >
      <p>{ta('otpFor', { username: props.value.username, name: props.value.name })}</p>
      <p class="adm-otp">
        <code ref={code} data-testid="otp">
          {props.value.password}
        </code>
        <button type="button" class="btn btn-sm" onClick={copy}>
          {ta('otpCopy')}
        </button>
      </p>
      <p class="small" role="status">
        {copied() === 'yes' ? ta('otpCopied') : copied() === 'failed' ? ta('otpCopyFailed') : ''}
      </p>
      <Notice kind="warning">{ta('otpWarning')}</Notice>
    </Dialog>
  )
}
