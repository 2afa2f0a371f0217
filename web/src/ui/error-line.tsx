import { Show } from 'solid-js'

/** A failure beside the control that caused it, read out as it appears (role="alert"); nothing when there is none. */
export function ErrorLine(props: { message: string | undefined; testId?: string }) {
  return (
    <Show when={props.message}>
      <p class="field-error" role="alert" data-testid={props.testId}>
        {props.message}
      </p>
    </Show>
  )
}
