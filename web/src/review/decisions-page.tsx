import { For, Show, createResource, createSignal, type JSX } from 'solid-js'
import { WithMe } from '../shell/me'
import type { Me } from '../api/client'
import type { QueueItem, Status } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { YearPicker } from '../ui/year-picker'
import { fmtDateTime, fmtNumber, t } from '../i18n'
import { tr, type ReviewKey } from '../i18n/review'
import { hrefOf, navigate } from '../router'
import { Notice } from '../ui/notice'
import { ActionDialog, type ActionField } from './action-dialog'
import { PendingList } from './pending-list'
import { ts } from '../i18n/season'
import { StatusBadge } from './status'
import { ForUnit } from './for-unit'
import type { ReviewUnit } from './units'
import { Loaded } from '../ui/loaded'

const DECIDED: Status[] = ['recognised', 'not_recognised', 'district_rejected']

/** Walks the queue's cursor to the end: a review unit has tens of communes, at most a few hundred. */
async function allOf(year: number, unitId: string, status: Status): Promise<QueueItem[]> {
  const items: QueueItem[] = []
  let cursor: string | undefined
  for (let page = 0; page < 20; page++) {
    const res = await reviewApi.queue({ year, unitId, status, cursor, limit: 100 })
    items.push(...res.items)
    cursor = res.nextCursor
    if (!cursor) break
  }
  return items
}

/** The administrator's recognition decisions for one review unit. */
export default function DecisionsPage(props: { unitId?: string | undefined; year: number }) {
  return (
    <div class="page page-wide">
      <WithMe>
        {(me) => (
          // Recognition is the province administrator's: no one else is shown buttons they cannot use.
          <Show when={me().user.role === 'admin'} fallback={<Notice kind="info">{ts('decisionsAdminOnly')}</Notice>}>
            <ForUnit me={me()} unitId={props.unitId}>
              {(unit, units) => <Decisions me={me()} unit={unit()} units={units()} year={props.year} />}
            </ForUnit>
          </Show>
        )}
      </WithMe>
    </div>
  )
}

type Pending = { item: QueueItem; path: 'recognise' | 'not-recognise' | 'reopen' }

