import { For, Match, Show, Switch, createResource } from 'solid-js'
import { Loading } from '../ui/loading'
import { adminApi, type AdminUnit } from '../api/admin-api'
import { fmtDate, fmtDateTime, fmtNumber, t } from '../i18n'
import { ta } from '../i18n/admin'
import { StatusBadge } from '../review/status'
import { hrefOf } from '../router'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'
import { adminProblem } from './errors'

/**
 * A commune's assessments by year, its predecessors' included (GET /communes/:id/history): the 2025 reform's
 * promise that a merged commune keeps the history of the communes it was made from.
 */
export function HistoryDialog(props: { unit: AdminUnit; onClose: () => void }) {
  const [history] = createResource(() => adminApi.history(props.unit.id))
  const nameIn = (h: { commune: AdminUnit; predecessors: AdminUnit[] }, id: string) =>
    [h.commune, ...h.predecessors].find((u) => u.id === id)?.name ?? id
  const total = (summary: Record<string, unknown> | undefined) => (typeof summary?.['total'] === 'number' ? fmtNumber(summary['total']) : '—')
  return (
    <Dialog
      open
      wide
      onClose={props.onClose}
      title={ta('historyTitle', { name: props.unit.name })}
      footer={
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {ta('historyClose')}
        </button>
      }
    >
      <Switch fallback={<Loading />}>
        <Match when={history.error}>
          <Notice kind="error">{adminProblem(history.error).text}</Notice>
        </Match>
        <Match when={history()}>
          {(h) => (
            <div data-testid="history">
              <Show when={h().predecessors.length}>
                <p class="muted small">{ta('historyIntro', { names: h().predecessors.map((p) => p.name).join(', ') })}</p>
              </Show>
              <Show when={h().merges.length}>
                <section class="adm-history-year" data-testid="history-merges">
                  <h3>{ta('historyMerges')}</h3>
                  <ul>
                    <For each={h().merges}>
                      {(m) => (
                        <li>
                          <p>{ta('historyMergeLine', { at: fmtDateTime(m.at), by: m.byName, from: m.from.map((f) => f.name).join(', '), into: m.into.name })}</p>
                          <For each={m.years}>
                            {(y) => (
                              <>
                                <Show when={y.carried.length}>
                                  <p class="small">{ta('historyMergeCarried', { year: y.year, names: y.carried.map((id) => nameIn(h(), id)).join(', '), version: y.successorVersion ?? '' })}</p>
                                </Show>
                                <Show when={y.setAside.length}>
                                  <p class="small">{ta('historyMergeSetAside', { year: y.year, names: y.setAside.map((id) => nameIn(h(), id)).join(', ') })}</p>
                                </Show>
                              </>
                            )}
                          </For>
                          <Show when={m.users.length}>
                            <p class="small">
                              {ta('historyMergeUsers', { how: ta(m.officers === 'move' ? 'mergeHowMove' : 'mergeHowDeactivate'), names: m.users.map((u) => `${u.name} (${u.username})`).join(', ') })}
                            </p>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              </Show>
              <Show when={h().years.length} fallback={<Notice kind="info">{ta('historyEmpty')}</Notice>}>
                <For each={h().years}>
                  {(y) => (
                    <section class="adm-history-year" data-year={y.year}>
                      <h3>{ta('historyYear', { year: y.year })}</h3>
                      <table class="qtable">
                        <thead>
                          <tr>
                            <th scope="col">{ta('colCommune')}</th>
                            <th scope="col">{ta('colStatus')}</th>
                            <th scope="col" class="num">
                              {ta('colTotal')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={y.assessments}>
                            {(a) => (
                              <tr data-commune={a.communeId}>
                                <th scope="row" data-label={ta('colCommune')}>
                                  <a href={hrefOf({ name: 'assessment', communeId: a.communeId, year: a.year })}>{a.communeName}</a>
                                  <Show when={a.predecessor}>
                                    <span class="muted small"> · {ta('historyPredecessor')}</span>
                                  </Show>
                                  <Show when={a.mergedInto}>
                                    {(into) => <span class="muted small" data-testid="history-merged-into"> · {ta('historyMergedInto', { name: nameIn(h(), into()) })}</span>}
                                  </Show>
                                  <Show when={a.decisionNumber || a.decisionDate}>
                                    <span class="small" data-testid="history-decision">
                                      {' · '}
                                      {ta('historyDecision', { number: a.decisionNumber ?? '—', date: a.decisionDate ? fmtDate(a.decisionDate) : '—' })}
                                    </span>
                                  </Show>
                                </th>
                                <td data-label={ta('colStatus')}>
                                  <StatusBadge status={a.status} />
                                </td>
                                <td data-label={ta('colTotal')} class="num">
                                  {total(a.summary)}
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </section>
                  )}
                </For>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </Dialog>
  )
}
