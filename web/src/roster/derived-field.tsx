import { Show } from 'solid-js'
import { deriveAnswer, deriveFact, rosterAdvice } from '../../../shared/roster-derive'
import type { Indicator, ProfileFact, RosterInput } from '../../../shared/rubric/schema'
import { useAssessment } from '../assessment/context-assessment'
import { fmtNumber, fmtPercent, l } from '../i18n'
import { tr } from '../i18n/roster'
import { rosterConfig } from './config'

/**
 * An indicator computed from the village roster (rubric input kind `roster`): shown, never typed. It follows
 * the list as the officer edits it (the same shared derivation the scoring uses), and names the villages that
 * keep it from its best.
 */
export function DerivedField(props: { indicator: Indicator; input: RosterInput; describedBy: string }) {
  const m = useAssessment()
  const id = props.indicator.id
  const operators = (rosterConfig(m.rubric)?.operators ?? []).map((o) => o.id)
  const roster = () => m.draft.values().roster
  const answer = () => deriveAnswer(props.input, roster(), operators)
  const unit = () => l(props.input.unit) || tr('villagesUnit')
  const text = () => {
    const a = answer()
    if (!a) return tr('derivedNone')
    if ('count' in a) return `${fmtNumber(a.count)} ${unit()}`
    const den = a.denominator ?? 0
    return `${fmtNumber(a.numerator)}/${fmtNumber(den)} ${unit()}${den ? ` (${fmtPercent(a.numerator / den)})` : ''}`
  }
  const advice = () => rosterAdvice(m.rubric, props.indicator, roster())
  return (
    <div class="derived" aria-describedby={props.describedBy}>
      <output id={`in-${id}`} class="derived-value" data-testid={`derived-${id}`} aria-labelledby={`lg-${id}`}>
        {text()}
      </output>
      <p class="hint">{tr('derivedFrom')}</p>
      <Show when={advice()}>
        {(a) => (
          <p class="derived-advice" data-testid={`derived-advice-${id}`}>
            {l(a())}
          </p>
        )}
      </Show>
    </div>
  )
}

/** A profile fact computed from the roster (`fromRoster`): the number of villages, or their households. */
export function DerivedFact(props: { fact: ProfileFact; id: string }) {
  const m = useAssessment()
  const value = () => deriveFact(props.fact.fromRoster!, m.draft.values().roster)
  return (
    <>
      <output id={props.id} class="derived-value" data-testid={`derived-${props.id}`}>
        {value() === undefined ? '—' : `${fmtNumber(value()!)} ${l(props.fact.unit)}`}
      </output>
      <p class="hint">{tr('derivedFrom')}</p>
    </>
  )
}
