import { For, Match, Show, Switch, createResource, createSignal, onCleanup } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import { Loading } from '../ui/loading'
import { WithMe } from '../shell/me'
import type { Me } from '../api/client'
import type { QueueItem, Status } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { YearPicker } from '../ui/year-picker'
import { fmtDate, fmtDateTime, fmtNumber, t } from '../i18n'
import { ts } from '../i18n/season'
import { daysBetween } from '../../../shared/season'
import type { QueueSort } from '../../../shared/queue'
import { vietnamDate } from '../../../shared/survey-year'

/** dd/mm/yyyy of an instant, in Vietnam time. */
const fmtShortDate = (iso: string) => fmtDate(vietnamDate(new Date(iso)))
import { tr } from '../i18n/review'
import { hrefOf, navigate } from '../router'
import { Notice } from '../ui/notice'
import { STATUSES, StatusBadge, statusLabel } from './status'
import { ForUnit } from './for-unit'
import type { ReviewUnit } from './units'
import { ErrorLine } from '../ui/error-line'

const PAGE = 25

/** A review unit's assessments for the survey year, filtered by status, paged with the server's cursor. */
export default function QueuePage(props: { unitId?: string | undefined; year: number }) {
  return (
    <div class="page page-wide">
      <WithMe>
        {(me) => (
          <ForUnit me={me()} unitId={props.unitId}>
            {(unit, units) => <Queue me={me()} unit={unit()} units={units()} year={props.year} />}
          </ForUnit>
        )}
      </WithMe>
    </div>
  )
}

