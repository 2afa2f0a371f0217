import { Show, createEffect, createSignal, on } from 'solid-js'
import { t } from '../i18n'

/**
 * A whole-number box that keeps exactly what the officer typed (so the cursor never jumps) and reports a
 * number, or null when emptied. Vietnamese thousands separators ("1.200", "1 200") are accepted.
 * type="text" + inputmode="numeric" gives the phone's digit keypad without type="number"'s scroll-wheel
 * and locale quirks.
 */
export function parseWhole(text: string): number | null | undefined {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, '')
  if (s === '') return null
  const plain = /^\d+$/.test(s) ? s : /^\d{1,3}(\.\d{3})+$/.test(s) ? s.replace(/\./g, '') : undefined
  if (plain === undefined) return undefined
  const n = Number(plain)
  return Number.isSafeInteger(n) ? n : undefined
}

export function NumberInput(props: {
  id: string
  value: number | undefined
  onValue: (value: number | null) => void
  unit?: string
  disabled?: boolean
  invalid?: boolean
  describedBy?: string
  label?: string
}) {
  const [text, setText] = createSignal(props.value === undefined ? '' : String(props.value))
  const [bad, setBad] = createSignal(false)
  // Follow outside changes (conflict resolution, a restored draft) unless they match what is typed.
  createEffect(
    on(
      () => props.value,
      (v) => {
        const typed = parseWhole(text())
        if (typed !== undefined && (typed ?? undefined) === v) return
        setText(v === undefined ? '' : String(v))
        setBad(false)
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
            const n = parseWhole(raw)
            setBad(n === undefined)
            if (n !== undefined) props.onValue(n)
          }}
        />
        <Show when={props.unit}>
          <span class="unit" id={`${props.id}-unit`}>
            {props.unit}
          </span>
        </Show>
      </div>
      <Show when={bad()}>
        <p class="field-error" id={errId()}>
          {t('notWhole')}
        </p>
      </Show>
    </div>
  )
}
