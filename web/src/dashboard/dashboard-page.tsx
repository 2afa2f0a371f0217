import { For, Match, Show, Switch, createResource, createSignal, type JSX } from 'solid-js'
import { errorMessage } from '../ui/error-message'
import { statusLabel as assessmentStatusLabel } from '../review/status'
import { Loading } from '../ui/loading'
import { WithMe } from '../shell/me'
import { call, client, type Me } from '../api/client'
import { lang, t } from '../i18n'
import { td } from '../i18n/dashboard'
import { navigate } from '../router'
import { Notice } from '../ui/notice'
import { isSurveyYear } from '../ui/year-field'
import { YearPicker } from '../ui/year-picker'
import { BarChart } from './bar-chart'
import './dashboard.css'

/*
 * #/dashboard[/<unitId>]: a year's numbers for the province (administrator, default) or one review unit
 * (administrator: any; reviewer: their own), read from GET /api/dashboard (write-time counters, no per-commune
 * rows). Every chart has its numbers in a table: a canvas is invisible to screen readers.
 */

const fetchDashboard = (year: number, unitId: string | undefined) =>
  call(() => client.api.dashboard.$get({ query: { year: String(year), ...(unitId ? { unitId } : {}) } }))
type Dashboard = Awaited<ReturnType<typeof fetchDashboard>>
type YearStats = Dashboard['current']
type Status = keyof YearStats['counts']

const STATUS_ORDER: Status[] = ['not_started', 'draft', 'returned', 'submitted', 'district_approved', 'district_rejected', 'recognised', 'not_recognised']
const statusLabel = (s: Status) => (s === 'not_started' ? td('dashNotStarted') : assessmentStatusLabel(s))

/** A long axis label as lines of about `width` characters (chart.js draws an array as several lines). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1]
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? td('dashNoValue') : n.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits })
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0')
const pct = (share: number) => `${fmt(share * 100, 0)} %`

export default function DashboardPage(props: { unitId?: string | undefined; year: number }) {
  return (
    <div class="page page-wide dash-page">
      <WithMe>
        {(me) => <DashboardView me={me()} unitId={props.unitId} year={props.year} />}
      </WithMe>
    </div>
  )
}

function DashboardView(props: { me: Me; unitId: string | undefined; year: number }) {
  const isAdmin = props.me.user.role === 'admin'
  const year = () => props.year
  const [data] = createResource(
    () => (isSurveyYear(year()) ? { year: year(), unitId: props.unitId } : undefined),
    ({ year, unitId }) => fetchDashboard(year, unitId),
  )

  return (
    <>
      <h1>{td('dashTitle')}</h1>
      <p class="muted">{td('dashIntro')}</p>
      <div class="filters">
        <YearPicker id="d-year" value={year()} onChange={(y) => navigate({ name: 'dashboard', ...(props.unitId ? { unitId: props.unitId } : {}), year: y })} />
        <Show when={isAdmin}>
          <div class="field">
            <label for="d-unit">{td('dashUnit')}</label>
            <select
              id="d-unit"
              class="input"
              data-testid="dash-unit"
              value={props.unitId ?? ''}
              onChange={(e) => navigate({ name: 'dashboard', ...(e.currentTarget.value ? { unitId: e.currentTarget.value } : {}), year: year() })}
            >
              <option value="">{td('dashWholeProvince', { name: props.me.orgUnit?.name ?? props.me.user.orgUnitId })}</option>
              <For each={data.latest?.units ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
            </select>
          </div>
        </Show>
      </div>
      <Show when={!isSurveyYear(year())}>
        <Notice kind="error">{td('dashYearInvalid')}</Notice>
      </Show>
      <Switch>
        <Match when={data.error}>
          <Notice kind="error">{describe(data.error)}</Notice>
        </Match>
        <Match when={data.latest}>{(d) => <Numbers data={d()} />}</Match>
        <Match when={data.loading}>
          <Loading />
        </Match>
      </Switch>
    </>
  )
}

/** A failed read or download: the common sentences, else the server's own message. */
const describe = (err: unknown): string => errorMessage(err, { fields: false, other: (e) => e.message, thrown: t('errNetwork') })

