import { Show, createEffect, createSignal, on, onCleanup } from 'solid-js'
import type { Localized } from '../../../shared/i18n'
import { WHOLE, formatNumber, parseField } from '../../../shared/number'
import { l } from '../i18n'

/** A whole number as the officer types it, or undefined when the text is not one (see shared/number.ts). */
export function parseWhole(text: string): number | null | undefined {
  const r = parseField(text, WHOLE)
  return r.ok ? r.value : undefined
}

/**
 * A whole-number box that keeps exactly what the officer typed (so the cursor never jumps) and reports a
 * number, or null when emptied. It reads numbers with the product's one parser (shared/number.ts): "1.200",
 * "1 200" and "1200" are 1200; "1,500" is refused with the reason, and while the box shows a reason nothing is
 * reported, and `onError` tells the form to hold the field (nothing is saved that the box does not show).
 * type="text" + inputmode="numeric" gives the phone's digit keypad without type="number"'s scroll-wheel
 * and locale quirks.
 */
export function NumberInput(props: {
  id: string
  value: number | undefined
  onValue: (value: number | null) => void
  /** The reason the text is not a whole number, or undefined once it is one again. */
  onError?: (reason: Localized | undefined) => void
  unit?: string
  disabled?: boolean
  invalid?: boolean
  describedBy?: string
  label?: string
}) {
  const [text, setText] = createSignal(props.value === undefined ? '' : formatNumber(props.value))
  const [bad, setBad] = createSignal<Localized>()
  const report = (reason: Localized | undefined) => {
    if (reason === bad() || (!reason && !bad())) return
    setBad(reason)
    props.onError?.(reason)
  }
  onCleanup(() => {
    if (bad()) props.onError?.(undefined)
  })
  // Follow outside changes (another device's value, conflict resolution, a restored draft) unless they match
  // what is typed.
  createEffect(
    on(
      () => props.value,
      (v, prev) => {
        // Any change of the form re-runs this: only a different number is an outside change.
        if (v === prev) return
        const typed = parseWhole(text())
        if (typed !== undefined && (typed ?? undefined) === v) return
        setText(v === undefined ? '' : formatNumber(v))
        report(undefined)
      },
      { defer: true },
    ),
  )
  const errId = () => `${props.id}-fmt`
  return (
    <div class="num">
      <div class="num-row">
        <input
          id={props.id}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          enterkeyhint="next"
          class="input input-num"
          value={text()}
          disabled={props.disabled}
          aria-label={props.label}
          aria-invalid={props.invalid || bad() ? 'true' : undefined}
          aria-describedby={
            [props.unit ? `${props.id}-unit` : '', bad() ? errId() : '', props.describedBy ?? ''].filter(Boolean).join(' ') ||
            undefined
          }
          onInput={(e) => {
            const raw = e.currentTarget.value
            setText(raw)
            const r = parseField(raw, WHOLE)
            // Reported before the value, so the form holds the field before anything could be sent.
            report(r.ok ? undefined : r.reason)
            if (r.ok) props.onValue(r.value)
          }}
          onBlur={(e) => {
            // The box then shows the number the way every other place shows it ("1500" → "1.500").
            const r = parseField(text(), WHOLE)
            if (r.ok && r.value !== null && formatNumber(r.value) !== text()) {
              setText(formatNumber(r.value))
              e.currentTarget.value = formatNumber(r.value)
            }
          }}
        />
        <Show when={props.unit}>
          <span class="unit" id={`${props.id}-unit`}>
            {props.unit}
          </span>
        </Show>
      </div>
      <Show when={bad()}>
        {(reason) => (
          <p class="field-error" id={errId()} data-testid="number-error">
            {l(reason())}
          </p>
        )}
      </Show>
    </div>
  )
}
