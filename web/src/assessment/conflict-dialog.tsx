import { For, Show, createEffect, createSignal } from 'solid-js'
import { fmtDateTime, t } from '../i18n'
import { to } from '../i18n/officer'
import { Dialog } from '../ui/dialog'
import { useAssessment } from './context-assessment'
import { describeField, describeValue } from './describe'
import type { FieldKey } from './values'

type Choice = 'mine' | 'theirs'

/**
 * Shown when the server copy changed while the officer typed and the same fields differ. Nothing is
 * overwritten until every field has an explicit choice.
 */
export function ConflictDialog() {
  const m = useAssessment()
  const [choices, setChoices] = createSignal<Partial<Record<FieldKey, Choice>>>({})
  createEffect(() => {
    if (m.draft.conflict()) setChoices({})
  })
  const items = () => m.draft.conflict()?.items ?? []
  const complete = () => items().every((i) => choices()[i.key])
  const setAll = (c: Choice) => setChoices(Object.fromEntries(items().map((i) => [i.key, c])))

  return (
    <Dialog
      open={!!m.draft.conflict()}
      onClose={() => {}}
      title={t('conflictTitle')}
      wide
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={() => setAll('theirs')}>
            {t('conflictAllTheirs')}
          </button>
          <button type="button" class="btn btn-ghost" onClick={() => setAll('mine')}>
            {t('conflictAllMine')}
          </button>
          <button
            type="button"
            class="btn btn-primary"
            disabled={!complete()}
            onClick={() => m.draft.resolveConflict(choices() as Record<FieldKey, Choice>)}
          >
            {t('conflictSave')}
          </button>
        </>
      }
    >
      <Show when={m.draft.conflict()}>
        {(c) => (
          <p data-testid="conflict-who">
            <strong>{to('conflictWho', { who: c().by ?? to('remoteSomeone'), when: c().at ? fmtDateTime(c().at!) : '—' })}</strong>
          </p>
        )}
      </Show>
      <p>{t('conflictIntro', { version: m.draft.conflict()?.version ?? '' })}</p>
      <ul class="conflicts" data-testid="conflicts">
        <For each={items()}>
          {(item) => (
            <li>
              <fieldset class="conflict">
                <legend>{describeField(m.rubric, item.key, m.draft.values().roster ?? m.draft.server().roster)}</legend>
                <label class="choice">
                  <input
                    type="radio"
                    name={`cf-${item.key}`}
                    checked={choices()[item.key] === 'theirs'}
                    onChange={() => setChoices({ ...choices(), [item.key]: 'theirs' })}
                  />
                  <span>
                    <span class="conflict-who">{t('conflictTheirs')}:</span> {describeValue(m.rubric, item.key, item.theirs)}
                  </span>
                </label>
                <label class="choice">
                  <input
                    type="radio"
                    name={`cf-${item.key}`}
                    checked={choices()[item.key] === 'mine'}
                    onChange={() => setChoices({ ...choices(), [item.key]: 'mine' })}
                  />
                  <span>
                    <span class="conflict-who">{t('conflictYours')}:</span> {describeValue(m.rubric, item.key, item.yours)}
                  </span>
                </label>
              </fieldset>
            </li>
          )}
        </For>
      </ul>
    </Dialog>
  )
}
