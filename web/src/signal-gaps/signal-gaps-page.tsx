import { For, Match, Show, Switch, createEffect, createMemo, createResource, createSignal, onCleanup, onMount } from 'solid-js'
import { ApiError, baseUrl, call, client, type Me } from '../api/client'
import { token } from '../auth'
import { lang, t } from '../i18n'
import { navigate } from '../router'
import { Notice } from '../ui/notice'
import { errorMessage } from '../ui/error-message'
import { WithMe } from '../shell/me'
import { saveFile } from '../ui/save-file'
import { isSurveyYear } from '../ui/year-field'
import { YearPicker } from '../ui/year-picker'
import { filenameOf } from '../exports/download'
import { bestLevel, compareYears, decodeCoverage, isGap, villageTrend, type GapFilter, type SignalVillage } from '../../../shared/signal-gaps'
import { COVERAGE_LEVELS } from '../../../shared/roster'
import { drawMap, fitView, LEVEL_COLOURS, type MapPoint, type View } from './map-canvas'
import { tg, type SignalKey } from './dict'
import './signal-gaps.css'

/*
 * #/signal-gaps: every village without 4G (on one operator, or on any) of the caller's scope — administrator: the
 * province, reviewer: their unit — on a clustered canvas map with the list beside it, this year against last, and
 * the GeoJSON / CSV downloads for the network operators. One request (GET /api/signal-gaps) brings every village
 * with its coverage; the filters are applied here, so changing one redraws without asking the server again.
 */

const fetchGaps = (year: number) => call(() => client.api['signal-gaps'].$get({ query: { year: String(year) } }))
type Data = Awaited<ReturnType<typeof fetchGaps>>
type Commune = Data['communes'][number]
type Row = { commune: Commune; village: SignalVillage; trend: ReturnType<typeof villageTrend> }

const TILE_URL = import.meta.env.VITE_TILE_URL || undefined
const PAGE = 200

export default function SignalGapsPage(props: { year: number }) {
  return (
    <div class="page page-wide sg-page">
      <WithMe>{(me) => <SignalGapsView me={me()} year={props.year} />}</WithMe>
    </div>
  )
}

/** The server's own message where no common sentence fits (it names the problem, e.g. an unknown unit). */
const describe = (err: unknown) => errorMessage(err, { other: (e) => e.message, thrown: t('errNetwork') })

