import { Show } from 'solid-js'
import { fmtDateTime, t } from '../i18n'
import { CommentThread } from '../review/comment-thread'
import { useAssessment } from './context-assessment'
import { describeValue } from './describe'
import { answerKey } from './values'

/** Whether the reviewer flagged this indicator for the officer (asked for evidence, or changed the value). */
export const isFlagged = (decision: string | undefined) => decision === 'needs_evidence' || decision === 'adjusted'

/**
 * What the reviewer said about one indicator, shown on the officer's card: the decision and its reason, the
 * value that counts when adjusted, and the indicator's discussion with a reply box.
 */
export function ReviewNote(props: { indicatorId: string }) {
  const m = useAssessment()
  const id = props.indicatorId
  const review = () => m.reviews()[id]
  const thread = () => m.comments?.of(id) ?? []
  const showThread = () => !!m.comments && (thread().length > 0 || (isFlagged(review()?.decision) && m.canComment()))
  return (
    <>
      <Show when={review() && isFlagged(review()!.decision) ? review() : undefined}>
        {(r) => (
          <div class={`review-note review-note-${r().decision}`} data-testid={`review-note-${id}`}>
            <p class="review-note-head">
              <strong>{r().decision === 'needs_evidence' ? t('reviewNeedsEvidence') : t('reviewAdjusted')}</strong>
            </p>
            <Show when={r().decision === 'adjusted' && r().answer}>
              {(a) => <p>{t('reviewAdjustedTo', { value: describeValue(m.rubric, answerKey(id), a()) })}</p>}
            </Show>
            <Show when={r().reason}>{(reason) => <p>{t('reviewReason', { reason: reason() })}</p>}</Show>
            <p class="small muted">{t('reviewBy', { name: r().byName, date: fmtDateTime(r().at) })}</p>
          </div>
        )}
      </Show>
      <Show when={showThread()}>
        <div class="review-thread" aria-label={t('commentsTitle', { id })} role="group">
          <CommentThread comments={m.comments!} indicatorId={id} canPost={m.canComment()} idPrefix={`c-${id}`} />
        </div>
      </Show>
    </>
  )
}
