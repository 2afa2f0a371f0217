import { For, Match, Show, Switch, createResource, createSignal, on, createEffect } from 'solid-js'
import { Loading } from '../ui/loading'
import type { Rubric } from '../../../shared/rubric/schema'
import type { AuditEvent, Change } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { describeField, describeValue } from '../assessment/describe'
import type { FieldKey, FieldValue } from '../assessment/values'
import { fmtDateTime, t } from '../i18n'
import { tr, type ReviewKey } from '../i18n/review'
import { ts } from '../i18n/season'
import { Notice } from '../ui/notice'
import { decisionLabel } from './decision-label'
import { roleLabel, statusLabel } from './status'

const ACTION: Record<string, ReviewKey> = {
  edit: 'evEdit',
  submit: 'evSubmit',
  review_indicator: 'evReviewIndicator',
  return: 'evReturn',
  approve: 'evApprove',
  reject: 'evReject',
  recognise: 'evRecognise',
  not_recognise: 'evNotRecognise',
  reopen: 'evReopen',
  comment: 'evComment',
  evidence_deleted: 'evEvidenceDeleted',
  evidence_stored: 'evEvidenceStored',
  merged: 'evMerged',
}
// Edits show their first changes inline; a long autosave batch folds the rest behind a button.
const INLINE_CHANGES = 4

function actionText(e: AuditEvent): string {
  if (e.action === 'comment' && e.indicatorId) return tr('evCommentOn', { id: e.indicatorId })
  // "Accept all remaining": one event, no single indicator; its changes list them.
  if (e.action === 'review_indicator' && !e.indicatorId) return ts('acceptAllEvent', { n: e.changes?.length ?? 0 })
  const key = ACTION[e.action]
  return key ? tr(key, { id: e.indicatorId ?? '' }) : tr('evOther', { action: e.action })
}

/** One change in words. Fields are `profile.<fact>`, `answers.<id>`, `reviews.<id>` or `status`. */
function changeText(rubric: Rubric, c: Change): string {
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return tr('none')
    if (c.field === 'status') return statusLabel(String(v))
    if (c.field.startsWith('profile.') || c.field.startsWith('answers.'))
      return describeValue(rubric, c.field as FieldKey, v as FieldValue)
    if (c.field.startsWith('reviews.') && typeof v === 'object' && v && 'decision' in v) {
      const r = v as { decision: string; answer?: unknown }
      const id = c.field.slice('reviews.'.length)
      const adjusted = r.answer ? ` (${describeValue(rubric, `answers.${id}`, r.answer as FieldValue)})` : ''
      return `${decisionLabel(r.decision)}${adjusted}`
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  const field =
    c.field.startsWith('profile.') || c.field.startsWith('answers.')
      ? describeField(rubric, c.field as FieldKey)
      : c.field.startsWith('reviews.')
        ? tr('evReviewIndicator', { id: c.field.slice('reviews.'.length) })
        : c.field === 'status'
          ? tr('tlStatus')
          : c.field
  return tr('timelineField', { field, from: show(c.from), to: show(c.to) })
}

function Changes(props: { rubric: Rubric; changes: Change[] }) {
  const [all, setAll] = createSignal(false)
  const shown = () => (all() ? props.changes : props.changes.slice(0, INLINE_CHANGES))
  return (
    <>
      <ul class="tl-changes">
        <For each={shown()}>{(c) => <li>{changeText(props.rubric, c)}</li>}</For>
      </ul>
      <Show when={!all() && props.changes.length > INLINE_CHANGES}>
        <button type="button" class="linkish small" onClick={() => setAll(true)}>
          {tr('timelineMore', { n: props.changes.length })}
        </button>
      </Show>
    </>
  )
}

/**
 * The audit trail of one assessment, oldest first: who (name and role), when, what, why, and for edits each
 * field's old → new value. `version` is watched so the list follows the page's own actions.
 */
export default function Timeline(props: { communeId: string; year: number; rubric: Rubric; version: number }) {
  const [events, { refetch }] = createResource(async () => (await reviewApi.timeline(props.communeId, props.year)).events)
  createEffect(on(() => props.version, () => void refetch(), { defer: true }))
  return (
    <section class="timeline-box" aria-labelledby="tl-title" data-testid="timeline">
      <h2 id="tl-title">{tr('timelineTitle')}</h2>
      <Switch fallback={<Loading />}>
        <Match when={events.error}>
          <Notice kind="error">{t('errGeneric')}</Notice>
        </Match>
        <Match when={events.latest}>
          {(list) => (
            <Show when={list().length} fallback={<p class="muted">{tr('timelineEmpty')}</p>}>
              <ol class="timeline">
                <For each={list()}>
                  {(e) => (
                    <li class={`tl-item tl-${e.action}`} data-action={e.action}>
                      <p class="tl-head">
                        <strong class="tl-action">{actionText(e)}</strong>
                        <span class="muted small"> · {tr('timelineVersion', { v: e.version })}</span>
                      </p>
                      <p class="tl-who small">
                        {e.byName} · {roleLabel(e.role)} · <time datetime={e.at}>{fmtDateTime(e.at)}</time>
                      </p>
                      <Show when={e.reason}>{(r) => <p class="tl-text">{tr('evReason', { text: r() })}</p>}</Show>
                      <Show when={e.comment}>{(c) => <p class="tl-text">{tr('evCommentText', { text: c() })}</p>}</Show>
                      <Show when={e.changes?.length}>
                        <Changes rubric={props.rubric} changes={e.changes!} />
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  )
}