function Queue(props: { me: Me; unit: ReviewUnit; units: ReviewUnit[]; year: number }) {
  // Reviewers come here to work: what waits for them first, longest waiting first. Administrators see everything.
  const reviewer = props.me.user.role === 'reviewer'
  const [status, setStatus] = createSignal<Status | ''>(reviewer ? 'submitted' : '')
  const [sort, setSort] = createSignal<QueueSort>(reviewer ? 'waiting' : 'commune')
  const [search, setSearch] = createSignal('')
  const [q, setQ] = createSignal('')
  let typing: ReturnType<typeof setTimeout> | undefined
  // Searching asks the server once typing pauses, not at every key (3G).
  const onSearch = (text: string) => {
    setSearch(text)
    clearTimeout(typing)
    typing = setTimeout(() => setQ(text.trim()), 300)
  }
  onCleanup(() => clearTimeout(typing))
  const [mine, setMine] = createSignal(false)
  // Who may be assigned (the unit's reviewers); the assignment pickers appear once this answers.
  const [reviewers] = createResource(() => props.unit.id, (unitId) => reviewApi.reviewers(unitId).then((r) => r.reviewers).catch(() => []))
  const [pages, setPages] = createSignal<QueueItem[][]>([])
  const [cursor, setCursor] = createSignal<string>()
  const [total, setTotal] = createSignal<number>()
  const query = (c?: string) => ({
    year: props.year,
    unitId: props.unit.id,
    status: status() || undefined,
    limit: PAGE,
    ...(sort() !== 'commune' ? { sort: sort() } : {}),
    ...(q() ? { q: q() } : {}),
    ...(mine() ? { mine: true } : {}),
    ...(c ? { cursor: c } : {}),
  })
  const [first] = createResource(
    () => ({ unitId: props.unit.id, status: status(), year: props.year, sort: sort(), q: q(), mine: mine() }),
    async () => {
      const res = await reviewApi.queue(query())
      setPages([res.items])
      setCursor(res.nextCursor)
      setTotal(res.total)
      return res
    },
  )
  const [more, setMore] = createSignal<'idle' | 'busy' | 'error'>('idle')
  const loadMore = async () => {
    setMore('busy')
    try {
      const res = await reviewApi.queue(query(cursor()))
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
          <label for="q-search">{ts('qSearch')}</label>
          <input id="q-search" class="input" type="search" maxlength="100" value={search()} onInput={(e) => onSearch(e.currentTarget.value)} data-testid="queue-search" />
        </div>
        <div class="field">
          <label for="q-sort">{ts('qSort')}</label>
          <select id="q-sort" class="input" value={sort()} onChange={(e) => setSort(e.currentTarget.value as QueueSort)} data-testid="queue-sort">
            <option value="waiting">{ts('qSortWaiting')}</option>
            <option value="name">{ts('qSortName')}</option>
            <option value="score">{ts('qSortScore')}</option>
            <option value="reviewed">{ts('qSortReviewed')}</option>
            <option value="commune">{tr('queueCommune')}</option>
          </select>
        </div>
        <Show when={reviewer}>
          <label class="check small">
            <input type="checkbox" checked={mine()} onChange={(e) => setMine(e.currentTarget.checked)} data-testid="queue-mine" />
            <span>{ts('qOnlyMine')}</span>
          </label>
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
            {errorMessage(first.error, { other: t('errNetwork'), thrown: t('errNetwork') })}
          </Notice>
        </Match>
        <Match when={first.loading && !items().length}>
          <Loading />
        </Match>
        <Match when={!items().length}>
          <Notice kind="info">{tr('queueEmpty')}</Notice>
        </Match>
        <Match when={true}>
          <QueueTable items={items()} year={props.year} assign={reviewers.latest ? { reviewers: reviewers.latest } : undefined} />
          <p class="muted small" role="status">
            {tr('queueCount', { n: items().length })}
            <Show when={total() !== undefined && total()! > items().length}> / {total()}</Show>
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

type Assigning = { reviewers: { id: string; name: string }[] }

/** A table on wide screens; on phones each row becomes a card (labels from data-label, see styles.css). */
export function QueueTable(props: { items: QueueItem[]; year: number; assign?: Assigning }) {
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
          <th scope="col">{ts('qSubmitted')}</th>
          <th scope="col" class="num">
            {ts('qDays')}
          </th>
          <th scope="col" class="num">
            {ts('qReviewed')}
          </th>
          <th scope="col" class="num">
            {ts('qEvidence')}
          </th>
          <th scope="col">{ts('qAssignee')}</th>
          <th scope="col">{tr('queueUpdated')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.items}>{(it) => <QueueRow item={it} year={props.year} assign={props.assign} />}</For>
      </tbody>
    </table>
  )
}

function QueueRow(props: { item: QueueItem; year: number; assign?: Assigning | undefined }) {
  const it = () => props.item
  const [assignee, setAssignee] = createSignal(props.item.assignee?.id ?? '')
  const [assignError, setAssignError] = createSignal<string>()
  const assignTo = async (reviewerId: string) => {
    const before = assignee()
    setAssignee(reviewerId)
    setAssignError(undefined)
    try {
      await reviewApi.assign(props.year, it().communeId, reviewerId || null)
    } catch (e) {
      // The screen shows what is stored: back to the previous assignee, and why.
      setAssignee(before)
      setAssignError(errorMessage(e, { status: { 403: ts('errForbiddenAction', { action: ts('qAssign').toLowerCase() }) }, other: t('errNetwork'), thrown: t('errNetwork') }))
    }
  }
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
      <td data-label={ts('qSubmitted')} class="small" data-testid="q-submitted">
        {it().submittedAt ? fmtShortDate(it().submittedAt!) : '—'}
      </td>
      <td data-label={ts('qDays')} class="num small" data-testid="q-days">
        {it().submittedAt && it().status === 'submitted' ? ts('qDaysN', { n: daysBetween(it().submittedAt!, new Date()) }) : '—'}
      </td>
      <td data-label={ts('qReviewed')} class="num small" data-testid="q-reviewed">
        {it().summary.indicators ? `${it().summary.reviewed ?? 0}/${it().summary.indicators}` : '—'}
      </td>
      <td data-label={ts('qEvidence')} class="num small" data-testid="q-evidence">
        {it().summary.openEvidence ?? '—'}
      </td>
      <td data-label={ts('qAssignee')} class="small" data-testid="q-assignee">
        <Show when={props.assign?.reviewers.length} fallback={it().assignee?.name ?? '—'}>
          <select
            class="input input-sm"
            aria-label={`${ts('qAssign')} · ${it().communeName}`}
            value={assignee()}
            onChange={(e) => void assignTo(e.currentTarget.value)}
          >
            <option value="">{ts('qUnassigned')}</option>
            <For each={props.assign!.reviewers}>{(r) => <option value={r.id}>{r.name}</option>}</For>
          </select>
          <ErrorLine message={assignError()} />
        </Show>
      </td>
      <td data-label={tr('queueUpdated')} class="small">
        {it().updatedAt ? fmtDateTime(it().updatedAt!) : '—'}
      </td>
    </tr>
  )
}
