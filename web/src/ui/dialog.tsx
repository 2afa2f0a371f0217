import { createEffect, onCleanup, type JSX } from 'solid-js'

/**
 * A modal built on the native <dialog>: showModal() gives focus trapping, Escape and an inert background
 * for free (no dialog library in the bundle). Closing by Escape calls onClose so state stays in sync.
 */
export function Dialog(props: {
  open: boolean
  onClose: () => void
  title: string
  children: JSX.Element
  footer?: JSX.Element
  wide?: boolean
}) {
  let el!: HTMLDialogElement
  const titleId = `dlg-${Math.random().toString(36).slice(2, 8)}`
  createEffect(() => {
    if (props.open && !el.open) el.showModal()
    if (!props.open && el.open) el.close()
  })
  onCleanup(() => el?.open && el.close())
  return (
    <dialog
      ref={el}
      class={props.wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <h2 id={titleId} class="dialog-title">
        {props.title}
      </h2>
      <div class="dialog-body">{props.children}</div>
      {props.footer && <div class="dialog-foot">{props.footer}</div>}
    </dialog>
  )
}
