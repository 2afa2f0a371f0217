import { For, Show, createMemo, createResource, createSignal } from 'solid-js'
import { COVERAGE_LEVELS, type CoverageLevel, type OperatorCoverage, type Roster, type Village } from '../../../shared/roster'
import { diffRoster, type VillageDiff } from '../../../shared/roster-diff'
import { reviewedRoster, type RosterReviews } from '../../../shared/roster-review'
import { villagesInOrder } from '../../../shared/roster-derive'
import { ApiError } from '../api/client'
import { reviewApi } from '../api/review-api'
import { l } from '../i18n'
import { tr } from '../i18n/roster'
import type { ReviewModel } from '../review/review-model'
import { rosterConfig } from './config'
import { coverageText, kindLabel, levelLabel, operatorLabel } from './describe'
import { rosterReviewApi } from './review-api'
import './roster.css'
import { ErrorLine } from '../ui/error-line'

/**
 * The reviewer's view of the village roster (issue 13): this year's list (with the reviewer's own rows in place)
 * beside last year's approved one — villages added or removed, coverage gained or lost — and the adjustment of
 * one village's row with a reason, like any answer (POST …/roster-reviews/{villageId}).
 */
export function RosterReview(props: { model: ReviewModel }) {
  const m = props.model
  const operators = (rosterConfig(m.rubric)?.operators ?? []).map((o) => o.id)
  const a = () => m.assessment() as { roster?: Roster; rosterReviews?: RosterReviews }
  const current = () => reviewedRoster(a()) ?? {}
  // Last year's approved roster, as approved (its reviewer's rows in place); 404 = none approved.
  const [last] = createResource(async () => {
    try {
      const p = await reviewApi.previous(m.communeId, m.year)
      return reviewedRoster(p.assessment as Parameters<typeof reviewedRoster>[0]) ?? {}
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }
  })
  const diff = createMemo(() => (last() ? diffRoster(current(), last()!, operators) : undefined))
  const changeOf = createMemo(() => new Map((diff()?.changed ?? []).map((c) => [c.id, c] as const)))
  const added = createMemo(() => new Set((diff()?.added ?? []).map((v) => v.id)))
  // Every village either the officer lists or the reviewer has a row for (a row removing one shows it as removed).
  const ids = createMemo(() => {
    const officer = villagesInOrder(a().roster).map(([id]) => id)
    return [...officer, ...Object.keys(a().rosterReviews ?? {}).filter((id) => !officer.includes(id))]
  })
  const [open, setOpen] = createSignal<string>()
  const counts = () => {
    const d = diff()
    if (!d) return ''
    const gained = d.changed.filter((c) => c.coverage.some((x) => x.change === 'gained')).length
    const lost = d.changed.filter((c) => c.coverage.some((x) => x.change === 'lost')).length
    return [
      `${tr('reviewAdded')}: ${d.added.length}`,
      `${tr('reviewRemoved')}: ${d.removed.length}`,
      `${tr('reviewGained')}: ${gained}`,
      `${tr('reviewLost')}: ${lost}`,
    ].join(' · ')
  }
  return (
    <section class="section roster" aria-labelledby="rr-title" data-testid="roster-review">
      <h2 id="rr-title" class="section-title">
        {tr('reviewRosterTitle')}
      </h2>
      <p class="roster-sum" data-testid="roster-review-summary">
        {tr('rosterCount', { n: Object.keys(current()).length })}
        <Show when={diff()}> · {counts()}</Show>
      </p>
      <Show when={last() === null}>
        <p class="muted">{tr('reviewRosterNoLast')}</p>
      </Show>
      <Show when={diff()?.removed.length}>
        <p class="small" data-testid="roster-removed">
          {tr('reviewRemoved')}: {diff()!.removed.map((v) => v.name).join(', ')}
        </p>
      </Show>
      <ul class="vl">
        <For each={ids()}>
          {(id) => {
            const officer = () => a().roster?.[id]
            const review = () => a().rosterReviews?.[id]
            const shown = () => (review() ? review()!.village : officer())
            return (
              <li class="vl-item" data-testid={`rr-${id}`}>
                <div class="vl-line">
                  <span class="vl-name">
                    {shown()?.name ?? officer()?.name ?? id}
                    <span class="vl-kind">
                      {' · '}
                      {shown() ? kindLabel(shown()!.kind) : tr('villageGone')}
                    </span>
                    <Show when={added().has(id)}>
                      {' '}
                      <span class="chip">{tr('reviewAdded')}</span>
                    </Show>
                  </span>
                  <Show when={shown()}>
                    {(v) => (
                      <span class="vl-cov">
                        <For each={operators}>
                          {(op) => (
                            <span class={`vl-chip lv-${v().coverage[op]?.level ?? 'unknown'}`}>
                              {operatorLabel(m.rubric, op)} {v().coverage[op] ? coverageText(v().coverage[op]) : '?'}
                            </span>
                          )}
                        </For>
                      </span>
                    )}
                  </Show>
                  <Show when={changeOf().get(id)}>{(c) => <ChangeLine rubricOps={m} change={c()} />}</Show>
                  <Show when={review()}>
                    {(r) => (
                      <p class="small rv-adjusted" data-testid={`rr-adjusted-${id}`}>
                        {tr('reviewAdjusted', { reason: r().reason })} — {r().byName}
                      </p>
                    )}
                  </Show>
                </div>
                <Show when={m.allowed('review_indicator')}>
                  <Show
                    when={open() === id}
                    fallback={
                      <button type="button" class="btn btn-sm btn-ghost" onClick={() => setOpen(id)} data-testid={`rr-adjust-${id}`}>
                        {tr('reviewAdjust')}
                      </button>
                    }
                  >
                    <AdjustForm model={m} id={id} village={shown() ?? officer()!} onDone={() => setOpen(undefined)} />
                  </Show>
                </Show>
              </li>
            )
          }}
        </For>
      </ul>
    </section>
  )
}

