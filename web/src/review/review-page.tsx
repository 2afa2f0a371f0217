import { For, Match, Show, Switch, createResource, createSignal } from 'solid-js'
import type { Rubric } from '../../../shared/rubric/schema'
import { api } from '../api/client'
import { useMe } from '../shell/me'
import { Loading } from '../ui/loading'
import type { ReviewView } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { fmtDateTime, l, t } from '../i18n'
import { tr } from '../i18n/review'
import { hrefOf } from '../router'
import { LoadError } from '../ui/load-error'
import { ActionsPanel } from './actions-panel'
import { createDesk, DeskBar, useShortcuts } from './desk'
import { ts } from '../i18n/season'
import { CommentThread } from './comment-thread'
import { IndicatorReview } from './indicator-review'
import { ReviewSummary } from './review-summary'
import { createReviewModel, type ReviewModel } from './review-model'
import { StatusBadge } from './status'
import Timeline from './timeline'
import { rosterConfig } from '../roster/config'
import { RosterReview } from '../roster/roster-review'

/** The reviewer's (and administrator's) page for one commune's assessment. */
export default function ReviewPage(props: { communeId: string; year: number }) {
  const [data, { refetch }] = createResource(async () => {
    const [latest, view] = await Promise.all([api.rubric(props.year), reviewApi.view(props.communeId, props.year)])
    return { rubric: await api.rubricOf(props.year, view.assessment, latest), view }
  })
  return (
    <Switch fallback={<Loading page />}>
      <Match when={data.error}>
        <LoadError error={data.error} onRetry={() => void refetch()} backHref={hrefOf({ name: 'queue', year: props.year })} />
      </Match>
      <Match when={data()}>{(d) => <ReviewView {...props} rubric={d().rubric} view={d().view} />}</Match>
    </Switch>
  )
}

function ReviewView(props: { communeId: string; year: number; rubric: Rubric; view: ReviewView }) {
  const m = createReviewModel({ communeId: props.communeId, year: props.year, rubric: props.rubric, view: props.view })
  // The unit whose queue "next commune" walks: a reviewer's own; for others the commune's parent.
  const signedIn = useMe()
  const unitId = () => {
    const me = signedIn.latest
    if (!me) return undefined
    return me.user.role === 'reviewer' ? me.user.orgUnitId : me.communes.find((c) => c.id === props.communeId)?.parentId ?? undefined
  }
  const desk = createDesk(m, unitId)
  useShortcuts(m, desk)
  const communeName = () => signedIn.latest?.communes.find((c) => c.id === props.communeId)?.name ?? props.communeId
  const [onlyOpen, setOnlyOpen] = createSignal(false)
  const visible = (id: string) => {
    if (!onlyOpen()) return true
    const r = m.reviews()[id]
    return !r || r.decision === 'needs_evidence'
  }
  return (
    <div class="assess review">
      <div class="assess-head">
        <a class="back" href={hrefOf({ name: 'queue', year: props.year })}>
          ← {t('navQueue')}
        </a>
        <h1>
          {communeName()}
          <span class="h1-sub">{tr('reviewTitle', { year: props.year })}</span>
        </h1>
        <p class="muted small">{l(props.rubric.title)}</p>
        <p class="status-line">
          <StatusBadge status={m.assessment().status} testId="status" />
          <Show when={m.assessment().updatedAt}>
            {(at) => <span class="small muted"> · {fmtDateTime(at())}</span>}
          </Show>
        </p>
        <LastDecisions model={m} />
        <DeskBar model={m} desk={desk} />
      </div>
      <aside class="summary rv-side">
        <ReviewSummary model={m} />
        <ActionsPanel model={m} communeName={communeName()} />
      </aside>
      <div class="assess-form">
        <Show when={m.allowed('review_indicator')}>
          <label class="check small rv-filter">
            <input type="checkbox" checked={onlyOpen()} onChange={(e) => setOnlyOpen(e.currentTarget.checked)} />
            <span>{tr('reviewOnlyOpen')}</span>
          </label>
        </Show>
        <Show when={rosterConfig(props.rubric)}>
          <RosterReview model={m} />
        </Show>
        <For each={props.rubric.pillars}>
          {(p) => (
            <section class="section" aria-labelledby={`pillar-${p.id}`}>
              <h2 id={`pillar-${p.id}`} class="section-title">
                <span class="pillar-id">{p.id}</span> {l(p.label)}
              </h2>
              <For each={p.groups.flatMap((g) => g.indicators)}>
                {(ind) => (
                  <Show when={visible(ind.id)}>
                    <IndicatorReview model={m} indicator={ind} />
                  </Show>
                )}
              </For>
            </section>
          )}
        </For>
        <section class="section" aria-labelledby="general-title">
          <h2 id="general-title" class="section-title">
            {t('commentsGeneral')}
          </h2>
          <CommentThread comments={m.comments} canPost={m.allowed('comment')} idPrefix="general" />
        </section>
        <Timeline communeId={props.communeId} year={props.year} rubric={props.rubric} version={m.assessment().version} />
      </div>
    </div>
  )
}

/** The district's and the province's last decision on this assessment, with their reasons. */
function LastDecisions(props: { model: ReviewModel }) {
  const decisions = () => [props.model.assessment().districtDecision, props.model.assessment().provinceDecision].filter((d) => !!d)
  return (
    <For each={decisions()}>
      {(d) => (
        <p class="small last-decision">
          <strong>{tr(({ return: 'evReturn', approve: 'evApprove', reject: 'evReject', recognise: 'evRecognise', not_recognise: 'evNotRecognise' } as const)[d!.action])}</strong>
          {' · '}
          {d!.byName}, {fmtDateTime(d!.at)}
          <Show when={d!.decisionNumber}> · {tr('evDecisionNumber', { n: d!.decisionNumber! })}</Show>
          <Show when={d!.notMeeting}> · {ts('notMeetingTag')}</Show>
          <Show when={d!.reason ?? d!.comment}> — “{d!.reason ?? d!.comment}”</Show>
        </p>
      )}
    </For>
  )
}
