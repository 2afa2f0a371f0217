import { For, Show, createEffect, createMemo, createSignal, on } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import type { Answer } from '../../../shared/assessment'
import type { Indicator } from '../../../shared/rubric/schema'
import { validateAnswer } from '../../../shared/validation'
import type { Decision } from '../api/contract'
import { fmtDateTime, l, t } from '../i18n'
import { tr } from '../i18n/review'
import { AdjustInput } from './adjust-input'
import { decisionLabel } from './decision-label'
import type { ReviewModel } from './review-model'
import { ErrorLine } from '../ui/error-line'

const DECISIONS: Decision[] = ['accepted', 'adjusted', 'needs_evidence']

/**
 * accept / adjust the value with a reason / ask for more evidence with a reason. The form starts from the
 * saved decision; Save sends only when something changed. Validation is the officer's (shared/validation).
 */
export function ReviewControls(props: { model: ReviewModel; indicator: Indicator }) {
  const m = props.model
  const id = props.indicator.id
  const saved = () => m.reviews()[id]
  const [decision, setDecision] = createSignal<Decision | undefined>(saved()?.decision)
  const [value, setValue] = createSignal<Answer | undefined>(saved()?.answer ?? m.assessment().answers[id])
  const [reason, setReason] = createSignal(saved()?.reason ?? '')
  const [state, setState] = createSignal<'idle' | 'busy' | 'saved'>('idle')
  const [error, setError] = createSignal<string>()
  const [showIssues, setShowIssues] = createSignal(false)
  const prefix = `rv-${id}`
  // A verdict saved elsewhere (accept all, the A shortcut, a reload after a conflict) shows in the form at once:
  // the form shows what is stored. Compared by content, so saving another indicator leaves this form's edits alone.
  const stored = createMemo(saved, undefined, { equals: (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null) })
  createEffect(
    on(
      stored,
      (s) => {
        setDecision(s?.decision)
        setValue(s?.answer ?? m.assessment().answers[id])
        setReason(s?.reason ?? '')
      },
      { defer: true },
    ),
  )

  // A number box showing a reason (e.g. "1,500: dùng 1.500 hoặc 1500") holds the save: the value stored is
  // always the one on screen, never the last number the box could read.
  const [boxErrors, setBoxErrors] = createSignal<Record<string, true>>({})
  const onBoxError = (box: string, reason: unknown) =>
    setBoxErrors((prev) => {
      const next = { ...prev }
      if (reason) next[box] = true
      else delete next[box]
      return next
    })
  const needsReason = () => decision() === 'adjusted' || decision() === 'needs_evidence'
  const issues = () => {
    if (decision() !== 'adjusted') return []
    if (Object.keys(boxErrors()).length > 0) return [t('saveRejected')]
    const a = value()
    if (!a) return [t('pendingShape')]
    return validateAnswer(m.rubric, id, a, m.assessment().profile).map((i) => l(i.message))
  }
  const reasonMissing = () => needsReason() && !reason().trim()
  const dirty = () => {
    const s = saved()
    if (!s) return decision() !== undefined
    return (
      s.decision !== decision() ||
      (s.reason ?? '') !== reason().trim() ||
      (decision() === 'adjusted' && JSON.stringify(s.answer ?? null) !== JSON.stringify(value() ?? null))
    )
  }

  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    setShowIssues(true)
    const d = decision()
    if (!d || reasonMissing() || issues().length) return
    setState('busy')
    setError(undefined)
    try {
      await m.saveReview(id, {
        decision: d,
        ...(d === 'adjusted' ? { answer: value()! } : {}),
        ...(needsReason() ? { reason: reason().trim() } : {}),
      })
      setState('saved')
      setShowIssues(false)
    } catch (err) {
      setState('idle')
      setError(errorMessage(err, { code: { version_conflict: tr('errVersion') } }))
    }
  }

  return (
    <form class="rv-form" onSubmit={save} data-testid={`review-form-${id}`}>
      <fieldset class="rv-decisions">
        <legend class="small">{tr('reviewDecision', { id })}</legend>
        <div class="choices choices-inline">
          <For each={DECISIONS}>
            {(d) => (
              <label class={`choice choice-${d}`}>
                <input
                  type="radio"
                  name={`${prefix}-decision`}
                  id={`${prefix}-${d}`}
                  value={d}
                  checked={decision() === d}
                  onChange={() => {
                    setDecision(d)
                    setState('idle')
                  }}
                />
                <span>{decisionLabel(d)}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Show when={decision() === 'adjusted'}>
        <AdjustInput
          indicator={props.indicator}
          value={value()}
          onValue={(a) => {
            setValue(a)
            setState('idle')
          }}
          idPrefix={prefix}
          onBoxError={onBoxError}
          describedBy={`${prefix}-issues`}
          invalid={showIssues() && issues().length > 0}
        />
        <div id={`${prefix}-issues`} aria-live="polite">
          <Show when={showIssues()}>
            <For each={issues()}>{(i) => <p class="field-error">{i}</p>}</For>
          </Show>
        </div>
      </Show>
      <Show when={needsReason()}>
        <div class="field">
          <label for={`${prefix}-reason`}>{tr('reviewReasonLabel')}</label>
          <textarea
            id={`${prefix}-reason`}
            class="input"
            rows="2"
            maxlength="2000"
            aria-required="true"
            aria-invalid={showIssues() && reasonMissing()}
            aria-describedby={`${prefix}-reason-err`}
            value={reason()}
            onInput={(e) => {
              setReason(e.currentTarget.value)
              setState('idle')
            }}
          />
          <p id={`${prefix}-reason-err`} class="field-error" aria-live="polite">
            {showIssues() && reasonMissing() ? tr('reviewReasonMissing') : ''}
          </p>
        </div>
      </Show>
      <div class="rv-save row">
        <button type="submit" class="btn btn-sm" classList={{ 'btn-primary': dirty() }} disabled={state() === 'busy' || !dirty()}>
          {state() === 'busy' ? tr('reviewSaving') : tr('reviewSave')}
        </button>
        <span class="small muted" role="status">
          <Show when={state() === 'saved' || (!dirty() && saved())}>
            {tr('reviewSaved')}
            <Show when={saved()}>{(s) => <> · {s().byName}, {fmtDateTime(s().at)}</>}</Show>
          </Show>
        </span>
      </div>
      <ErrorLine message={error()} />
    </form>
  )
}
