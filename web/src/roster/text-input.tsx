import { createEffect, createSignal, on } from 'solid-js'

/**
 * A text box that keeps exactly what is typed (the cursor never jumps, a trailing space survives) and reports
 * the trimmed text, or null when emptied. An outside change (another device, a conflict choice) replaces the
 * text unless it already reads as that value.
 */
export function TextInput(props: {
  id: string
  value: string | undefined
  onValue: (value: string | null) => void
  multiline?: boolean
  maxLength: number
  disabled?: boolean
  invalid?: boolean
  describedBy?: string
  placeholder?: string
}) {
  const [text, setText] = createSignal(props.value ?? '')
  createEffect(
    on(
      () => props.value,
      (v) => {
        if ((text().trim() || undefined) !== (v || undefined)) setText(v ?? '')
      },
      { defer: true },
    ),
  )
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    setText(e.currentTarget.value)
    props.onValue(e.currentTarget.value.trim() || null)
  }
  const common = () => ({
    id: props.id,
    class: 'input',
    maxLength: props.maxLength,
    disabled: props.disabled,
    'aria-invalid': props.invalid ? ('true' as const) : undefined,
    'aria-describedby': props.describedBy,
    placeholder: props.placeholder,
  })
  return props.multiline ? (
    <textarea {...common()} rows={2} value={text()} onInput={onInput} />
  ) : (
    <input {...common()} type="text" autocomplete="off" value={text()} onInput={onInput} />
  )
}