function Decisions(props: { me: Me; unit: ReviewUnit; units: ReviewUnit[]; year: number }) {
  const [lists, { refetch }] = createResource(
    () => ({ unitId: props.unit.id, year: props.year }),
    async ({ unitId, year }) => {
      const [waiting, ...decided] = await Promise.all([allOf(year, unitId, 'district_approved'), ...DECIDED.map((s) => allOf(year, unitId, s))])
      return { waiting: waiting!, decided: decided.flat().sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '')) }
    },
  )
  const [pending, setPending] = createSignal<Pending>()
  const [done, setDone] = createSignal<string>()
  const units = () => props.units

  return (
    <>
      <h1>{tr('decisionsTitle', { year: props.year })}</h1>
      <p class="muted">
        {props.unit.name} · {tr('decisionsIntro')}
      </p>
      <div class="filters">
        <YearPicker id="d-year" value={props.year} showWaiting onChange={(year) => navigate({ name: 'decisions', unitId: props.unit.id, year })} />
        <Show when={units().length > 1}>
          <div class="field">
            <label for="d-unit">{tr('queueUnit')}</label>
            <select id="d-unit" class="input" value={props.unit.id} onChange={(e) => navigate({ name: 'decisions', unitId: e.currentTarget.value, year: props.year })}>
              <For each={units()}>{(u) => <option value={u.id}>{u.name}</option>}</For>
            </select>
          </div>
        </Show>
      </div>
      <Show when={props.me.user.role === 'admin' && units().length > 0}>
        <PendingList year={props.year} units={units()} onDone={() => void refetch()} />
      </Show>
      <h2 class="decided-title">{props.unit.name}</h2>
      <Show when={done()}>{(d) => <Notice kind="success">{d()}</Notice>}</Show>
      <Loaded resource={lists}>
        {(l) => (
          <>
            <Show when={l().waiting.length} fallback={<Notice kind="info">{tr('decisionsEmpty')}</Notice>}>
              <ul class="decision-list" data-testid="decisions-waiting">
                <For each={l().waiting}>
                  {(it) => (
                    <DecisionRow item={it} year={props.year}>
                      <button type="button" class="btn btn-primary btn-sm" data-testid={`recognise-${it.communeId}`} onClick={() => setPending({ item: it, path: 'recognise' })}>
                        {tr('actRecognise')}
                      </button>
                      <button type="button" class="btn btn-danger-ghost btn-sm" onClick={() => setPending({ item: it, path: 'not-recognise' })}>
                        {tr('actNotRecognise')}
                      </button>
                    </DecisionRow>
                  )}
                </For>
              </ul>
            </Show>
            <h2 class="decided-title">{tr('decisionsDecided')}</h2>
            <Show when={l().decided.length} fallback={<p class="muted">{tr('decisionsDecidedEmpty')}</p>}>
              <ul class="decision-list" data-testid="decisions-decided">
                <For each={l().decided}>
                  {(it) => (
                    <DecisionRow item={it} year={props.year}>
                      <button type="button" class="btn btn-sm" onClick={() => setPending({ item: it, path: 'reopen' })}>
                        {tr('actReopen')}
                      </button>
                    </DecisionRow>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loaded>
      <Show when={pending()} keyed>
        {(p) => {
          const spec: Record<Pending['path'], { title: ReviewKey; body?: ReviewKey; field: ActionField; label: ReviewKey; done: ReviewKey; danger?: boolean }> = {
            recognise: { title: 'dlgRecogniseTitle', body: 'dlgRecogniseBody', field: 'decision', label: 'actRecognise', done: 'doneRecognise' },
            'not-recognise': { title: 'dlgNotRecogniseTitle', field: 'reason', label: 'actNotRecognise', done: 'doneNotRecognise', danger: true },
            reopen: { title: 'dlgReopenTitle', body: 'dlgReopenBody', field: 'reason', label: 'actReopen', done: 'doneReopen' },
          }
          const s = spec[p.path]
          return (
            <ActionDialog
              open
              onClose={() => setPending(undefined)}
              title={tr(s.title, { name: p.item.communeName })}
              body={s.body ? <p>{tr(s.body)}</p> : undefined}
              field={s.field}
              confirmLabel={tr(s.label)}
              danger={s.danger}
              testId={`dlg-${p.path}`}
              run={async (values) => {
                await reviewApi.transition(p.item.communeId, props.year, p.path, { version: p.item.version, ...values })
                setDone(`${p.item.communeName}: ${tr(s.done)}`)
                await refetch()
              }}
            />
          )
        }}
      </Show>
    </>
  )
}

function DecisionRow(props: { item: QueueItem; year: number; children: JSX.Element }) {
  const it = () => props.item
  const total = () => it().summary.reviewedTotal ?? it().summary.total
  const eligible = () => it().summary.reviewedEligible ?? it().summary.eligible
  return (
    <li class="decision" data-commune={it().communeId}>
      <div class="decision-main">
        <a class="decision-name" href={hrefOf({ name: 'assessment', communeId: it().communeId, year: props.year })}>
          {it().communeName}
        </a>
        <StatusBadge status={it().status} />
        <span class="decision-total">
          <strong>{fmtNumber(total())}</strong> <span class="muted small">{tr('summaryReviewed').toLowerCase()}</span>
        </span>
        <span class={`pill ${eligible() ? 'pill-ok' : 'pill-bad'}`}>{eligible() ? t('eligibleShort') : t('notEligibleShort')}</span>
        <Show when={it().updatedAt}>{(at) => <span class="small muted">{fmtDateTime(at())}</span>}</Show>
      </div>
      <div class="decision-actions row">{props.children}</div>
    </li>
  )
}
