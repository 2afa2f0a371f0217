import { For, Show } from 'solid-js'
import type { FieldIssue } from '../../../shared/errors'
import { ApiError } from '../api/client'
import { l, t } from '../i18n'
import { ty } from '../i18n/years'
import { Notice } from '../ui/notice'

/** What a form shows after an action: a success line, or an error with the server's field list. */
export type Feedback = { kind: 'success'; text: string } | { kind: 'error'; text: string; fields?: FieldIssue[] }

export function feedbackOf(err: unknown): Feedback {
  if (!(err instanceof ApiError)) return { kind: 'error', text: t('errGeneric') }
  if (err.isNetwork) return { kind: 'error', text: t('errNetwork') }
  // A refusal names what was refused (these screens change years and rubrics), not "viewing".
  if (err.status === 403) return { kind: 'error', text: ty('forbiddenAction') }
  if (err.fields.length > 0)
    return {
      kind: 'error',
      text: err.code === 'invalid_rubric' ? ty('problemsTitle', { n: err.fields.length }) : ty('fieldsTitle', { n: err.fields.length }),
      fields: err.fields,
    }
  if (err.code === 'conflict' && typeof err.details.year === 'number') return { kind: 'error', text: ty('yearAlreadyOpen', { year: err.details.year }) }
  if (err.code === 'version_conflict') return { kind: 'error', text: ty('rubricChangedMeanwhile') }
  if (err.status === 404) return { kind: 'error', text: t('errNotFound') }
  return { kind: 'error', text: t('errGeneric') }
}

// The form's own fields by name; a rubric's JSON paths (rubric.…) stay as paths, they point into the file.
const FIELD_LABEL = { year: 'fieldYear', deadline: 'fieldDeadline', until: 'fieldUntil', reason: 'fieldReason', communeId: 'fieldCommune', rubric: 'fieldRubric' } as const
const fieldLabel = (field: string): string | undefined => (field in FIELD_LABEL ? ty(FIELD_LABEL[field as keyof typeof FIELD_LABEL]) : undefined)

/** Every problem, each with where it is (a field of the form or a JSON path inside an uploaded rubric). */
export function FeedbackView(props: { feedback: Feedback | undefined; testId: string }) {
  return (
    <div data-testid={props.testId} aria-live="polite">
      <Show when={props.feedback}>
        {(f) => (
          <Show when={f().kind === 'error' ? f() : undefined} fallback={<Notice kind="success">{f().text}</Notice>}>
            {(e) => (
              <div class="notice notice-error" role="alert">
                <p>{e().text}</p>
                <Show when={(e() as Extract<Feedback, { kind: 'error' }>).fields?.length}>
                  <ul class="issue-list" data-testid={`${props.testId}-fields`}>
                    <For each={(e() as Extract<Feedback, { kind: 'error' }>).fields}>
                      {(f) => (
                        <li data-field={f.field}>
                          <Show when={fieldLabel(f.field)} fallback={<code>{f.field}</code>}>
                            {(label) => <strong>{label()}</strong>}
                          </Show>
                          : {l(f.message)}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
            )}
          </Show>
        )}
      </Show>
    </div>
  )
}
