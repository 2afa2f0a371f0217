import { For, Show, createSignal } from 'solid-js'
import type { Comment } from '../api/contract'
import { ApiError } from '../api/client'
import { fmtDateTime, t } from '../i18n'
import type { Comments } from './comments'
import { roleLabel } from './status'
import { ErrorLine } from '../ui/error-line'


/** One indicator's (or the general) discussion: oldest first, with a reply box when the caller may post. */
export function CommentThread(props: { comments: Comments; indicatorId?: string; canPost: boolean; idPrefix: string }) {
  const list = () => props.comments.of(props.indicatorId)
  const [text, setText] = createSignal('')
  const [replyTo, setReplyTo] = createSignal<Comment>()
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const boxId = `${props.idPrefix}-comment`
  let box: HTMLTextAreaElement | undefined
  const nameOf = (id: string | undefined) => list().find((c) => c.id === id)?.byName

  const send = async () => {
    const body = text().trim()
    if (!body) return setError(t('commentEmpty'))
    setBusy(true)
    setError(undefined)
    try {
      await props.comments.post({
        ...(props.indicatorId ? { indicatorId: props.indicatorId } : {}),
        text: body,
        ...(replyTo() ? { replyTo: replyTo()!.id } : {}),
      })
      setText('')
      setReplyTo(undefined)
    } catch (err) {
      setError(err instanceof ApiError && err.isNetwork ? t('errNetwork') : t('commentFailed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="thread" data-testid={`thread-${props.indicatorId ?? 'general'}`}>
      <Show when={list().length}>
        <ol class="thread-list">
          <For each={list()}>
            {(c) => (
              <li class="thread-item" classList={{ 'thread-reply': !!c.replyTo, [`by-${c.role}`]: true }}>
                <p class="thread-meta">
                  <strong>{c.byName}</strong> <span class="muted">· {roleLabel(c.role)} · {fmtDateTime(c.at)}</span>
                  <Show when={c.replyTo && nameOf(c.replyTo)}>
                    {(n) => <span class="muted"> · {t('commentInReply', { name: n() })}</span>}
                  </Show>
                </p>
                <p class="thread-text">{c.text}</p>
                <Show when={props.canPost}>
                  <button
                    type="button"
                    class="linkish small"
                    onClick={() => {
                      setReplyTo(c)
                      box?.focus()
                    }}
                  >
                    {t('commentReply')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.canPost}>
        {/* Not a <form>: on the officer's page the thread sits inside the assessment form, and forms do not nest. */}
        <div class="thread-form" role="group" aria-label={t('commentLabel')}>
          <label for={boxId} class="small">
            {replyTo() ? t('commentReplyLabel', { name: replyTo()!.byName }) : t('commentLabel')}
          </label>
          <textarea
            id={boxId}
            ref={box}
            class="input"
            rows="2"
            maxlength="2000"
            value={text()}
            aria-invalid={!!error()}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Ctrl/⌘+Enter sends, as in most chat boxes; Enter alone is a new line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send()
            }}
          />
          <ErrorLine message={error()} />
          <div class="row">
            <button type="button" class="btn btn-sm" disabled={busy()} onClick={() => void send()}>
              {busy() ? t('commentSending') : t('commentSend')}
            </button>
            <Show when={replyTo()}>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => setReplyTo(undefined)}>
                {t('cancel')}
              </button>
            </Show>
          </div>
        </div>
      </Show>
    </div>
  )
}