function SignalGapsView(props: { me: Me; year: number }) {
  const year = () => props.year
  const [data] = createResource(() => (isSurveyYear(year()) ? year() : undefined), fetchGaps)
  const [operator, setOperator] = createSignal('')
  const [unit, setUnit] = createSignal('')
  const [weak, setWeak] = createSignal(false)
  const filter = (): GapFilter => ({ operator: operator() || undefined, weak: weak() })

  return (
    <>
      <h1>{tg('sgTitle')}</h1>
      <p class="muted">{tg('sgIntro')}</p>
      <div class="filters">
        <YearPicker id="sg-year" value={year()} onChange={(y) => navigate({ name: 'signalGaps', year: y })} />
        <div class="field">
          <label for="sg-operator">{tg('sgOperator')}</label>
          <select id="sg-operator" class="input" data-testid="sg-operator" value={operator()} onChange={(e) => setOperator(e.currentTarget.value)}>
            <option value="">{tg('sgAnyOperator')}</option>
            <For each={data.latest?.operators ?? []}>
              {(op) => <option value={op.id}>{tg('sgOnOperator', { name: op.label[lang()] })}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="sg-unit">{tg('sgUnit')}</label>
          <select id="sg-unit" class="input" data-testid="sg-unit" value={unit()} onChange={(e) => setUnit(e.currentTarget.value)}>
            <option value="">{tg('sgAllUnits', { name: data.latest?.unit.name ?? '' })}</option>
            <For each={unitsOf(data.latest)}>{(u) => <option value={u.id}>{u.name}</option>}</For>
          </select>
        </div>
        <label class="sg-check">
          <input type="checkbox" data-testid="sg-weak" checked={weak()} onChange={(e) => setWeak(e.currentTarget.checked)} /> {tg('sgWeak')}
        </label>
      </div>
      <Switch>
        <Match when={data.error}>
          <Notice kind="error">{describe(data.error)}</Notice>
        </Match>
        <Match when={data.latest}>{(d) => <Gaps data={d()} filter={filter()} unit={unit()} />}</Match>
        <Match when={data.loading}>
          <p class="muted" role="status">
            {t('loading')}
          </p>
        </Match>
      </Switch>
    </>
  )
}

function unitsOf(data: Data | undefined): { id: string; name: string }[] {
  const seen = new Map<string, string>()
  for (const c of data?.communes ?? []) seen.set(c.unitId, c.unitName)
  return [...seen].map(([id, name]) => ({ id, name }))
}

const num = (n: number) => n.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB')

function Gaps(props: { data: Data; filter: GapFilter; unit: string }) {
  const communes = createMemo(() => (props.unit ? props.data.communes.filter((c) => c.unitId === props.unit) : props.data.communes))
  const rows = createMemo<Row[]>(() => {
    const out: Row[] = []
    for (const commune of communes())
      for (const village of commune.villages)
        if (isGap(village[6], props.filter)) out.push({ commune, village, trend: villageTrend(village[6], commune.previous?.[village[0]] ?? null, props.filter) })
    return out
  })
  const gained = createMemo<Row[]>(() => {
    const out: Row[] = []
    for (const commune of communes())
      for (const village of commune.villages) {
        const trend = villageTrend(village[6], commune.previous?.[village[0]] ?? null, props.filter)
        if (trend === 'gained') out.push({ commune, village, trend })
      }
    return out
  })
  const compare = createMemo(() =>
    compareYears(
      communes().map((c) => ({ communeId: c.id, villages: c.villages })),
      communes()
        .filter((c) => c.previous)
        .map((c) => ({ communeId: c.id, villages: Object.entries(c.previous!).map(([id, cov]) => [id, '', 'thon', null, null, null, cov] as SignalVillage) })),
      props.filter,
    ),
  )
  const households = () => rows().reduce((sum, r) => sum + (r.village[3] ?? 0), 0)
  const located = () => rows().filter((r) => r.village[4] !== null).length
  const [shown, setShown] = createSignal(PAGE)
  createEffect(() => (rows(), setShown(PAGE)))

  return (
    <div data-testid="signal-gaps">
      <Show when={props.data.communes.length > 0} fallback={<p class="muted">{tg('sgNoData', { year: props.data.year })}</p>}>
        <p data-testid="sg-summary">
          <strong>{tg('sgSummary', { villages: num(rows().length), households: num(households()), located: num(located()) })}</strong>
        </p>
        <section class="sg-compare" aria-labelledby="sg-compare" data-testid="sg-compare">
          <h2 id="sg-compare">{tg('sgCompareTitle', { year: props.data.year - 1 })}</h2>
          <Show when={props.data.previousCommunes > 0} fallback={<p class="muted">{tg('sgNoPrevious')}</p>}>
            <ul class="sg-tiles">
              <li data-trend="gained">
                <span class="sg-num" data-testid="sg-gained">{num(compare().gained)}</span> {tg('sgGained')}
              </li>
              <li data-trend="still_missing">
                <span class="sg-num" data-testid="sg-still-missing">{num(compare().stillMissing)}</span> {tg('sgStillMissing')}
              </li>
              <li data-trend="new_gap">
                <span class="sg-num" data-testid="sg-new">{num(compare().newGaps)}</span> {tg('sgNewGaps')}
              </li>
            </ul>
            <Show when={gained().length > 0}>
              <details>
                <summary>{tg('sgGainedList')}</summary>
                <ul data-testid="sg-gained-list">
                  <For each={gained().slice(0, PAGE)}>
                    {(r) => (
                      <li>
                        {r.village[1]} — {r.commune.name} ({r.commune.unitName})
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
          </Show>
        </section>
        <div class="sg-layout">
          <GapMap rows={rows()} communes={communes()} filter={props.filter} />
          <section class="sg-list" aria-labelledby="sg-list">
            <h2 id="sg-list">{tg('sgListTitle')}</h2>
            <Show when={rows().length > 0} fallback={<p class="muted" data-testid="sg-empty">{tg('sgEmpty')}</p>}>
              <div class="sg-table-wrap">
                <table class="sg-table" data-testid="sg-table">
                  <thead>
                    <tr>
                      <th scope="col">{tg('sgVillage')}</th>
                      <th scope="col">{tg('sgCommune')}</th>
                      <th scope="col" class="num">{tg('sgHouseholds')}</th>
                      <th scope="col">{tg('sgBest')}</th>
                      <th scope="col">{tg('sgTrend')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows().slice(0, shown())}>
                      {(r) => <VillageRow row={r} filter={props.filter} />}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={rows().length > shown()}>
                <button type="button" class="btn btn-sm" onClick={() => setShown(shown() + PAGE)}>
                  {tg('sgMore', { n: Math.min(PAGE, rows().length - shown()) })}
                </button>
              </Show>
            </Show>
            <Downloads year={props.data.year} filter={props.filter} unit={props.unit} />
          </section>
        </div>
      </Show>
    </div>
  )
}

function VillageRow(props: { row: Row; filter: GapFilter }) {
  const level = () => bestLevel(props.row.village[6], props.filter.operator)
  const weakOn = () => {
    const op = props.filter.operator
    const codes = op ? [props.row.village[6][op]] : Object.values(props.row.village[6])
    return codes.some((c) => decodeCoverage(c).weak === true)
  }
  return (
    <tr data-village={props.row.village[0]}>
      <th scope="row">{props.row.village[1]}</th>
      <td>
        {props.row.commune.name}
        <span class="muted sg-unit-name"> · {props.row.commune.unitName}</span>
      </td>
      <td class="num">{props.row.village[3] === null ? '—' : num(props.row.village[3])}</td>
      <td>
        <span class="sg-dot" style={{ background: LEVEL_COLOURS[level()] }} aria-hidden="true" />
        {tg(`level_${level()}` as SignalKey)}
        <Show when={weakOn()}> ({tg('sgWeakMark')})</Show>
      </td>
      <td>{props.row.trend ? tg(`trend_${props.row.trend}` as SignalKey) : ''}</td>
    </tr>
  )
}

function GapMap(props: { rows: Row[]; communes: Commune[]; filter: GapFilter }) {
  let canvas!: HTMLCanvasElement
  const points = createMemo<MapPoint[]>(() =>
    props.rows
      .filter((r) => r.village[4] !== null && r.village[5] !== null)
      .map((r) => ({ lat: r.village[4]!, lng: r.village[5]!, level: bestLevel(r.village[6], props.filter.operator), key: `${r.commune.id}/${r.village[0]}` })),
  )
  // The outline follows every located village of the scope, so the shape stays put while filters change.
  const outline = createMemo<MapPoint[]>(() => {
    const out: MapPoint[] = []
    for (const c of props.communes) for (const v of c.villages) if (v[4] !== null && v[5] !== null) out.push({ lat: v[4], lng: v[5], level: 'none', key: '' })
    return out
  })
  const [view, setView] = createSignal<View | undefined>()
  const [size, setSize] = createSignal({ w: 0, h: 0 })

  const redraw = () => {
    const v = view()
    if (!v || !canvas.clientWidth) return
    const { clusters, ms } = drawMap(canvas, points(), outline(), v, { tileUrl: TILE_URL, redraw })
    canvas.dataset.points = String(points().length)
    canvas.dataset.clusters = String(clusters.length)
    canvas.dataset.drawMs = ms.toFixed(1)
  }
  const reset = () => setView(fitView(outline().length > 0 ? outline() : points(), canvas.clientWidth, canvas.clientHeight))

  onMount(() => {
    const observer = new ResizeObserver(() => setSize({ w: canvas.clientWidth, h: canvas.clientHeight }))
    observer.observe(canvas)
    onCleanup(() => observer.disconnect())
  })
  createEffect(() => {
    outline()
    if (size().w > 0) reset()
  })
  createEffect(() => {
    points()
    size()
    view()
    redraw()
  })

  const zoom = (factor: number, at?: { x: number; y: number }) => {
    const v = view()
    if (!v) return
    const w = canvas.clientWidth
    const h = canvas.clientHeight
    const px = at ? v.cx + (at.x - w / 2) / v.scale : v.cx
    const py = at ? v.cy + (at.y - h / 2) / v.scale : v.cy
    const scale = Math.max(256, Math.min(256 * 2 ** 18, v.scale * factor))
    setView({ cx: at ? px - (at.x - w / 2) / scale : px, cy: at ? py - (at.y - h / 2) / scale : py, scale })
  }

  let drag: { x: number; y: number; moved: boolean } | undefined
  const onDown = (e: PointerEvent) => {
    drag = { x: e.clientX, y: e.clientY, moved: false }
    canvas.setPointerCapture(e.pointerId)
  }
  const onMove = (e: PointerEvent) => {
    const v = view()
    if (!drag || !v) return
    const dx = e.clientX - drag.x
    const dy = e.clientY - drag.y
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return
    drag = { x: e.clientX, y: e.clientY, moved: true }
    setView({ ...v, cx: v.cx - dx / v.scale, cy: v.cy - dy / v.scale })
  }
  const onUp = (e: PointerEvent) => {
    const wasClick = drag && !drag.moved
    drag = undefined
    if (!wasClick) return
    const rect = canvas.getBoundingClientRect()
    zoom(2, { x: e.clientX - rect.left, y: e.clientY - rect.top })
  }

  return (
    <section class="sg-map" aria-label={tg('sgMapLabel')}>
      <canvas
        ref={canvas}
        class="sg-canvas"
        data-testid="sg-canvas"
        role="img"
        aria-label={tg('sgMapLabel')}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onWheel={(e) => {
          e.preventDefault()
          const rect = canvas.getBoundingClientRect()
          zoom(e.deltaY < 0 ? 1.5 : 1 / 1.5, { x: e.clientX - rect.left, y: e.clientY - rect.top })
        }}
      />
      <div class="sg-map-tools">
        <button type="button" class="btn btn-sm" aria-label={tg('sgZoomIn')} onClick={() => zoom(2)}>
          +
        </button>
        <button type="button" class="btn btn-sm" aria-label={tg('sgZoomOut')} onClick={() => zoom(0.5)}>
          −
        </button>
        <button type="button" class="btn btn-sm" onClick={reset}>
          {tg('sgReset')}
        </button>
      </div>
      <ul class="sg-legend" aria-label={tg('sgLegend')}>
        <For each={COVERAGE_LEVELS.filter((l) => l !== '5g')}>
          {(l) => (
            <li>
              <span class="sg-dot" style={{ background: LEVEL_COLOURS[l] }} aria-hidden="true" />
              {tg(`level_${l}` as SignalKey)}
            </li>
          )}
        </For>
      </ul>
    </section>
  )
}

function Downloads(props: { year: number; filter: GapFilter; unit: string }) {
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal<string>()
  const [error, setError] = createSignal<string>()
  const download = async (format: 'geojson' | 'csv') => {
    setBusy(true)
    setError(undefined)
    setDone(undefined)
    try {
      const query = new URLSearchParams({
        year: String(props.year),
        ...(props.unit ? { unit: props.unit } : {}),
        ...(props.filter.operator ? { operator: props.filter.operator } : {}),
        ...(props.filter.weak ? { weak: 'true' } : {}),
      })
      const tk = token()
      let res: Response
      try {
        res = await fetch(`${baseUrl}/api/signal-gaps.${format}?${query}`, { headers: tk ? { Authorization: `Bearer ${tk}` } : {} })
      } catch {
        throw new ApiError(0, 'network', 'network error')
      }
      if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText)
      const blob = await res.blob()
      const name = filenameOf(res.headers.get('content-disposition')) ?? `vung-lom-song-${props.year}.${format}`
      saveFile(name, blob, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/geo+json')
      setDone(name)
    } catch (err) {
      setError(describe(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="sg-downloads">
      <h3>{tg('sgExport')}</h3>
      <div class="sg-buttons">
        <button type="button" class="btn" data-testid="sg-export-geojson" disabled={busy()} onClick={() => void download('geojson')}>
          {tg('sgExportGeojson')}
        </button>
        <button type="button" class="btn" data-testid="sg-export-csv" disabled={busy()} onClick={() => void download('csv')}>
          {tg('sgExportCsv')}
        </button>
      </div>
      <Show when={done()}>{(name) => <p role="status">{tg('sgExportDone', { name: name() })}</p>}</Show>
      <Show when={error()}>{(msg) => <Notice kind="error">{msg()}</Notice>}</Show>
    </div>
  )
}
