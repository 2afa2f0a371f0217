import { For, Show, createSignal } from 'solid-js'
import type { Action } from '../api/contract'
import { fmtNumber } from '../i18n'
import { tr, type ReviewKey } from '../i18n/review'
import { ts } from '../i18n/season'
import { Notice } from '../ui/notice'
import { ActionDialog, type ActionField } from './action-dialog'
import type { ReviewModel, TransitionAction } from './review-model'

type Step = {
  action: Action
  path: TransitionAction
  label: ReviewKey
  title: ReviewKey
  body?: ReviewKey
  field: ActionField
  done: ReviewKey
  danger?: boolean
  primary?: boolean
}

// docs/REVIEW.md "Workflow": the steps a reviewer or administrator may take, in the order they are offered.
const STEPS: Step[] = [
  { action: 'approve', path: 'approve', label: 'actApprove', title: 'dlgApproveTitle', body: 'dlgApproveBody', field: 'commentOptional', done: 'doneApprove', primary: true },
  { action: 'return', path: 'return', label: 'actReturn', title: 'dlgReturnTitle', body: 'dlgReturnBody', field: 'comment', done: 'doneReturn' },
  { action: 'reject', path: 'reject', label: 'actReject', title: 'dlgRejectTitle', body: 'dlgRejectBody', field: 'reason', done: 'doneReject', danger: true },
  { action: 'recognise', path: 'recognise', label: 'actRecognise', title: 'dlgRecogniseTitle', body: 'dlgRecogniseBody', field: 'decision', done: 'doneRecognise', primary: true },
  { action: 'not_recognise', path: 'not-recognise', label: 'actNotRecognise', title: 'dlgNotRecogniseTitle', field: 'reason', done: 'doneNotRecognise', danger: true },
  { action: 'reopen', path: 'reopen', label: 'actReopen', title: 'dlgReopenTitle', body: 'dlgReopenBody', field: 'reason', done: 'doneReopen' },
]

/** The workflow buttons the server allows this caller now, each behind a confirmation dialog. */
export function ActionsPanel(props: { model: ReviewModel; communeName: string }) {
  const m = props.model
  const [open, setOpen] = createSignal<Step>()
  const [done, setDone] = createSignal<ReviewKey>()
  // Only the steps this role may take in this status are shown at all (shared/workflow.ts via allowedActions).
  const steps = () => STEPS.filter((s) => m.allowed(s.action))
  const params = () => ({ name: props.communeName, total: fmtNumber(m.reviewedScore().total), max: fmtNumber(m.reviewedScore().maxTotal) })
  // Approval: every indicator reviewed, no evidence request open; failing the rule → only "not meeting" (shared/workflow.ts).
  const notMeeting = (s: Step) => s.action === 'approve' && !m.reviewedScore().verdict.eligible
  const blocked = (s: Step) => s.action === 'approve' && !m.readiness().ready

  return (
    <section class="rv-actions" aria-labelledby="rva-title">
      <h2 id="rva-title" class="sum-h">
        {tr('actionsTitle')}
      </h2>
      <Show when={done()}>{(d) => <Notice kind="success">{tr(d())}</Notice>}</Show>
      <Show when={steps().length} fallback={<p class="small muted">{tr('noActions')}</p>}>
        <div class="rv-action-buttons">
          <For each={steps()}>
            {(s) => (
              <button
                type="button"
                class={`btn ${s.primary ? 'btn-primary' : s.danger ? 'btn-danger-ghost' : ''}`}
                data-testid={`act-${s.path}`}
                onClick={() => {
                  setDone(undefined)
                  setOpen(s)
                }}
              >
                {tr(s.label)}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={open()} keyed>
        {(s) => (
          <ActionDialog
            open
            onClose={() => setOpen(undefined)}
            title={tr(s.title, params())}
            body={
              <>
                <Show when={s.body}>{(b) => <p>{tr(b(), params())}</p>}</Show>
                <Show when={s.action === 'approve'}>
                  <ApprovalState model={m} />
                </Show>
              </>
            }
            field={notMeeting(s) ? 'reason' : s.field}
            textLabel={notMeeting(s) ? ts('approveNotMeetingReason') : undefined}
            confirmLabel={notMeeting(s) ? ts('approveNotMeetingLabel') : tr(s.label)}
            actionName={tr(s.label)}
            blocked={blocked(s)}
            danger={s.danger}
            testId={`dlg-${s.path}`}
            run={async (values) => {
              await m.transition(s.path, notMeeting(s) ? { ...values, notMeeting: true } : values)
              setDone(s.done)
            }}
          />
        )}
      </Show>
    </section>
  )
}

/** Where approval stands, before the click: what is still missing, or that it can only be "not meeting". */
function ApprovalState(props: { model: ReviewModel }) {
  const r = () => props.model.readiness()
  return (
    <div data-testid="approval-state">
      <Show when={r().unreviewed.length}>
        <Notice kind="error">{ts('approveBlockedUnreviewed', { n: r().unreviewed.length })}</Notice>
      </Show>
      <Show when={r().openEvidence.length}>
        <Notice kind="error">{ts('approveBlockedEvidence', { n: r().openEvidence.length })}</Notice>
      </Show>
      <Show when={r().ready}>
        <Notice kind="success">{ts('approveReady', { total: r().total })}</Notice>
        <Show when={!props.model.reviewedScore().verdict.eligible}>
          <Notice kind="warning">{ts('approveNotMeeting')}</Notice>
        </Show>
      </Show>
    </div>
  )
}
