import { For, Match, Show, Switch, createMemo, createResource, createSignal } from 'solid-js'
import { TableHead } from '../ui/table-head'
import type { Rubric } from '../../../shared/rubric/schema'
import { applyScoringEdits, type ScoringEdits } from '../../../shared/rubric/edit'
import { ApiError } from '../api/client'
import { fmtDateTime, fmtNumber, l, t } from '../i18n'
import { ty } from '../i18n/years'
import { yearsApi, type Preview, type YearDetail } from './api'
import { FeedbackView, feedbackOf, type Feedback } from './feedback'
import { createFormAction } from './form-action'
import { Dialog } from '../ui/dialog'

type Scoring = Rubric['pillars'][number]['groups'][number]['indicators'][number]['scoring']
type IndicatorEdits = NonNullable<ScoringEdits['indicators']>

/** The year's rubric: current version, history, upload, the thresholds/points form and the preview. */
export function RubricSection(props: { detail: YearDetail; onChanged: () => void }) {
  const current = () => props.detail.rubricVersion
  const [rubric, { refetch }] = createResource(
    () => (current() ? { year: props.detail.year, version: current()! } : undefined),
    ({ year, version }) => yearsApi.version(year, version),
  )
  const [preview, setPreview] = createSignal<Preview>()
  const [previewChanges, setPreviewChanges] = createSignal<string[]>()
  const [previewFeedback, setPreviewFeedback] = createSignal<Feedback>()
  const runPreview = async (candidate: unknown, changes?: string[]) => {
    setPreviewChanges(changes)
    setPreviewFeedback(undefined)
    setPublishedNote(undefined)
    setPreview(undefined)
    try {
      setPreview(await yearsApi.preview(props.detail.year, candidate))
    } catch (err) {
      setPreviewFeedback(feedbackOf(err))
    }
  }
  // Shown here, not in the form: the edit form is rebuilt on the new version once it has loaded.
  const [publishedNote, setPublishedNote] = createSignal<Feedback>()
  const published = (version?: number) => {
    setPreview(undefined)
    setPublishedNote(version ? { kind: 'success', text: ty('published', { version }) } : undefined)
    props.onChanged()
    void refetch()
  }

  return (
    <div class="card years-card" data-testid="rubric-section">
      <h3>{ty('rubricTitle')}</h3>
      <Show when={rubric.latest}>
        {(r) => (
          <p>
            {ty('rubricCurrent', { version: r().version, title: l(r().title) })}{' '}
            <a class="linkish" href={downloadHref(r())} download={`rubric-${r().year}-v${r().version}.json`}>
              {ty('rubricDownload')}
            </a>
          </p>
        )}
      </Show>
      <p class="muted small">{ty('rubricFrozenNote')}</p>
      <FeedbackView feedback={publishedNote()} testId="rubric-published" />
      <Versions detail={props.detail} />
      <UploadForm detail={props.detail} onPublished={published} onPreview={runPreview} />
      <Show when={rubric.latest} keyed>
        {(r) => (
          <EditForm
            year={props.detail.year}
            base={r}
            onPublished={published}
            onConflict={() => {
              published()
              setPublishedNote({ kind: 'error', text: ty('conflictReload') })
            }}
            onPreview={runPreview}
          />
        )}
      </Show>
      <FeedbackView feedback={previewFeedback()} testId="preview-feedback" />
      <Show when={preview()}>
        {(p) => (
          <>
            <Show when={previewChanges()}>
              {(c) => (
                <section aria-labelledby="y-preview-changes" data-testid="rubric-preview-changes">
                  <h4 id="y-preview-changes">{ty('changesTitle')}</h4>
                  <ChangeList changes={c()} />
                </section>
              )}
            </Show>
            <PreviewTable preview={p()} />
          </>
        )}
      </Show>
    </div>
  )
}

// Built when the link is rendered (a few tens of KB); the object URL lives as long as the page.
const downloadHref = (r: Rubric) => URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }))

