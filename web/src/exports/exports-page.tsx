import { For, Match, Show, Switch, createEffect, createResource, createSignal, on } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import { WithMe } from '../shell/me'
import { call, client, type Me } from '../api/client'
import { t } from '../i18n'
import { tx } from '../i18n/export'
import { createReviewUnits } from '../review/units'
import { navigate } from '../router'
import { Notice } from '../ui/notice'
import { isSurveyYear } from '../ui/year-field'
import { YearPicker } from '../ui/year-picker'
import { downloadExport, type ExportFormat } from './download'
import { RecognisedPrint } from './recognised-print'
import './exports.css'

/**
 * #/exports: the assessments of a year as CSV or XLSX (administrator: the province or one review unit; reviewer:
 * their own unit), and, for administrators, the printable list of recognised communes for the decision.
 */
export default function ExportsPage(props: { year: number }) {
  return (
    <div class="page page-wide exports-page">
      <WithMe>
        {(me) => <Exports me={me()} year={props.year} />}
      </WithMe>
    </div>
  )
}


function Exports(props: { me: Me; year: number }) {
  const isAdmin = props.me.user.role === 'admin'
  const units = createReviewUnits(props.me)
  const year = () => props.year
  // '' = the caller's own unit: the province for an administrator, the review unit for a reviewer.
  const [unitId, setUnitId] = createSignal('')
  const [busy, setBusy] = createSignal<ExportFormat>()
  const [status, setStatus] = createSignal<{ kind: 'success' | 'error'; text: string }>()

  const download = async (format: ExportFormat) => {
    if (!isSurveyYear(year())) return setStatus({ kind: 'error', text: tx('exportsYearInvalid') })
    setBusy(format)
    setStatus(undefined)
    try {
      const file = await downloadExport(format, year(), unitId() || undefined)
      setStatus({ kind: 'success', text: tx('exportsDownloaded', { file }) })
    } catch (err) {
      setStatus({ kind: 'error', text: tx('exportsFailed', { message: describe(err) }) })
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <>
      <div class="no-print">
        <h1>{tx('exportsTitle')}</h1>
        <p class="muted">{tx('exportsIntro')}</p>
        <div class="filters">
          <YearPicker id="x-year" value={year()} onChange={(y) => navigate({ name: 'exports', year: y })} />
          <Show when={isAdmin}>
            <div class="field">
              <label for="x-unit">{tx('exportsUnit')}</label>
              <select id="x-unit" class="input" value={unitId()} onChange={(e) => setUnitId(e.currentTarget.value)}>
                <option value="">{tx('exportsWholeProvince', { name: props.me.orgUnit?.name ?? props.me.user.orgUnitId })}</option>
                <For each={units() ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
              </select>
            </div>
          </Show>
        </div>
        <section aria-labelledby="x-download">
          <h2 id="x-download">{tx('exportsDownloadTitle')}</h2>
          <p class="muted">{tx('exportsDownloadHint')}</p>
          <p class="row">
            <button type="button" class="btn btn-primary" data-testid="export-xlsx" disabled={!!busy()} onClick={() => void download('xlsx')}>
              {busy() === 'xlsx' ? tx('exportsDownloading') : tx('exportsXlsx')}
            </button>
            <button type="button" class="btn" data-testid="export-csv" disabled={!!busy()} onClick={() => void download('csv')}>
              {busy() === 'csv' ? tx('exportsDownloading') : tx('exportsCsv')}
            </button>
          </p>
          <div data-testid="export-status" aria-live="polite">
            <Show when={status()}>{(s) => <Notice kind={s().kind}>{s().text}</Notice>}</Show>
          </div>
        </section>
      </div>
      <Show when={isAdmin}>
        <RecognisedSection year={year()} unitId={unitId()} />
      </Show>
    </>
  )
}

/** A failed read or download: the common sentences, else the server's own message. */
const describe = (err: unknown): string => errorMessage(err, { fields: false, other: (e) => e.message, thrown: t('errNetwork') })

function RecognisedSection(props: { year: number; unitId: string }) {
  const [list] = createResource(
    () => (isSurveyYear(props.year) ? { year: props.year, unitId: props.unitId } : undefined),
    ({ year, unitId }) =>
      call(() => client.api.exports.recognised.$get({ query: { year: String(year), ...(unitId ? { unitId } : {}) } })),
  )
  const [number, setNumber] = createSignal('')
  const [date, setDate] = createSignal('')
  // The header's decision: the one the communes were recognised with when they all share it (the admin only checks
  // it); with several decisions each row prints its own and the header is left for the covering decision.
  createEffect(
    on(
      () => list.latest,
      (l) => {
        const numbers = new Set(l?.items.map((i) => i.decisionNumber ?? ''))
        const dates = new Set(l?.items.map((i) => i.decisionDate ?? ''))
        setNumber(numbers.size === 1 ? ([...numbers][0]!.replace(/\/QĐ-UBND$/i, '') ?? '') : '')
        setDate(dates.size === 1 ? [...dates][0]! : '')
      },
    ),
  )

  return (
    <section class="recognised" aria-labelledby="x-recognised">
      <div class="no-print">
        <h2 id="x-recognised">{tx('recognisedTitle')}</h2>
        <p class="muted">{tx('recognisedHint')}</p>
        <div class="filters">
          <div class="field">
            <label for="x-number">{tx('recognisedNumber')}</label>
            <input id="x-number" class="input" value={number()} maxLength={40} onInput={(e) => setNumber(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="x-date">{tx('recognisedDate')}</label>
            <input id="x-date" class="input" type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
          </div>
        </div>
      </div>
      <Switch>
        <Match when={list.error}>
          <Notice kind="error">{describe(list.error)}</Notice>
        </Match>
        <Match when={list.latest}>
          {(l) => (
            <>
              <p class="row no-print">
                <span class="muted">{tx('recognisedCount', { n: l().items.length })}</span>
                <button type="button" class="btn btn-primary" data-testid="print-recognised" onClick={() => window.print()}>
                  {tx('recognisedPrint')}
                </button>
              </p>
              <Show when={l().items.length === 0}>
                <div class="no-print">
                  <Notice kind="info">{tx('recognisedEmpty', { year: l().year })}</Notice>
                </div>
              </Show>
              <RecognisedPrint year={l().year} provinceName={l().province.name} decisionNumber={number()} decisionDate={date()} items={l().items} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}