function ChangeLine(props: { rubricOps: ReviewModel; change: VillageDiff }) {
  const text = () =>
    props.change.coverage
      .map(
        (c) =>
          `${operatorLabel(props.rubricOps.rubric, c.operator)} ${levelLabel(c.from)}${c.fromWeak ? ` (${tr('weakShort')})` : ''} → ${levelLabel(c.to)}${c.toWeak ? ` (${tr('weakShort')})` : ''}`,
      )
      .join('; ')
  return (
    <Show when={props.change.coverage.length}>
      <p class="small" data-testid={`rr-change-${props.change.id}`}>
        {tr('reviewLastYear')} → {tr('reviewThisYear')}: {text()}
      </p>
    </Show>
  )
}

/** The reviewer's row for one village: its signal per operator and flags, with the reason (required). */
function AdjustForm(props: { model: ReviewModel; id: string; village: Village; onDone: () => void }) {
  const m = props.model
  const ops = rosterConfig(m.rubric)?.operators ?? []
  const [coverage, setCoverage] = createSignal<Record<string, OperatorCoverage>>({ ...props.village.coverage })
  const [households, setHouseholds] = createSignal(props.village.households === undefined ? '' : String(props.village.households))
  const [reason, setReason] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [busy, setBusy] = createSignal(false)
  const pid = `rr-${props.id}`
  const save = async () => {
    if (!reason().trim()) return setError(tr('reviewReasonRequired'))
    const h = households().trim()
    if (h && !/^\d{1,7}$/.test(h)) return setError(tr('villageHouseholds'))
    const { households: _h, ...rest } = props.village
    const village: Village = { ...rest, coverage: coverage(), ...(h ? { households: Number(h) } : {}) }
    setBusy(true)
    setError(undefined)
    try {
      await rosterReviewApi.adjust(m.communeId, m.year, props.id, { version: m.assessment().version, village, reason: reason().trim() })
      await m.reload()
      props.onDone()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
      if (e instanceof ApiError && e.status === 409) await m.reload().catch(() => undefined)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="vl-edit" data-testid={`rr-form-${props.id}`}>
      <fieldset class="vl-cov-edit">
        <legend>{tr('coverageTitle')}</legend>
        <For each={ops}>
          {(op) => (
            <div class="vl-op">
              <label for={`${pid}-cov-${op.id}`}>{l(op.label)}</label>
              <select
                id={`${pid}-cov-${op.id}`}
                class="input"
                value={coverage()[op.id]?.level ?? ''}
                onChange={(e) => {
                  const next = { ...coverage() }
                  const lv = e.currentTarget.value
                  if (lv) next[op.id] = { level: lv as CoverageLevel }
                  else delete next[op.id]
                  setCoverage(next)
                }}
              >
                <option value="">{tr('coverageUnknown')}</option>
                <For each={COVERAGE_LEVELS}>{(lv) => <option value={lv}>{levelLabel(lv)}</option>}</For>
              </select>
            </div>
          )}
        </For>
      </fieldset>
      <div class="field">
        <label for={`${pid}-households`}>{tr('villageHouseholds')}</label>
        <input id={`${pid}-households`} class="input input-num" inputmode="numeric" value={households()} onInput={(e) => setHouseholds(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${pid}-reason`}>{tr('reviewAdjustReason')}</label>
        <textarea id={`${pid}-reason`} class="input" rows={2} maxLength={2000} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <ErrorLine message={error()} />
      <div class="vl-loc-row">
        <button type="button" class="btn btn-primary btn-sm" disabled={busy()} onClick={() => void save()} data-testid={`rr-save-${props.id}`}>
          {tr('reviewAdjustSave')}
        </button>
        <button type="button" class="btn btn-sm" onClick={props.onDone}>
          {tr('reviewAdjustCancel')}
        </button>
      </div>
    </div>
  )
}
