import { For, Show } from 'solid-js'
import type { FieldIssue } from '../../../shared/errors'
import { ApiError } from '../api/client'
import { l } from '../i18n'
import { ty } from '../i18n/years'
import { errorMessage } from '../ui/error-message'
import { Notice } from '../ui/notice'

/** What a form shows after an action: a success line, or an error with the server's field list. */
export type Feedback = { kind: 'success'; text: string } | { kind: 'error'; text: string; fields?: FieldIssue[] }

export function feedbackOf(err: unknown): Feedback {
  const text = errorMessage(err, {
    code: {
      conflict: (e) => (typeof e.details.year === 'number' ? ty('yearAlreadyOpen', { year: e.details.year }) : undefined),
      version_conflict: ty('rubricChangedMeanwhile'),
    },
    // A refusal names what was refused (these screens change years and rubrics), not "viewing".
    status: { 403: ty('forbiddenAction') },
    // The count here, each problem below (FeedbackView).
    fields: (fields, e) => (e.code === 'invalid_rubric' ? ty('problemsTitle', { n: fields.length }) : ty('fieldsTitle', { n: fields.length })),
  })
  const fields = err instanceof ApiError && err.fields.length > 0 ? err.fields : undefined
  return fields ? { kind: 'error', text, fields } : { kind: 'error', text }
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
