import { For, Match, Show, Switch, createEffect, createMemo, createResource } from 'solid-js'
import type { Assessment } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { scoreAssessment } from '../../../shared/scoring'
import { validateAnswer, validateProfile } from '../../../shared/validation'
import { api } from '../api/client'
import { useMe } from '../shell/me'
import { Loading } from '../ui/loading'
import { AssessmentProvider, type AssessmentModel } from '../assessment/context-assessment'
import { ConflictDialog } from '../assessment/conflict-dialog'
import { createDraft } from '../assessment/draft'
import { PillarSection } from '../assessment/pillar-section'
import { ProfileSection } from '../assessment/profile-section'
import { SubmitSection } from '../assessment/submit-section'
import { DeadlineNotice } from '../assessment/deadline-notice'
import { GeneralThread } from '../assessment/general-thread'
import { History } from '../assessment/history'
import { ReturnedBanner } from '../assessment/returned-banner'
import { MergedNotice } from '../assessment/merged-notice'
import { UnsentElsewhere } from '../assessment/unsent-elsewhere'
import { SummaryPanel } from '../assessment/summary-panel'
import { createComments } from '../review/comments'
import { StatusBadge } from '../review/status'
import { splitKey, type FieldKey, type Values } from '../assessment/values'
import { session } from '../auth'
import { fmtDateTime, l, t, type MessageKey } from '../i18n'
import { hrefOf, navigate } from '../router'
import { LoadError } from '../ui/load-error'
import { Notice } from '../ui/notice'
import { DeviceNotices } from '../offline/device-notices'
import { loadAssessment, type DeviceState } from '../offline/load'
import { rosterConfig } from '../roster/config'
import { rosterAcceptable } from '../roster/fields'
import RosterSection from '../roster/roster-section'

export function AssessmentPage(props: { communeId: string; year: number }) {
  // An officer whose commune was merged into another comes back to the merged-away commune's form (a saved link, a
  // login that returns to where it left off): theirs is the new commune's, which shows what this device never sent.
  const me = useMe()
  createEffect(() => {
    const m = me.latest
    if (m?.user.role === 'officer' && m.orgUnit && m.orgUnit.id !== props.communeId && m.predecessors?.some((p) => p.id === props.communeId))
      navigate({ name: 'assessment', communeId: m.orgUnit.id, year: props.year }, { replace: true })
  })
  const [data, { refetch }] = createResource(async () => {
    const [latest, loaded] = await Promise.all([api.rubric(props.year), loadAssessment(props.communeId, props.year)])
    return { rubric: await api.rubricOf(props.year, loaded.assessment, latest), ...loaded }
  })
  return (
    <Switch fallback={<Loading page />}>
      <Match when={data.error}>
        <LoadError error={data.error} onRetry={() => void refetch()} backHref={hrefOf({ name: 'home' })} />
      </Match>
      <Match when={data()}>
        {(d) => <AssessmentView {...props} rubric={d().rubric} assessment={d().assessment} saved={d().saved} />}
      </Match>
    </Switch>
  )
}

