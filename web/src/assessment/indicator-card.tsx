import { For, Match, Show, Switch } from 'solid-js'
import type { Answer } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import type { Localized } from '../../../shared/i18n'
import type { Indicator } from '../../../shared/rubric/schema'
import { fmtNumber, l, t } from '../i18n'
import { useAssessment } from './context-assessment'
import { indicatorDomId } from './focus'
import { BooleanField, ChoiceField, CountField, RatioField } from './indicator-inputs'
import { ReviewNote, isFlagged } from './review-note'
import { answerKey } from './values'
import { FieldSync } from '../offline/field-sync'
import { EvidenceSlot } from '../evidence/slot'
import { DerivedField } from '../roster/derived-field'

const NO_ANSWER: Answer = { noAnswer: true }

const dedupe = (issues: FieldIssue[]) => {
  const seen = new Set<string>()
  return issues.filter((i) => !seen.has(i.message.vi) && seen.add(i.message.vi))
}

/** One indicator: its input, evidence hint, live points and met state, validation messages and note. */
export function IndicatorCard(props: { indicator: Indicator }) {
  const m = useAssessment()
  const ind = props.indicator
  const key = answerKey(ind.id)
  const answer = () => m.draft.values().answers[ind.id]
  const s = () => m.score().indicators[ind.id]
  const issues = () => dedupe([...(s()?.issues ?? []), ...m.serverIssues(key)])
  const disabled = () => !m.draft.editable()
  const describedBy = `ev-${ind.id} st-${ind.id} iss-${ind.id}`
  const onAnswer = (a: Answer | null) => m.draft.set(key, a)
  const common = () => ({
    indicator: ind,
    answer: answer(),
    onAnswer,
    onBoxError: (boxId: string, reason: Localized | undefined) => m.draft.setBoxError(boxId, key, reason),
    describedBy,
    disabled: disabled(),
    invalid: issues().length > 0,
  })

  const state = () => {
    const st = s()
    if (!st || st.status === 'missing') return { cls: 'st-missing', text: t('unanswered') }
    if (st.status === 'invalid') return { cls: 'st-invalid', text: t('invalid') }
    return st.met ? { cls: 'st-met', text: t('met') } : { cls: 'st-unmet', text: t('notMet') }
  }

  return (
    <fieldset
      class="ind"
      id={indicatorDomId(ind.id)}
      tabindex="-1"
      classList={{ 'ind-mandatory': ind.mandatory, 'ind-flagged': isFlagged(m.reviews()[ind.id]?.decision) }}
      onFocusIn={() => m.draft.setEditing(key)}
      onFocusOut={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) m.draft.setEditing(undefined)
      }}
    >
      <legend class="ind-legend" id={`lg-${ind.id}`}>
        <span class="ind-id">{ind.id}</span> <span class="ind-label">{l(ind.label)}</span>
        <Show when={ind.mandatory}>
          {' '}
          <span class="tag tag-mandatory">{t('mandatory')}</span>
        </Show>
      </legend>
      <div class="ind-body">
        <Switch>
          <Match when={ind.input.kind === 'ratio' && ind.input}>{(i) => <RatioField {...common()} input={i()} />}</Match>
          <Match when={ind.input.kind === 'count' && ind.input}>{(i) => <CountField {...common()} input={i()} />}</Match>
          <Match when={ind.input.kind === 'boolean' && ind.input}>{(i) => <BooleanField {...common()} input={i()} />}</Match>
          <Match when={ind.input.kind === 'choice' && ind.input}>{(i) => <ChoiceField {...common()} input={i()} />}</Match>
          <Match when={ind.input.kind === 'roster' && ind.input}>{(i) => <DerivedField indicator={ind} input={i()} describedBy={describedBy} />}</Match>
        </Switch>
        <div id={`iss-${ind.id}`} class="issues" aria-live="polite">
          <For each={issues()}>{(i) => <p class="field-error">{l(i.message)}</p>}</For>
        </div>
        <p class="hint evidence" id={`ev-${ind.id}`}>
          <span class="hint-label">{t('evidence')}:</span> {l(ind.evidence)}
        </p>
        <EvidenceSlot indicatorId={ind.id} />
        <div class="ind-foot" id={`st-${ind.id}`}>
          <span class="pts">{t('points', { points: fmtNumber(s()?.points ?? 0), max: fmtNumber(s()?.max ?? 0) })}</span>
          <span class={`state ${state().cls}`}>{state().text}</span>
          <FieldSync field={key} label={ind.id} />
        </div>
        {/* The note belongs to the indicator: it can be written before a value and outlives clearing it. */}
        {/* A roster-derived indicator has no typed answer to carry a note (the server refuses one). */}
        <Show when={ind.input.kind !== 'roster' && (m.draft.editable() || answer()?.note) ? (answer() ?? NO_ANSWER) : undefined}>
          {(a) => (
            <details class="note" open={!!a().note}>
              <summary>{t('noteAdd')}</summary>
              <label for={`note-${ind.id}`} class="sr-only">
                {t('note')} {ind.id}
              </label>
              <textarea
                id={`note-${ind.id}`}
                class="input"
                rows="2"
                maxlength="2000"
                disabled={disabled()}
                value={a().note ?? ''}
                onInput={(e) => {
                  const { note: _old, ...rest } = answer() ?? NO_ANSWER
                  const note = e.currentTarget.value
                  const next = { ...rest, ...(note ? { note } : {}) } as Answer
                  // A "no answer yet" with nothing left to keep is no answer at all.
                  onAnswer('noAnswer' in next && Object.keys(next).length === 1 ? null : next)
                }}
              />
            </details>
          )}
        </Show>
        <ReviewNote indicatorId={ind.id} />
      </div>
    </fieldset>
  )
}
