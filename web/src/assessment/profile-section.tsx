import { For, Show } from 'solid-js'
import { l, t } from '../i18n'
import { NumberInput } from '../ui/number-input'
import { useAssessment } from './context-assessment'
import { profileInputId } from './focus'
import { profileKey } from './values'
import { FieldSync } from '../offline/field-sync'
import { DerivedFact } from '../roster/derived-field'

/** The commune's profile facts: entered first because they are the denominators of many indicators. */
export function ProfileSection() {
  const m = useAssessment()
  return (
    <section class="section" aria-labelledby="profile-title">
      <h2 id="profile-title" class="section-title">
        {t('profileTitle')}
      </h2>
      <Show when={m.draft.editable()}>
        <p class="muted section-intro">{t('profileIntro')}</p>
      </Show>
      <fieldset class="group">
        <legend class="sr-only">{t('profileTitle')}</legend>
        <div class="facts">
          <For each={m.rubric.profile}>
            {(fact) => {
              const issues = () => [...(m.profileIssues().get(fact.id) ?? []), ...m.serverIssues(profileKey(fact.id))]
              return (
                <div
                  class="field fact"
                  onFocusIn={() => m.draft.setEditing(profileKey(fact.id))}
                  onFocusOut={(e) => {
                    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) m.draft.setEditing(undefined)
                  }}
                >
                  <label for={profileInputId(fact.id)}>{l(fact.label)}</label>
                  <Show when={!fact.fromRoster} fallback={<DerivedFact fact={fact} id={profileInputId(fact.id)} />}>
                  <NumberInput
                    id={profileInputId(fact.id)}
                    value={m.draft.values().profile[fact.id]}
                    unit={l(fact.unit)}
                    disabled={!m.draft.editable()}
                    invalid={issues().length > 0}
                    describedBy={`pfi-${fact.id}`}
                    onError={(r) => m.draft.setBoxError(profileInputId(fact.id), profileKey(fact.id), r)}
                    onValue={(v) => m.draft.set(profileKey(fact.id), v)}
                  />
                  <FieldSync field={profileKey(fact.id)} label={l(fact.label)} />
                  </Show>
                  <div id={`pfi-${fact.id}`} aria-live="polite">
                    <For each={issues()}>{(i) => <p class="field-error">{l(i.message)}</p>}</For>
                  </div>
                </div>
              )
            }}
          </For>
        </div>
      </fieldset>
    </section>
  )
}