function Versions(props: { detail: YearDetail }) {
  const source = (v: YearDetail['versions'][number]) => {
    const p = v.published
    if (!p) return '—'
    switch (p.source) {
      case 'default':
        return ty('sourceLabelDefault')
      case 'copy':
        return ty('sourceLabelCopy', { year: p.fromYear ?? '' })
      case 'upload':
        return ty('sourceLabelUpload')
      case 'edit':
        return ty('sourceLabelEdit', { version: p.fromVersion ?? '' })
    }
  }
  return (
    <>
      <h4>{ty('versionsTitle')}</h4>
      <table class="qtable" data-testid="rubric-versions">
        <TableHead cols={[ty('versionCol'), ty('versionSource'), ty('versionBy'), ty('versionAt')]} />
        <tbody>
          <For each={[...props.detail.versions].reverse()}>
            {(v) => (
              <tr data-version={v.version}>
                <th scope="row" data-label={ty('versionCol')}>
                  {v.version}
                </th>
                <td data-label={ty('versionSource')}>{source(v)}</td>
                <td data-label={ty('versionBy')}>{v.published?.byName ?? '—'}</td>
                <td data-label={ty('versionAt')} class="small">
                  {v.published ? fmtDateTime(v.published.at) : '—'}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </>
  )
}

function UploadForm(props: { detail: YearDetail; onPublished: (version?: number) => void; onPreview: (rubric: unknown) => Promise<void> }) {
  const [file, setFile] = createSignal<File>()
  const { busy, feedback, setFeedback, run } = createFormAction()
  const inputId = `y-upload-${props.detail.year}`

  const parsed = async (): Promise<unknown> => {
    const f = file()
    if (!f) {
      setFeedback({ kind: 'error', text: ty('uploadNoFile') })
      return undefined
    }
    try {
      return JSON.parse(await f.text())
    } catch (err) {
      setFeedback({ kind: 'error', text: ty('uploadNotJson', { message: err instanceof Error ? err.message : String(err) }) })
      return undefined
    }
  }
  const publish = async () => {
    setFeedback(undefined)
    const rubric = await parsed()
    if (rubric === undefined) return
    await run(async () => {
      const v = await yearsApi.upload(props.detail.year, rubric, props.detail.rubricVersion ?? undefined)
      props.onPublished(v.version)
    })
  }
  const previewIt = async () => {
    setFeedback(undefined)
    const rubric = await parsed()
    if (rubric !== undefined) await props.onPreview(rubric)
  }

  return (
    <>
      <h4>{ty('uploadTitle')}</h4>
      <div class="field">
        <label for={inputId}>{ty('uploadFile')}</label>
        <input id={inputId} class="input" type="file" accept="application/json,.json" data-testid="rubric-file" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
      </div>
      <p class="row">
        <button type="button" class="btn" disabled={busy()} onClick={() => void previewIt()}>
          {ty('previewButton')}
        </button>
        <button type="button" class="btn btn-primary" disabled={busy()} onClick={() => void publish()} data-testid="rubric-upload">
          {busy() ? ty('saving') : ty('uploadPublish')}
        </button>
      </p>
      <FeedbackView feedback={feedback()} testId="rubric-problems" />
    </>
  )
}

const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v))
const kindLabel = { ratio: 'kindRatio', steps: 'kindSteps', boolean: 'kindBoolean', choice: 'kindChoice' } as const