function AssessmentView(props: { communeId: string; year: number; rubric: Rubric; assessment: Assessment; saved?: DeviceState }) {
  const rubric = props.rubric
  const user = session()?.user
  // The server decides too; this only avoids offering edits that would be refused.
  const canEdit = user?.role === 'officer' && user.orgUnitId === props.communeId

  const acceptable = (key: FieldKey, values: Values) => {
    const { kind, id } = splitKey(key)
    if (kind === 'roster') return rosterAcceptable(values.roster, id)
    if (kind === 'profile') return !validateProfile(rubric, values.profile).some((i) => i.field === key)
    const answer = values.answers[id]
    return answer !== undefined && validateAnswer(rubric, id, answer, values.profile).length === 0
  }

  const draft = createDraft({
    communeId: props.communeId,
    year: props.year,
    assessment: props.assessment,
    editable: canEdit,
    acceptable,
    saved: props.saved,
  })

  // Recomputed on every keystroke: 42 indicators are far below a millisecond.
  const score = createMemo(() => scoreAssessment(rubric, draft.values()))
  const profileIssues = createMemo(() => {
    const byFact = new Map<string, FieldIssue[]>()
    for (const issue of validateProfile(rubric, draft.values().profile)) {
      const id = issue.field.slice('profile.'.length)
      byFact.set(id, [...(byFact.get(id) ?? []), issue])
    }
    return byFact
  })
  const model: AssessmentModel = {
    rubric,
    draft,
    score,
    profileIssues,
    serverIssues: (prefix) => draft.rejected().filter((i) => i.field === prefix || i.field.startsWith(`${prefix}.`)),
    reviews: () => reviewed().reviews ?? {},
    // A draft that was never submitted has nobody to talk to: no request for its (empty) discussion.
    comments: props.assessment.status === 'draft' ? undefined : createComments(props.communeId, props.year),
    canComment: () => status() !== 'recognised',
  }
  const statusNotice: Partial<Record<string, MessageKey>> = {
    district_approved: 'noticeDistrictApproved',
    district_rejected: 'noticeDistrictRejected',
    recognised: 'noticeRecognised',
    not_recognised: 'noticeNotRecognised',
  }

  const me = useMe()
  const commune = () => me.latest?.communes.find((c) => c.id === props.communeId)
  // The review fields (reviews, last decisions) ride on the assessment (docs/REVIEW.md).
  const reviewed = () => draft.server()
  const status = () => reviewed().status

  return (
    <AssessmentProvider value={model}>
      <div class="assess">
        <div class="assess-head">
          <Show when={user?.role !== 'officer'}>
            <a class="back" href={hrefOf({ name: 'home' })}>
              ← {t('back')}
            </a>
          </Show>
          <h1>
            {commune()?.name ?? props.communeId}
            <span class="h1-sub">{t('assessmentTitle', { year: props.year })}</span>
          </h1>
          <p class="muted small">{l(rubric.title)}</p>
          <p class="status-line">
            <StatusBadge status={status()} testId="status" />
          </p>
          <Show when={status() === 'submitted'}>
            <Notice kind="success">
              {t('submittedNotice', {
                when: draft.server().updatedAt ? t('submittedWhen', { date: fmtDateTime(draft.server().updatedAt!) }) : '',
              })}
            </Notice>
          </Show>
          <Show when={statusNotice[status()]}>
            {(key) => (
              <Notice kind={status() === 'recognised' || status() === 'district_approved' ? 'success' : 'info'}>
                {t(key())}
                <Show when={(reviewed().provinceDecision ?? reviewed().districtDecision)?.reason}>
                  {(r) => <> {t('reviewReason', { reason: r() })}</>}
                </Show>
              </Notice>
            )}
          </Show>
          <Show when={status() === 'returned'}>
            <ReturnedBanner decision={reviewed().districtDecision} />
          </Show>
          <Show when={status() === 'draft' && canEdit}>
            <DeadlineNotice year={props.year} />
          </Show>
          <Show when={status() === 'draft' || status() === 'returned'}>
            <MergedNotice from={(reviewed() as { mergedFrom?: unknown }).mergedFrom} />
          </Show>
          <Show when={status() === 'draft' && !canEdit}>
            <Notice kind="info">{t('readOnly')}</Notice>
          </Show>
          <DeviceNotices />
          <Show when={canEdit && me.latest?.orgUnit?.id === props.communeId && me.latest?.predecessors?.length ? me.latest.predecessors : undefined}>
            {(predecessors) => <UnsentElsewhere predecessors={predecessors()} year={props.year} rubric={rubric} />}
          </Show>
          <Show when={draft.restored() > 0 && draft.pendingCount() > 0 && draft.editable()}>
            <Notice kind="info">{t('restoredLocal', { n: draft.restored() })}</Notice>
          </Show>
        </div>
        <SummaryPanel />
        <form class="assess-form" onSubmit={(e) => e.preventDefault()} aria-label={t('assessmentTitle', { year: props.year })}>
          <ProfileSection />
          <Show when={rosterConfig(rubric)}>
            <RosterSection />
          </Show>
          <For each={rubric.pillars}>{(p) => <PillarSection pillar={p} />}</For>
          <Show when={draft.editable()}>
            <SubmitSection communeId={props.communeId} year={props.year} resubmit={status() === 'returned'} />
          </Show>
        </form>
        <Show when={draft.server().version > 0}>
          <div class="assess-foot">
            <GeneralThread />
            <History communeId={props.communeId} year={props.year} rubric={rubric} version={draft.server().version} />
          </div>
        </Show>
      </div>
      <ConflictDialog />
    </AssessmentProvider>
  )
}
