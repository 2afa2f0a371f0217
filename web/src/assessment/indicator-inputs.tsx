import { For, Show } from 'solid-js'
import type { Answer } from '../../../shared/assessment'
import type { Localized } from '../../../shared/i18n'
import type { ChoiceInput, CountInput, Indicator, RatioInput } from '../../../shared/rubric/schema'
import { fmtNumber, fmtPercent, l, t } from '../i18n'
import { NumberInput } from '../ui/number-input'
import { useAssessment } from './context-assessment'

/** What every input kind gets: the current answer and a setter that keeps the answer's note. */
export type InputProps<I> = {
  indicator: Indicator
  input: I
  answer: Answer | undefined
  onAnswer: (answer: Answer | null) => void
  describedBy: string
  disabled: boolean
  invalid: boolean
  /** A number box's reason for not reading (or undefined): the form holds the field meanwhile. */
  onBoxError: (boxId: string, reason: Localized | undefined) => void
}

const noteOf = (a: Answer | undefined) => (a?.note ? { note: a.note } : {})

/**
 * The answer once its value is cleared: "no answer yet", keeping what belongs to the indicator rather than to
 * the value (the note, a typed denominator); null when nothing is left to keep.
 */
export function cleared(a: Answer | undefined, denominator?: number): Answer | null {
  const kept = { ...(denominator !== undefined ? { denominator } : {}), ...noteOf(a) }
  return Object.keys(kept).length ? { noAnswer: true, ...kept } : null
}

export function RatioField(props: InputProps<RatioInput>) {
  const m = useAssessment()
  const id = props.indicator.id
  const den = props.input.denominator
  const fact = 'profile' in den ? m.rubric.profile.find((f) => f.id === den.profile) : undefined
  const num = () => (props.answer && 'numerator' in props.answer ? props.answer.numerator : undefined)
  // The typed denominator belongs to the indicator: kept (and saved, as "no answer yet") without a numerator.
  const typedDen = () =>
    props.answer && ('numerator' in props.answer || 'noAnswer' in props.answer) ? props.answer.denominator : undefined
  const profileDen = () => (fact ? m.draft.values().profile[fact.id] : undefined)
  const value = () => m.score().indicators[id]?.value
  const target = () => (props.indicator.scoring.kind === 'ratio' ? props.indicator.scoring.target : undefined)

  const emit = (n: number | undefined, d: number | undefined) => {
    if (n === undefined) return props.onAnswer(cleared(props.answer, 'label' in den ? d : undefined))
    props.onAnswer({ numerator: n, ...('label' in den && d !== undefined ? { denominator: d } : {}), ...noteOf(props.answer) })
  }

  return (
    <div class="ratio">
      <div class="field">
        <label for={`in-${id}`}>{l(props.input.numerator)}</label>
        <div class="ratio-row">
          <NumberInput
            id={`in-${id}`}
            value={num()}
            disabled={props.disabled}
            invalid={props.invalid}
            describedBy={`${props.describedBy} ratio-${id}`}
            onError={(r) => props.onBoxError(`in-${id}`, r)}
            onValue={(n) => emit(n ?? undefined, typedDen())}
          />
          <Show when={fact}>
            {(f) => (
              <span class="ratio-den">
                / {profileDen() === undefined ? '…' : fmtNumber(profileDen()!)} {l(f().unit)}
              </span>
            )}
          </Show>
        </div>
      </div>
      <Show when={'label' in den && den}>
        {(d) => (
          <div class="field">
            <label for={`den-${id}`}>{l(d().label)}</label>
            <NumberInput
              id={`den-${id}`}
              value={typedDen()}
              disabled={props.disabled}
              invalid={props.invalid}
              describedBy={props.describedBy}
              onError={(r) => props.onBoxError(`den-${id}`, r)}
              onValue={(d) => emit(num(), d ?? undefined)}
            />
          </div>
        )}
      </Show>
      <p class="ratio-result" id={`ratio-${id}`}>
        <Show when={value() !== undefined} fallback={fact ? <span class="muted">{l(fact.label)}</span> : null}>
          <strong>{t('ratioIs', { pct: fmtPercent(value()!) })}</strong>
        </Show>
        <Show when={target()}>
          {(tg) => <span class="muted"> · {t('target', { target: fmtPercent(tg()) })}</span>}
        </Show>
      </p>
    </div>
  )
}

export function CountField(props: InputProps<CountInput>) {
  const m = useAssessment()
  const id = props.indicator.id
  const maxFact = () => (props.input.max ? m.draft.values().profile[props.input.max.profile] : undefined)
  return (
    <div class="field">
      <label for={`in-${id}`} class="sr-only">
        {l(props.indicator.label)}
      </label>
      <NumberInput
        id={`in-${id}`}
        value={props.answer && 'count' in props.answer ? props.answer.count : undefined}
        unit={props.input.unit ? l(props.input.unit) : undefined}
        disabled={props.disabled}
        invalid={props.invalid}
        describedBy={props.describedBy}
        onError={(r) => props.onBoxError(`in-${id}`, r)}
        onValue={(c) => props.onAnswer(c === null ? cleared(props.answer) : { count: c, ...noteOf(props.answer) })}
      />
      <Show when={maxFact() !== undefined}>
        <p class="hint">{t('maxOf', { max: fmtNumber(maxFact()!) })}</p>
      </Show>
    </div>
  )
}

export function BooleanField(props: InputProps<{ kind: 'boolean' }>) {
  const id = props.indicator.id
  const yes = () => (props.answer && 'yes' in props.answer ? props.answer.yes : undefined)
  const choose = (v: boolean) => props.onAnswer({ yes: v, ...noteOf(props.answer) })
  return (
    <div class="choices choices-inline">
      <label class="choice">
        <input
          type="radio"
          name={`yn-${id}`}
          id={`in-${id}`}
          checked={yes() === true}
          disabled={props.disabled}
          aria-describedby={props.describedBy}
          onChange={() => choose(true)}
        />
        <span>{t('yes')}</span>
      </label>
      <label class="choice">
        <input
          type="radio"
          name={`yn-${id}`}
          checked={yes() === false}
          disabled={props.disabled}
          aria-describedby={props.describedBy}
          onChange={() => choose(false)}
        />
        <span>{t('no')}</span>
      </label>
    </div>
  )
}

export function ChoiceField(props: InputProps<ChoiceInput>) {
  const id = props.indicator.id
  const chosen = () => (props.answer && 'choice' in props.answer ? props.answer.choice : undefined)
  return (
    <div class="choices">
      <For each={props.input.options}>
        {(o, i) => (
          <label class="choice">
            <input
              type="radio"
              name={`ch-${id}`}
              id={i() === 0 ? `in-${id}` : undefined}
              checked={chosen() === o.id}
              disabled={props.disabled}
              aria-describedby={props.describedBy}
              onChange={() => props.onAnswer({ choice: o.id, ...noteOf(props.answer) })}
            />
            <span>{l(o.label)}</span>
          </label>
        )}
      </For>
    </div>
  )
}