function EditForm(props: {
  year: number
  base: Rubric
  onPublished: (version?: number) => void
  onConflict: () => void
  onPreview: (rubric: unknown, changes?: string[]) => Promise<void>
}) {
  const [edits, setEdits] = createSignal<IndicatorEdits>({})
  const [recognition, setRecognition] = createSignal<NonNullable<ScoringEdits['recognition']>>({})
  const { busy, feedback, setFeedback, run } = createFormAction()
  const candidate = createMemo(() => applyScoringEdits(props.base, { indicators: edits(), recognition: recognition() }).rubric)
  const indicatorOf = (id: string) => {
    for (const p of candidate().pillars) for (const g of p.groups) for (const i of g.indicators) if (i.id === id) return i
    return undefined
  }
  const setScoring = (id: string, scoring: Scoring) => setEdits((e) => ({ ...e, [id]: { ...e[id], scoring } }))
  const setMandatory = (id: string, mandatory: boolean) => setEdits((e) => ({ ...e, [id]: { ...e[id], mandatory } }))
  const changed = () => Object.keys(edits()).length > 0 || Object.keys(recognition()).length > 0
  const allFinite = () => !JSON.stringify(candidate(), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? '__bad__' : v)).includes('__bad__')

  const check = (): boolean => {
    setFeedback(undefined)
    if (!changed()) {
      setFeedback({ kind: 'error', text: ty('editNoChange') })
      return false
    }
    if (!allFinite()) {
      setFeedback({ kind: 'error', text: ty('editInvalidNumber') })
      return false
    }
    return true
  }
  const [confirming, setConfirming] = createSignal(false)
  const changes = () => rubricChanges(props.base, candidate())
  const save = async () => {
    setConfirming(false)
    if (!check()) return
    await run(async () => {
      try {
        const v = await yearsApi.edit(props.year, props.base.version, { indicators: edits(), recognition: recognition() })
        props.onPublished(v.version)
      } catch (err) {
        // Someone else published meanwhile: the section reloads on their version rather than showing an error.
        if (err instanceof ApiError && err.code === 'version_conflict') return props.onConflict()
        throw err
      }
    })
  }
  const reset = () => {
    setEdits({})
    setRecognition({})
    setFeedback(undefined)
  }

  return (
    <form onSubmit={(e) => (e.preventDefault(), check() && setConfirming(true))} data-testid="rubric-edit">
      <h4>{ty('editTitle')}</h4>
      <p class="muted small">{ty('editHint')}</p>
      <fieldset class="years-recognition">
        <legend>{ty('recognitionTitle')}</legend>
        <div class="filters">
          <div class="field">
            <label for="y-min-total">{ty('minTotal')}</label>
            <input
              id="y-min-total"
              class="input input-num"
              type="number"
              step="any"
              value={candidate().recognition.minTotal}
              onChange={(e) => setRecognition((r) => ({ ...r, minTotal: num(e.currentTarget.value) }))}
            />
          </div>
          <div class="field">
            <label for="y-min-share">{ty('minPillarShare')}</label>
            <input
              id="y-min-share"
              class="input input-num"
              type="number"
              step="any"
              min="0"
              max="1"
              value={candidate().recognition.minPillarShare}
              onChange={(e) => setRecognition((r) => ({ ...r, minPillarShare: num(e.currentTarget.value) }))}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={candidate().recognition.mandatoryMustBeMet}
              onChange={(e) => setRecognition((r) => ({ ...r, mandatoryMustBeMet: e.currentTarget.checked }))}
            />{' '}
            {ty('mandatoryMustBeMet')}
          </label>
        </div>
      </fieldset>
      <For each={props.base.pillars}>
        {(pillar) => (
          <fieldset class="years-pillar">
            <legend>
              {pillar.id}. {l(pillar.label)}
            </legend>
            <table class="qtable years-edit">
              <TableHead cols={[ty('editIndicator'), ty('editScoring'), ty('editMandatory')]} />
              <tbody>
                <For each={pillar.groups.flatMap((g) => g.indicators)}>
                  {(base) => {
                    const ind = () => indicatorOf(base.id) ?? base
                    return (
                      <tr data-indicator={base.id}>
                        <th scope="row" data-label={ty('editIndicator')}>
                          <span class="ind-id">{base.id}</span> <span class="small">{l(base.label)}</span>
                        </th>
                        <td data-label={ty('editScoring')}>
                          <span class="small muted">{ty(kindLabel[base.scoring.kind])}</span>
                          <ScoringInputs
                            id={base.id}
                            scoring={ind().scoring}
                            options={base.input.kind === 'choice' ? base.input.options.map((o) => ({ id: o.id, label: l(o.label) })) : undefined}
                            onChange={(s) => setScoring(base.id, s)}
                          />
                        </td>
                        <td data-label={ty('editMandatory')}>
                          <input
                            type="checkbox"
                            aria-label={ty('editMandatoryOf', { id: base.id })}
                            checked={ind().mandatory}
                            onChange={(e) => setMandatory(base.id, e.currentTarget.checked)}
                          />
                        </td>
                      </tr>
                    )
                  }}
                </For>
              </tbody>
            </table>
          </fieldset>
        )}
      </For>
      <p class="row">
        <button type="button" class="btn" disabled={busy()} onClick={() => check() && void props.onPreview(candidate(), changes())} data-testid="rubric-preview">
          {ty('previewButton')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy()} data-testid="rubric-save">
          {busy() ? ty('saving') : ty('editSave')}
        </button>
        <button type="button" class="btn btn-ghost" disabled={busy() || !changed()} onClick={reset}>
          {ty('editReset')}
        </button>
      </p>
      <FeedbackView feedback={feedback()} testId="rubric-edit-feedback" />
      <Dialog
        open={confirming()}
        onClose={() => setConfirming(false)}
        title={ty('publishConfirmTitle', { version: props.base.version + 1, year: props.year })}
        footer={
          <>
            <button type="button" class="btn btn-ghost" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
            <button type="button" class="btn btn-primary" onClick={() => void save()} data-testid="rubric-publish-confirm">
              {ty('editSave')}
            </button>
          </>
        }
      >
        <p>{ty('publishConfirmBody')}</p>
        <ChangeList changes={changes()} />
      </Dialog>
    </form>
  )
}

