import type { JSX } from 'solid-js'

/** A message box. Errors are `role="alert"` so they are read out as soon as they appear. */
export function Notice(props: { kind: 'info' | 'success' | 'error' | 'warning'; children: JSX.Element; id?: string }) {
  return (
    <div id={props.id} class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}
