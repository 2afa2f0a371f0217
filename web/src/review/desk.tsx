import { Show, createSignal, onCleanup, onMount } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import { reviewApi } from '../api/review-api'
import { tr } from '../i18n/review'
import { ts } from '../i18n/season'
import { navigate } from '../router'
import { Notice } from '../ui/notice'
import type { ReviewModel } from './review-model'

/*
 * The reviewer's desk on one commune: accept every remaining indicator at once, go to the next commune waiting in
 * the queue, and keyboard shortcuts for both and for per-indicator verdicts (a district reviews ~40 communes of
 * 42 indicators each; two clicks and a round trip per indicator does not scale).
 */

/** The next commune waiting for review in this year, after `communeId` in queue order (wrapping), if any. */
export async function nextWaiting(year: number, unitId: string | undefined, communeId: string): Promise<string | undefined> {
  // A reviewer's unit is implied; an administrator does not review, so has no "next" here.
  if (!unitId) return undefined
  const ids: string[] = []
  let cursor: string | undefined
  // Bounded: a unit has at most a few hundred communes (5 pages of 100).
  for (let page = 0; page < 5; page++) {
    const res = await reviewApi.queue({ year, unitId, status: 'submitted', cursor, limit: 100 })
    ids.push(...res.items.map((i) => i.communeId))
    cursor = res.nextCursor
    if (!cursor) break
  }
  const others = ids.filter((id) => id !== communeId)
  return others.find((id) => id > communeId) ?? others[0]
}

type Feedback = { kind: 'success' | 'error' | 'info'; text: string }

export function createDesk(m: ReviewModel, unitId: () => string | undefined) {
  const [busy, setBusy] = createSignal(false)
  const [feedback, setFeedback] = createSignal<Feedback>()
  const remaining = () => m.readiness().unreviewed.length

  const fail = (e: unknown) =>
    setFeedback({
      kind: 'error',
      text: errorMessage(e, { code: { version_conflict: tr('errVersion') } }),
    })

  async function acceptAll() {
    if (busy() || !m.allowed('review_indicator')) return
    if (remaining() === 0) return setFeedback({ kind: 'info', text: ts('acceptAllNone') })
    setBusy(true)
    setFeedback(undefined)
    try {
      const n = await m.acceptRemaining()
      setFeedback({ kind: 'success', text: ts('acceptAllDone', { n }) })
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  async function nextCommune() {
    if (busy()) return
    setBusy(true)
    setFeedback(undefined)
    try {
      const next = await nextWaiting(m.year, unitId(), m.communeId)
      if (next) navigate({ name: 'assessment', communeId: next, year: m.year })
      else setFeedback({ kind: 'info', text: ts('nextCommuneNone', { year: m.year }) })
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  return { busy, feedback, remaining, acceptAll, nextCommune }
}
export type Desk = ReturnType<typeof createDesk>

/** "Accept all remaining (n)", "Next commune", what happened, and the shortcut list. */
export function DeskBar(props: { model: ReviewModel; desk: Desk }) {
  const d = props.desk
  return (
    <section class="rv-desk" aria-label={ts('shortcutsTitle')} data-testid="desk">
      <p class="small" data-testid="reviewed-count">
        {ts('reviewedCount', { n: props.model.readiness().reviewed, total: props.model.readiness().total })}
      </p>
      <div class="row">
        <Show when={props.model.allowed('review_indicator') && d.remaining() > 0}>
          <button type="button" class="btn btn-primary btn-sm" disabled={d.busy()} onClick={() => void d.acceptAll()} data-testid="accept-all" aria-keyshortcuts="Shift+A">
            {ts('acceptAll', { n: d.remaining() })}
          </button>
        </Show>
        <button type="button" class="btn btn-sm" disabled={d.busy()} onClick={() => void d.nextCommune()} data-testid="next-commune" aria-keyshortcuts="N">
          {ts('nextCommune')}
        </button>
      </div>
      <div aria-live="polite">
        <Show when={d.feedback()}>{(f) => <Notice kind={f().kind}>{f().text}</Notice>}</Show>
      </div>
      <Show when={props.model.allowed('review_indicator')}>
        <details class="small">
          <summary>{ts('shortcutsTitle')}</summary>
          <p>{ts('shortcutsHelp')}</p>
        </details>
      </Show>
    </section>
  )
}

const typing = (el: Element | null) =>
  !!el && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable)

/**
 * A: accept the current indicator · D: adjust it · J/K: next/previous indicator · N: next commune ·
 * Shift+A: accept all remaining. Never while typing in a field or with Ctrl/Alt/Meta (browser shortcuts stay).
 * The current indicator is the one holding focus (J/K move focus, so screen readers follow).
 */
export function useShortcuts(m: ReviewModel, desk: Desk) {
  const ids = m.indicatorIds
  const current = (): number => {
    const art = document.activeElement?.closest?.('article.rv')
    const i = art ? ids.indexOf(art.id.replace(/^ind-/, '')) : -1
    return i
  }
  const focusAt = (i: number) => {
    const id = ids[Math.max(0, Math.min(ids.length - 1, i))]
    const el = id ? document.getElementById(`ind-${id}`) : null
    if (!el) return
    el.focus()
    el.scrollIntoView({ block: 'start' })
  }
  const nextOpen = (from: number) => {
    for (let i = from + 1; i < ids.length; i++) if (!m.reviews()[ids[i]!]) return i
    return Math.min(from + 1, ids.length - 1)
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented || typing(document.activeElement)) return
    if (document.querySelector('dialog[open]')) return
    const key = e.key.toLowerCase()
    const canReview = m.allowed('review_indicator')
    if (key === 'j' || key === 'k') {
      e.preventDefault()
      const i = current()
      focusAt(i < 0 ? 0 : i + (key === 'j' ? 1 : -1))
    } else if (key === 'n' && !e.shiftKey) {
      e.preventDefault()
      void desk.nextCommune()
    } else if (key === 'a' && e.shiftKey && canReview) {
      e.preventDefault()
      void desk.acceptAll()
    } else if (key === 'a' && canReview) {
      const i = current()
      const id = ids[i]
      if (!id) return
      e.preventDefault()
      m.saveReview(id, { decision: 'accepted' })
        .then(() => focusAt(nextOpen(i)))
        .catch(() => undefined)
    } else if (key === 'd' && canReview) {
      const id = ids[current()]
      if (!id) return
      e.preventDefault()
      const radio = document.getElementById(`rv-${id}-adjusted`) as HTMLInputElement | null
      radio?.click()
      // The value box appears once "adjusted" is chosen.
      queueMicrotask(() => (document.querySelector(`[data-testid="review-form-${CSS.escape(id)}"] .rv-decisions ~ * input, [data-testid="review-form-${CSS.escape(id)}"] .rv-decisions ~ * select`) as HTMLElement | null)?.focus())
    }
  }
  onMount(() => document.addEventListener('keydown', onKey))
  onCleanup(() => document.removeEventListener('keydown', onKey))
}