/** The numbers of one indicator's scoring; the kind stays (changing it needs an upload). */
function ScoringInputs(props: { id: string; scoring: Scoring; options?: { id: string; label: string }[]; onChange: (s: Scoring) => void }) {
  // Every box has a visible label (its short name) and its full name for screen readers.
  const input = (label: string, value: number, set: (v: number) => void, extra: { min?: string; max?: string } = {}, short = ty('editShortPoints')) => (
    <label class="years-num">
      <span class="small">{short}</span>
      <input class="input input-num" type="number" step="any" aria-label={label} value={value} {...extra} onChange={(e) => set(num(e.currentTarget.value))} />
    </label>
  )
  const optionLabel = (option: string) => props.options?.find((o) => o.id === option)?.label ?? option
  return (
    <div class="years-scoring">
      <Switch>
        <Match when={props.scoring.kind === 'ratio' ? props.scoring : undefined}>
          {(s) => (
            <>
              {input(ty('editTarget', { id: props.id }), s().target, (target) => props.onChange({ ...s(), target }), { min: '0' }, ty('editShortTarget'))}
              {input(ty('editPoints', { id: props.id }), s().points, (points) => props.onChange({ ...s(), points }), { min: '0' })}
            </>
          )}
        </Match>
        <Match when={props.scoring.kind === 'boolean' ? props.scoring : undefined}>
          {(s) => input(ty('editPoints', { id: props.id }), s().points, (points) => props.onChange({ ...s(), points }), { min: '0' })}
        </Match>
        <Match when={props.scoring.kind === 'steps' ? props.scoring : undefined}>
          {(s) => (
            <For each={s().steps}>
              {(step, n) => {
                const replace = (next: (typeof s extends () => infer T ? T : never)['steps'][number]) =>
                  props.onChange({ ...s(), steps: s().steps.map((x, i) => (i === n() ? next : x)) })
                const atLeast = 'atLeast' in step
                return (
                  <span class="years-step">
                    <span class="small">{atLeast ? ty('stepAtLeast') : ty('stepAtMost')}</span>
                    {input(
                      ty('editStepThreshold', { n: n() + 1, id: props.id }),
                      atLeast ? step.atLeast : step.atMost,
                      (v) => replace(atLeast ? { atLeast: v, points: step.points } : { atMost: v, points: step.points }),
                      {},
                      ty('editShortThreshold'),
                    )}
                    {input(ty('editStepPoints', { n: n() + 1, id: props.id }), step.points, (points) => replace({ ...step, points }), { min: '0' })}
                  </span>
                )
              }}
            </For>
          )}
        </Match>
        <Match when={props.scoring.kind === 'choice' ? props.scoring : undefined}>
          {(s) => (
            <For each={Object.entries(s().points)}>
              {([option, points]) => (
                <span class="years-step">
                  {input(
                    ty('editChoicePoints', { option: optionLabel(option), id: props.id }),
                    points,
                    (v) => props.onChange({ ...s(), points: { ...s().points, [option]: v } }),
                    { min: '0' },
                    optionLabel(option),
                  )}
                </span>
              )}
            </For>
          )}
        </Match>
      </Switch>
    </div>
  )
}

