import { Show } from 'solid-js'
import { t } from '../i18n'
import { CommentThread } from '../review/comment-thread'
import { useAssessment } from './context-assessment'

/** Comments on the whole assessment (not on one indicator), once there is someone to talk to. */
export function GeneralThread() {
  const m = useAssessment()
  const show = () => !!m.comments && (m.comments.of(undefined).length > 0 || m.draft.server().status === 'returned')
  return (
    <Show when={show()}>
      <section class="section" aria-labelledby="general-title">
        <h2 id="general-title" class="section-title">
          {t('commentsGeneral')}
        </h2>
        <CommentThread comments={m.comments!} canPost={m.canComment()} idPrefix="general" />
      </section>
    </Show>
  )
}