function Numbers(props: { data: Dashboard }) {
  const cur = () => props.data.current
  return (
    <div data-testid="dashboard">
      <section aria-labelledby="d-status">
        <h2 id="d-status">
          {td('dashStatusTitle')} — {props.data.unit.name} <span class="muted">({td('dashCommunes', { n: cur().communes })})</span>
        </h2>
        <ul class="dash-tiles" data-testid="dash-tiles">
          <For each={STATUS_ORDER}>
            {(s) => (
              <li class="dash-tile" data-status={s}>
                <span class="dash-tile-num">{cur().counts[s]}</span>
                <span class="dash-tile-label">{statusLabel(s)}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
      <Scores stats={cur()} />
      <Pillars stats={cur()} />
      <Failed stats={cur()} />
      <YearOverYear current={cur()} previous={props.data.previous} />
      <Show when={props.data.byUnit.length > 0}>
        <Units rows={props.data.byUnit} />
      </Show>
    </div>
  )
}

function Scores(props: { stats: YearStats }) {
  const range = (b: { from: number; to: number }) => `${fmt(b.from, 0)}–${fmt(b.to, 0)}`
  return (
    <section class="dash-card" aria-labelledby="d-scores">
      <h2 id="d-scores">{td('dashScoreTitle')}</h2>
      <Show when={props.stats.scored > 0} fallback={<p class="muted">{td('dashNoScores')}</p>}>
        <p>
          <strong>{td('dashAverage', { avg: fmt(props.stats.averageTotal), max: fmt(props.stats.maxTotal, 0) })}</strong>
          <br />
          {td('dashEligible', { n: props.stats.eligible, total: props.stats.scored })}
        </p>
        <p class="muted">{td('dashScoreHint', { n: props.stats.scored })}</p>
        <BarChart
          testId="chart-scores"
          labels={props.stats.buckets.map(range)}
          values={props.stats.buckets.map((b) => b.count)}
          label={td('dashScoreChart', { from: 0, to: fmt(props.stats.maxTotal, 0) })}
        />
        <details>
          <summary>{td('dashShowNumbers')}</summary>
          <NumberTable testId="table-scores" head={td('dashScoreRange')} cols={[td('dashScoreCount')]} each={props.stats.buckets}>
            {(b) => (
              <>
                <th scope="row">{range(b)}</th>
                <td class="num">{b.count}</td>
              </>
            )}
          </NumberTable>
        </details>
      </Show>
    </section>
  )
}

function Pillars(props: { stats: YearStats }) {
  const share = (p: YearStats['pillars'][number]) => (p.average === null || p.max <= 0 ? 0 : Math.round((p.average / p.max) * 1000) / 10)
  return (
    <Show when={props.stats.scored > 0 && props.stats.pillars.length > 0}>
      <section class="dash-card" aria-labelledby="d-pillars">
        <h2 id="d-pillars">{td('dashPillarsTitle')}</h2>
        <BarChart
          testId="chart-pillars"
          horizontal
          max={100}
          labels={props.stats.pillars.map((p) => wrap(`${p.id}. ${p.label[lang()]}`, 14))}
          values={props.stats.pillars.map(share)}
          label={td('dashPillarChart')}
        />
        <NumberTable testId="table-pillars" head={td('dashPillar')} cols={[td('dashPillarAverage'), td('dashPillarMax'), td('dashPillarShare')]} each={props.stats.pillars}>
          {(p) => (
            <>
              <th scope="row">
                {p.id}. {p.label[lang()]}
              </th>
              <td class="num">{fmt(p.average)}</td>
              <td class="num">{fmt(p.max, 0)}</td>
              <td class="num">{fmt(share(p))} %</td>
            </>
          )}
        </NumberTable>
      </section>
    </Show>
  )
}

function Failed(props: { stats: YearStats }) {
  return (
    <Show when={props.stats.scored > 0}>
      <section class="dash-card" aria-labelledby="d-failed">
        <h2 id="d-failed">{td('dashFailedTitle')}</h2>
        <p class="muted">{td('dashFailedHint')}</p>
        <Show when={props.stats.topFailed.length > 0} fallback={<p>{td('dashNoFailed')}</p>}>
          <NumberTable testId="table-failed" head={td('dashFailedIndicator')} cols={[td('dashFailedCount'), td('dashFailedShare')]} each={props.stats.topFailed}>
            {(f) => (
              <>
                <th scope="row">
                  <strong>{f.id}</strong> {f.label[lang()]}
                  <Show when={f.mandatory}>
                    <span class="dash-tag">({td('dashMandatory')})</span>
                  </Show>
                  {/* The bar repeats the share next to it; hidden from screen readers. */}
                  <span class="dash-bar" aria-hidden="true" style={{ width: `${Math.max(2, Math.round(f.share * 100))}%` }} />
                </th>
                <td class="num">{f.count}</td>
                <td class="num">{pct(f.share)}</td>
              </>
            )}
          </NumberTable>
        </Show>
      </section>
    </Show>
  )
}

function YearOverYear(props: { current: YearStats; previous: YearStats | null }) {
  const started = (s: YearStats) => s.communes - s.counts.not_started
  const rows = (prev: YearStats): { label: string; prev: number | null; cur: number | null }[] => [
    { label: td('dashYoyStarted'), prev: started(prev), cur: started(props.current) },
    { label: td('dashYoySubmitted'), prev: prev.scored, cur: props.current.scored },
    { label: td('dashYoyEligible'), prev: prev.eligible, cur: props.current.eligible },
    { label: td('dashYoyRecognised'), prev: prev.counts.recognised, cur: props.current.counts.recognised },
    { label: td('dashYoyAverage'), prev: prev.averageTotal, cur: props.current.averageTotal },
  ]
  const change = (r: { prev: number | null; cur: number | null }) => {
    if (r.prev === null || r.cur === null) return { text: td('dashNoValue'), cls: '' }
    const d = Math.round((r.cur - r.prev) * 10) / 10
    return { text: d > 0 ? `+${fmt(d)}` : d < 0 ? `−${fmt(-d)}` : '0', cls: d > 0 ? 'dash-up' : d < 0 ? 'dash-down' : '' }
  }
  return (
    <section class="dash-card" aria-labelledby="d-yoy">
      <h2 id="d-yoy">{td('dashYoyTitle', { year: props.current.year - 1 })}</h2>
      <Show when={props.previous} fallback={<p class="muted">{td('dashYoyNone', { year: props.current.year - 1 })}</p>}>
        {(prev) => (
          <NumberTable testId="table-yoy" head={td('dashYoyWhat')} cols={[prev().year, props.current.year, td('dashYoyChange')]} each={rows(prev())}>
            {(r) => (
              <>
                <th scope="row">{r.label}</th>
                <td class="num">{fmt(r.prev)}</td>
                <td class="num">{fmt(r.cur)}</td>
                <td class={`num ${change(r).cls}`}>{change(r).text}</td>
              </>
            )}
          </NumberTable>
        )}
      </Show>
    </section>
  )
}

function Units(props: { rows: Dashboard['byUnit'] }) {
  return (
    <section class="dash-card" aria-labelledby="d-units">
      <h2 id="d-units">{td('dashUnitsTitle')}</h2>
      <NumberTable
        testId="table-units"
        head={td('dashUnitName')}
        cols={[td('dashUnitCommunes'), td('dashUnitStarted'), td('dashUnitSubmitted'), td('dashUnitApproved'), td('dashUnitRecognised'), td('dashUnitAverage'), td('dashUnitNo4g')]}
        each={props.rows}
      >
        {(r) => (
          <>
            <th scope="row">
              <a href={`#/dashboard/${encodeURIComponent(r.id)}`}>{r.name}</a>
            </th>
            <td class="num">{r.communes}</td>
            <td class="num">{r.started}</td>
            <td class="num">{r.submitted}</td>
            <td class="num">{r.approved}</td>
            <td class="num">{r.recognised}</td>
            <td class="num">{fmt(r.averageTotal)}</td>
            <td class="num" data-testid="no4g">
              {r.without4g ?? td('dashNoValue')}
              <Show when={r.without4g !== null && r.without4gBefore !== null ? { diff: r.without4g! - r.without4gBefore! } : undefined}>
                {(c) => (
                  <span class="muted" data-testid="no4g-change" title={td('dashUnitNo4gChange', { diff: signed(c().diff) })}>
                    {' '}({signed(c().diff)})
                  </span>
                )}
              </Show>
            </td>
          </>
        )}
      </NumberTable>
    </section>
  )
}

/** Every chart's numbers as a table: a row header, then number columns. */
function NumberTable<T>(props: { testId: string; head: string; cols: (string | number)[]; each: readonly T[]; children: (item: T) => JSX.Element }) {
  return (
    <div class="dash-table-wrap">
      <table class="dash-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <For each={props.cols}>
              {(c) => (
                <th scope="col" class="num">
                  {c}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.each}>{(item) => <tr>{props.children(item)}</tr>}</For>
        </tbody>
      </table>
    </div>
  )
}