function PreviewTable(props: { preview: Preview }) {
  const change = { gained: 'changeGained', lost: 'changeLost', same: 'changeSame' } as const
  return (
    <section aria-labelledby="y-preview" data-testid="rubric-preview-result">
      <h4 id="y-preview">{ty('previewTitle', { year: props.preview.comparedYear })}</h4>
      <Show when={props.preview.rows.length} fallback={<p class="muted">{ty('previewNone', { year: props.preview.comparedYear })}</p>}>
        <p role="status">
          {ty('previewSummary', {
            n: props.preview.summary.assessments,
            gained: props.preview.summary.gained,
            lost: props.preview.summary.lost,
            same: props.preview.summary.unchanged,
          })}
        </p>
        <table class="qtable">
          <thead>
            <tr>
              <th scope="col">{ty('previewCommune')}</th>
              <th scope="col" class="num">
                {ty('previewOld')}
              </th>
              <th scope="col" class="num">
                {ty('previewNew')}
              </th>
              <th scope="col">{ty('previewVerdictOld')}</th>
              <th scope="col">{ty('previewVerdictNew')}</th>
              <th scope="col">{ty('previewChange')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.preview.rows}>
              {(r) => (
                <tr data-commune={r.communeId} data-change={r.change}>
                  <th scope="row" data-label={ty('previewCommune')}>
                    {r.communeName}
                  </th>
                  <td data-label={ty('previewOld')} class="num">
                    {fmtNumber(r.oldTotal)}
                  </td>
                  <td data-label={ty('previewNew')} class="num">
                    <strong>{fmtNumber(r.newTotal)}</strong>
                  </td>
                  <td data-label={ty('previewVerdictOld')}>{r.oldEligible ? t('eligibleShort') : t('notEligibleShort')}</td>
                  <td data-label={ty('previewVerdictNew')}>{r.newEligible ? t('eligibleShort') : t('notEligibleShort')}</td>
                  <td data-label={ty('previewChange')}>
                    <span class={`pill ${r.change === 'gained' ? 'pill-ok' : r.change === 'lost' ? 'pill-bad' : ''}`}>{ty(change[r.change])}</span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  )
}

/** What an edit changes, one line per indicator or rule, old → new, with the options by their labels. */
function rubricChanges(base: Rubric, next: Rubric): string[] {
  const lines: string[] = []
  const r0 = base.recognition
  const r1 = next.recognition
  if (r0.minTotal !== r1.minTotal) lines.push(ty('changeLine', { what: ty('minTotal'), from: fmtNumber(r0.minTotal), to: fmtNumber(r1.minTotal) }))
  if (r0.minPillarShare !== r1.minPillarShare)
    lines.push(ty('changeLine', { what: ty('minPillarShare'), from: fmtNumber(r0.minPillarShare), to: fmtNumber(r1.minPillarShare) }))
  if (r0.mandatoryMustBeMet !== r1.mandatoryMustBeMet)
    lines.push(ty('changeLine', { what: ty('mandatoryMustBeMet'), from: yesNo(r0.mandatoryMustBeMet), to: yesNo(r1.mandatoryMustBeMet) }))
  const after = new Map(next.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).map((i) => [i.id, i]))
  for (const ind of base.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators))) {
    const now = after.get(ind.id)
    if (!now) continue
    const options = ind.input.kind === 'choice' ? ind.input.options : []
    if (JSON.stringify(ind.scoring) !== JSON.stringify(now.scoring))
      lines.push(ty('changeLine', { what: `${ind.id} ${l(ind.label)}`, from: scoringText(ind.scoring, options), to: scoringText(now.scoring, options) }))
    if (ind.mandatory !== now.mandatory)
      lines.push(ty('changeLine', { what: `${ind.id} · ${ty('editMandatory')}`, from: yesNo(ind.mandatory), to: yesNo(now.mandatory) }))
  }
  return lines
}

const yesNo = (v: boolean) => (v ? ty('yes') : ty('no'))

function scoringText(s: Scoring, options: readonly { id: string; label: Parameters<typeof l>[0] }[]): string {
  switch (s.kind) {
    case 'ratio':
      return `${ty('editShortTarget')} ${fmtNumber(s.target)} · ${fmtNumber(s.points)} ${ty('editShortPoints').toLowerCase()}`
    case 'boolean':
      return `${fmtNumber(s.points)} ${ty('editShortPoints').toLowerCase()}`
    case 'steps':
      return s.steps.map((st) => ('atLeast' in st ? `≥ ${fmtNumber(st.atLeast)}` : `≤ ${fmtNumber(st.atMost)}`) + `: ${fmtNumber(st.points)}`).join(' · ')
    case 'choice':
      return Object.entries(s.points)
        .map(([o, p]) => `${l(options.find((x) => x.id === o)?.label) || o}: ${fmtNumber(p)}`)
        .join(' · ')
  }
}

function ChangeList(props: { changes: string[] }) {
  return (
    <Show when={props.changes.length} fallback={<p class="muted">{ty('editNoChange')}</p>}>
      <ul class="issue-list" data-testid="rubric-changes">
        <For each={props.changes}>{(c) => <li>{c}</li>}</For>
      </ul>
    </Show>
  )
}
