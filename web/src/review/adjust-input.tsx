import { For, Match, Switch } from 'solid-js'
import type { Answer } from '../../../shared/assessment'
import type { Localized } from '../../../shared/i18n'
import type { Indicator } from '../../../shared/rubric/schema'
import { l, t } from '../i18n'
import { tr } from '../i18n/review'
import { NumberInput } from '../ui/number-input'

/**
 * The reviewer's value for one indicator, in the same shape an officer's answer has (it is validated the
 * same way). Kept apart from the officer's inputs: those read the officer's live draft, this edits a proposal.
 */
export function AdjustInput(props: {
  indicator: Indicator
  value: Answer | undefined
  onValue: (a: Answer | undefined) => void
  idPrefix: string
  describedBy: string
  invalid: boolean
  /** A box's reason while its text is not a whole number (undefined once it is one): the form then holds the save. */
  onBoxError?: (box: string, reason: Localized | undefined) => void
}) {
  const ind = props.indicator
  const v = () => props.value as Record<string, unknown> | undefined
  const num = (k: string) => (typeof v()?.[k] === 'number' ? (v()![k] as number) : undefined)
  return (
    <div class="adjust">
      <Switch>
        <Match when={ind.input.kind === 'ratio' && ind.input}>
          {(input) => {
            const den = input().denominator
            const set = (n: number | undefined, d: number | undefined) =>
              props.onValue(n === undefined ? undefined : ({ numerator: n, ...('label' in den && d !== undefined ? { denominator: d } : {}) } as Answer))
            return (
              <div class="adjust-row">
                <div class="field">
                  <label for={`${props.idPrefix}-num`}>{l(input().numerator)}</label>
                  <NumberInput
                    id={`${props.idPrefix}-num`}
                    onError={(r) => props.onBoxError?.('num', r)}
                    value={num('numerator')}
                    invalid={props.invalid}
                    describedBy={props.describedBy}
                    onValue={(n) => set(n ?? undefined, num('denominator'))}
                  />
                </div>
                {'label' in den && (
                  <div class="field">
                    <label for={`${props.idPrefix}-den`}>{l(den.label)}</label>
                    <NumberInput
                      id={`${props.idPrefix}-den`}
                      onError={(r) => props.onBoxError?.('den', r)}
                      value={num('denominator')}
                      invalid={props.invalid}
                      describedBy={props.describedBy}
                      onValue={(d) => set(num('numerator'), d ?? undefined)}
                    />
                  </div>
                )}
              </div>
            )
          }}
        </Match>
        <Match when={ind.input.kind === 'count' && ind.input}>
          {(input) => (
            <div class="field">
              <label for={`${props.idPrefix}-count`}>{tr('reviewAdjustedValue')}</label>
              <NumberInput
                id={`${props.idPrefix}-count`}
                onError={(r) => props.onBoxError?.('count', r)}
                value={num('count')}
                unit={input().unit ? l(input().unit) : undefined}
                invalid={props.invalid}
                describedBy={props.describedBy}
                onValue={(c) => props.onValue(c === null ? undefined : { count: c })}
              />
            </div>
          )}
        </Match>
        <Match when={ind.input.kind === 'boolean'}>
          <div class="field">
            <label for={`${props.idPrefix}-yes`}>{tr('reviewAdjustedValue')}</label>
            <select
              id={`${props.idPrefix}-yes`}
              class="input"
              aria-describedby={props.describedBy}
              value={v()?.yes === undefined ? '' : String(v()!.yes)}
              onChange={(e) => props.onValue(e.currentTarget.value === '' ? undefined : { yes: e.currentTarget.value === 'true' })}
            >
              <option value="">{t('choose')}</option>
              <option value="true">{t('yes')}</option>
              <option value="false">{t('no')}</option>
            </select>
          </div>
        </Match>
        <Match when={ind.input.kind === 'choice' && ind.input}>
          {(input) => (
            <div class="field">
              <label for={`${props.idPrefix}-choice`}>{tr('reviewAdjustedValue')}</label>
              <select
                id={`${props.idPrefix}-choice`}
                class="input"
                aria-describedby={props.describedBy}
                value={(v()?.choice as string | undefined) ?? ''}
                onChange={(e) => props.onValue(e.currentTarget.value === '' ? undefined : { choice: e.currentTarget.value })}
              >
                <option value="">{t('choose')}</option>
                <For each={input().options}>{(o) => <option value={o.id}>{l(o.label)}</option>}</For>
              </select>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  )
}
