import { For, Match, Show, Switch, createResource, createSignal, type Resource } from 'solid-js'
import { ApiError, type Me } from '../api/client'
import type { QueueItem, Status } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { YearPicker } from '../ui/year-picker'
import { fmtDateTime, fmtNumber, t } from '../i18n'
import { tr } from '../i18n/review'
import { hrefOf, navigate } from '../router'
import { Notice } from '../ui/notice'
import { STATUSES, StatusBadge, statusLabel } from './status'
import { createReviewUnits, pickUnit, type ReviewUnit } from './units'

const PAGE = 25

/** A review unit's assessments for the survey year, filtered by status, paged with the server's cursor. */
export default function QueuePage(props: { unitId?: string | undefined; year: number; me: Resource<Me> }) {
  return (
    <div class="page page-wide">
      <Show when={props.me.latest} fallback={<p class="muted" role="status">{t('loading')}</p>}>
        {(me) => <ForUnit me={me()} unitId={props.unitId} year={props.year} />}
      </Show>
    </div>
  )
}

/** Waits for the caller's review units, then shows the one asked for (else the first). */
function ForUnit(props: { me: Me; unitId: string | undefined; year: number }) {
  const units = createReviewUnits(props.me)
  return (
    <Show when={units()} fallback={<p class="muted" role="status">{t('loading')}</p>}>
      {(list) => (
        <Show when={pickUnit(list(), props.unitId)} fallback={<Notice kind="info">{t('homeEmpty')}</Notice>}>
          {(unit) => <Queue me={props.me} unit={unit()} units={list()} year={props.year} />}
        </Show>
      )}
    </Show>
  )
}

function Queue(props: { me: Me; unit: ReviewUnit; units: ReviewUnit[]; year: number }) {
  // Reviewers come here to work: what waits for them first. Administrators see everything.
  const [status, setStatus] = createSignal<Status | ''>(props.me.user.role === 'reviewer' ? 'submitted' : '')
  const [pages, setPages] = createSignal<QueueItem[][]>([])
  const [cursor, setCursor] = createSignal<string>()
  const [first] = createResource(
    () => ({ unitId: props.unit.id, status: status(), year: props.year }),
    async (q) => {
      const res = await reviewApi.queue({ year: q.year, unitId: q.unitId, status: q.status || undefined, limit: PAGE })
      setPages([res.items])
      setCursor(res.nextCursor)
      return res
    },
  )
  const [more, setMore] = createSignal<'idle' | 'busy' | 'error'>('idle')
  const loadMore = async () => {
    setMore('busy')
    try {
      const res = await reviewApi.queue({
        year: props.year,
        unitId: props.unit.id,
        status: status() || undefined,
        cursor: cursor(),
        limit: PAGE,
      })
      setPages((p) => [...p, res.items])
      setCursor(res.nextCursor)
      setMore('idle')
    } catch {
      setMore('error')
    }
  }
  const items = () => pages().flat()
  const units = () => props.units

  return (
    <>
      <h1>{tr('queueTitle')}</h1>
      <p class="muted">{tr('queueIntro', { year: props.year, unit: props.unit.name })}</p>
      <div class="filters">
        <YearPicker id="q-year" value={props.year} showWaiting onChange={(year) => navigate({ name: 'queue', unitId: props.unit.id, year })} />
        <Show when={units().length > 1}>
          <div class="field">
            <label for="q-unit">{tr('queueUnit')}</label>
            <select
              id="q-unit"
              class="input"
              value={props.unit.id}
              onChange={(e) => navigate({ name: 'queue', unitId: e.currentTarget.value, year: props.year })}
            >
              <For each={units()}>{(u) => <option value={u.id}>{u.name}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label for="q-status">{tr('queueStatus')}</label>
          <select id="q-status" class="input" value={status()} onChange={(e) => setStatus(e.currentTarget.value as Status | '')}>
            <option value="">{tr('queueAll')}</option>
            <For each={STATUSES}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
          </select>
        </div>
      </div>
      <Switch>
        <Match when={first.error}>
          <Notice kind="error">
            {first.error instanceof ApiError && first.error.status === 403 ? t('errForbidden') : t('errNetwork')}
          </Notice>
        </Match>
        <Match when={first.loading && !items().length}>
          <p class="muted" role="status">
            {t('loading')}
          </p>
        </Match>
        <Match when={!items().length}>
          <Notice kind="info">{tr('queueEmpty')}</Notice>
        </Match>
        <Match when={true}>
          <QueueTable items={items()} year={props.year} />
          <p class="muted small" role="status">
            {tr('queueCount', { n: items().length })}
          </p>
          <Show when={cursor()}>
            <button type="button" class="btn" disabled={more() === 'busy'} onClick={loadMore} data-testid="queue-more">
              {more() === 'busy' ? t('loading') : tr('queueMore')}
            </button>
          </Show>
          <Show when={more() === 'error'}>
            <Notice kind="error">{t('errNetwork')}</Notice>
          </Show>
        </Match>
      </Switch>
    </>
  )
}

/** A table on wide screens; on phones each row becomes a card (labels from data-label, see styles.css). */
export function QueueTable(props: { items: QueueItem[]; year: number }) {
  return (
    <table class="qtable" data-testid="queue">
      <thead>
        <tr>
          <th scope="col">{tr('queueCommune')}</th>
          <th scope="col">{tr('queueStatus')}</th>
          <th scope="col" class="num">
            {tr('queueTotal')}
          </th>
          <th scope="col">{tr('queueEligible')}</th>
          <th scope="col">{tr('queueUpdated')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.items}>{(it) => <QueueRow item={it} year={props.year} />}</For>
      </tbody>
    </table>
  )
}

function QueueRow(props: { item: QueueItem; year: number }) {
  const it = () => props.item
  const reviewed = () => it().summary.reviewedTotal
  const eligible = () => it().summary.reviewedEligible ?? it().summary.eligible
  return (
    <tr data-commune={it().communeId}>
      <th scope="row" data-label={tr('queueCommune')}>
        <a href={hrefOf({ name: 'assessment', communeId: it().communeId, year: props.year })}>{it().communeName}</a>
      </th>
      <td data-label={tr('queueStatus')}>
        <StatusBadge status={it().status} />
      </td>
      <td data-label={tr('queueTotal')} class="num">
        <strong>{fmtNumber(reviewed() ?? it().summary.total)}</strong>
        <Show when={reviewed() !== undefined && reviewed() !== it().summary.total}>
          <span class="muted small q-own">
            {tr('summaryOfficer')}: {fmtNumber(it().summary.total)}
          </span>
        </Show>
      </td>
      <td data-label={tr('queueEligible')}>
        <span class={`pill ${eligible() ? 'pill-ok' : 'pill-bad'}`}>{eligible() ? t('eligibleShort') : t('notEligibleShort')}</span>
      </td>
      <td data-label={tr('queueUpdated')} class="small">
        {it().updatedAt ? fmtDateTime(it().updatedAt!) : '—'}
      </td>
    </tr>
  )
}
