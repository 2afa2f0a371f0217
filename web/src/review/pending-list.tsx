import { For, Show, createResource, createSignal } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import { call, client } from '../api/client'
import type { QueueItem } from '../api/contract'
import { reviewApi } from '../api/review-api'
import { fmtNumber, t } from '../i18n'
import { tr } from '../i18n/review'
import { ts } from '../i18n/season'
import { hrefOf } from '../router'
import { Notice } from '../ui/notice'
import type { ReviewUnit } from './units'
import { Loaded } from '../ui/loaded'

type Pending = QueueItem & { unitName: string }
type Result = { communeId: string; ok: boolean; error?: { code: string; message: string } }

/** Every district-approved commune of the year across the province's review units (each unit's queue, walked). */
async function pendingOf(year: number, units: ReviewUnit[]): Promise<Pending[]> {
  const lists = await Promise.all(
    units.map(async (u) => {
      const items: Pending[] = []
      let cursor: string | undefined
      // Bounded: a unit has at most a few hundred communes.
      for (let page = 0; page < 10; page++) {
        const res = await reviewApi.queue({ year, unitId: u.id, status: 'district_approved', cursor, limit: 100 })
        items.push(...res.items.map((i) => ({ ...i, unitName: u.name })))
        cursor = res.nextCursor
        if (!cursor) break
      }
      return items
    }),
  )
  return lists.flat().sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi') || a.communeName.localeCompare(b.communeName, 'vi'))
}

/**
 * The administrator's province-wide list of communes waiting for the recognition decision, with multi-select:
 * the chosen ones are recognised in one request (POST /api/recognitions) under one decision number and date;
 * each succeeds or fails on its own and the failures are listed by name.
 */
export function PendingList(props: { year: number; units: ReviewUnit[]; onDone: () => void }) {
  const [list, { refetch }] = createResource(() => ({ year: props.year, units: props.units }), ({ year, units }) => pendingOf(year, units))
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set())
  const [number, setNumber] = createSignal('')
  const [date, setDate] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [outcome, setOutcome] = createSignal<{ ok: number; failed: { name: string; message: string }[] }>()
  const [error, setError] = createSignal<string>()
  const items = () => list.latest ?? []
  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  const allChosen = () => items().length > 0 && items().every((i) => chosen().has(i.communeId))

  const recognise = async () => {
    const picked = items().filter((i) => chosen().has(i.communeId))
    if (!picked.length || busy()) return
    setBusy(true)
    setError(undefined)
    setOutcome(undefined)
    try {
      const res = await call(() =>
        client.api.recognitions.$post({
          json: {
            year: props.year,
            items: picked.map((i) => ({ communeId: i.communeId, version: i.version })),
            ...(number().trim() ? { decisionNumber: number().trim() } : {}),
            ...(date() ? { decisionDate: date() } : {}),
          },
        }),
      )
      const results = res.results as Result[]
      const name = (id: string) => picked.find((p) => p.communeId === id)?.communeName ?? id
      setOutcome({
        ok: results.filter((r) => r.ok).length,
        failed: results.filter((r) => !r.ok).map((r) => ({ name: name(r.communeId), message: r.error?.code === 'not_eligible' ? tr('errNotEligible') : r.error?.code === 'version_conflict' ? tr('errVersion') : t('errGeneric') })),
      })
      setChosen(new Set<string>())
      await refetch()
      props.onDone()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="pending" aria-labelledby="pending-title" data-testid="pending-province">
      <h2 id="pending-title">{ts('pendingTitle', { year: props.year })}</h2>
      <Loaded resource={list}>
        {() => (
          <Show when={items().length} fallback={<p class="muted">{tr('decisionsEmpty')}</p>}>
            <label class="check small">
              <input
                type="checkbox"
                checked={allChosen()}
                onChange={(e) => setChosen(e.currentTarget.checked ? new Set(items().map((i) => i.communeId)) : new Set<string>())}
                data-testid="pending-all"
              />
              <span>{ts('pendingSelectAll')}</span>
            </label>
            <ul class="decision-list">
              <For each={items()}>
                {(it) => (
                  <li class="decision" data-commune={it.communeId}>
                    <label class="check">
                      <input type="checkbox" checked={chosen().has(it.communeId)} onChange={(e) => toggle(it.communeId, e.currentTarget.checked)} aria-label={ts('pendingSelect', { name: it.communeName })} />
                      <a href={hrefOf({ name: 'assessment', communeId: it.communeId, year: props.year })}>{it.communeName}</a>
                    </label>
                    <span class="small muted">{it.unitName}</span>
                    <span>
                      <strong>{fmtNumber(it.summary.reviewedTotal ?? it.summary.total)}</strong>{' '}
                      <span class={`pill ${(it.summary.reviewedEligible ?? it.summary.eligible) ? 'pill-ok' : 'pill-bad'}`}>
                        {(it.summary.reviewedEligible ?? it.summary.eligible) ? t('eligibleShort') : t('notEligibleShort')}
                      </span>
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <div class="filters">
              <div class="field">
                <label for="pending-number">{tr('fieldDecisionNumber')}</label>
                <input id="pending-number" class="input" maxlength="100" value={number()} onInput={(e) => setNumber(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="pending-date">{tr('fieldDecisionDate')}</label>
                <input id="pending-date" class="input" type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
              </div>
            </div>
            <button type="button" class="btn btn-primary" disabled={busy() || chosen().size === 0} onClick={() => void recognise()} data-testid="pending-recognise">
              {busy() ? tr('working') : ts('pendingRecognise', { n: chosen().size })}
            </button>
          </Show>
        )}
      </Loaded>
      <div aria-live="polite">
        <Show when={outcome()}>
          {(o) => (
            <Notice kind={o().failed.length ? 'warning' : 'success'}>
              <p>{ts('pendingDone', { ok: o().ok, failed: o().failed.length })}</p>
              <Show when={o().failed.length}>
                <ul>
                  <For each={o().failed}>{(f) => <li>{f.name}: {f.message}</li>}</For>
                </ul>
              </Show>
            </Notice>
          )}
        </Show>
        <Show when={error()}>{(e) => <Notice kind="error">{e()}</Notice>}</Show>
      </div>
    </section>
  )
}
