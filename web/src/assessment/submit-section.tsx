import { For, Show, createSignal } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import type { FieldIssue } from '../../../shared/errors'
import { validateForSubmit } from '../../../shared/validation'
import { ApiError, api } from '../api/client'
import { fmtNumber, l, t } from '../i18n'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'
import { useAssessment } from './context-assessment'
import { submissionOf } from './deadline-notice'
import { focusField } from './focus'

/**
 * Submit with confirmation. The same validateForSubmit the server runs is checked first, so an officer on
 * 3G sees what is missing without a round trip; the server's 422 list is shown the same way if it differs.
 */
export function SubmitSection(props: { communeId: string; year: number; resubmit?: boolean }) {
  const m = useAssessment()
  const [confirming, setConfirming] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [issues, setIssues] = createSignal<FieldIssue[]>([])
  const [error, setError] = createSignal<string>()
  let issuesHeading: HTMLHeadingElement | undefined

  const showIssues = (list: FieldIssue[]) => {
    setIssues(list)
    queueMicrotask(() => issuesHeading?.focus())
  }

  // After the deadline (without an extension) a first submission is refused; a returned one may be resubmitted.
  const closed = () => !props.resubmit && submissionOf(props.year)?.open === false

  const start = () => {
    setError(undefined)
    if (closed()) return setError(t('submitDeadlinePassed'))
    // A box showing a reason first: what it holds is not what the stored value would be.
    const local = [...m.draft.boxIssues(), ...validateForSubmit(m.rubric, m.draft.values())]
    if (local.length) return showIssues(local)
    setIssues([])
    setConfirming(true)
  }

  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await m.draft.drain()
      if (!m.draft.settled()) {
        setError(t('submitUnsaved'))
        return
      }
      const res = await api.submit(props.communeId, props.year, m.draft.server().version)
      m.draft.markSubmitted(res.assessment)
      setConfirming(false)
    } catch (e) {
      const err = e instanceof ApiError ? e : undefined
      if (err?.status === 422) {
        setConfirming(false)
        showIssues(err.fields)
      } else if (err?.code === 'deadline_passed') {
        setConfirming(false)
        setError(t('submitDeadlinePassed'))
      } else if (err?.code === 'version_conflict') {
        const fresh = await api.assessment(props.communeId, props.year).catch(() => undefined)
        if (fresh) m.draft.reload(fresh.assessment)
        setConfirming(false)
        setError(t('submitUnsaved'))
      } else setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="section submit-section" aria-labelledby="submit-title">
      <h2 id="submit-title" class="sr-only">
        {props.resubmit ? t('resubmit') : t('submit')}
      </h2>
      <Show when={issues().length}>
        <div class="notice notice-error" role="alert" data-testid="submit-issues">
          <h3 tabindex="-1" ref={issuesHeading}>
            {t('submitIncomplete', { n: issues().length })}
          </h3>
          <ul class="issue-list">
            <For each={issues()}>
              {(i) => (
                <li>
                  <button type="button" class="linkish" onClick={() => focusField(i.field)}>
                    {l(i.message)}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={error() && !confirming()}>
        <Notice kind="error">{error()}</Notice>
      </Show>
      <button type="button" class="btn btn-primary btn-lg" onClick={start} disabled={closed()} data-testid="submit">
        {props.resubmit ? t('resubmit') : t('submit')}
      </button>
      <Dialog
        open={confirming()}
        onClose={() => !busy() && setConfirming(false)}
        title={props.resubmit ? t('resubmitTitle') : t('submitTitle')}
        footer={
          <>
            <button type="button" class="btn btn-ghost" disabled={busy()} onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
            <button type="button" class="btn btn-primary" disabled={busy()} onClick={confirm} data-testid="submit-confirm">
              {busy() ? t('submitting') : t('submitConfirm')}
            </button>
          </>
        }
      >
        <p>
          {t(props.resubmit ? 'resubmitBody' : 'submitBody', { year: props.year, total: fmtNumber(m.score().total), max: fmtNumber(m.score().maxTotal) })}
        </p>
        <p>
          <strong>{m.score().verdict.eligible ? t('eligible') : t('notEligible')}</strong>
        </p>
        <Show when={error()}>
          <Notice kind="error">{error()}</Notice>
        </Show>
      </Dialog>
    </section>
  )
}
