import { For, Match, Show, Switch, createResource, createSignal } from 'solid-js'
import { TextInput } from './text-input'
import { Loading } from '../ui/loading'
import { WithMe } from '../shell/me'
import type { Me } from '../api/client'
import { fmtDate, fmtDateTime, t } from '../i18n'
import { ty } from '../i18n/years'
import { refreshYears } from '../years'
import { yearsApi, type RubricSourceChoice, type YearDetail } from './api'
import { ExtensionsSection } from './extensions'
import { FeedbackView, feedbackOf } from './feedback'
import { createFormAction } from './form-action'
import { RubricSection } from './rubric-section'
import './survey-years.css'
import { YearField } from '../ui/year-field'

/**
 * #/admin/years (administrators): open a survey year with its first rubric and a deadline, move the deadline,
 * extend it per commune, and manage the year's rubric versions (docs/ADMIN.md "Survey years and rubrics").
 */
export default function YearsPage() {
  return (
    <div class="page page-wide years-page">
      <WithMe>
        {(me) => <Years me={me()} />}
      </WithMe>
    </div>
  )
}

function Years(props: { me: Me }) {
  const [list, { refetch }] = createResource(() => yearsApi.list())
  const [chosen, setChosen] = createSignal<number>()
  const selected = () => chosen() ?? list.latest?.years[0]?.year
  const reload = () => {
    void refetch()
    refreshYears()
  }

  return (
    <>
      <h1>{ty('yearsTitle')}</h1>
      <p class="muted">{ty('yearsIntro')}</p>
      <section aria-labelledby="y-list">
        <h2 id="y-list">{ty('yearsList')}</h2>
        <Switch>
          <Match when={list.error}>
            <FeedbackView feedback={feedbackOf(list.error)} testId="years-error" />
          </Match>
          <Match when={list.latest?.years.length === 0}>
            <p class="muted">{ty('yearsNone')}</p>
          </Match>
          <Match when={list.latest}>
            {(l) => (
              <table class="qtable" data-testid="years">
                <thead>
                  <tr>
                    <th scope="col">{ty('yearsYear')}</th>
                    <th scope="col">{ty('yearsDeadline')}</th>
                    <th scope="col" class="num">
                      {ty('yearsRubricVersion')}
                    </th>
                    <th scope="col" class="num">
                      {ty('yearsExtensionsCount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={l().years}>
                    {(y) => (
                      <tr data-year={y.year} aria-current={selected() === y.year ? 'true' : undefined}>
                        <th scope="row" data-label={ty('yearsYear')}>
                          <button type="button" class="linkish" onClick={() => setChosen(y.year)}>
                            {ty('yearsManage', { year: y.year })}
                          </button>
                        </th>
                        <td data-label={ty('yearsDeadline')}>{fmtDate(y.deadline)}</td>
                        <td data-label={ty('yearsRubricVersion')} class="num">
                          {y.rubricVersion ?? '—'}
                        </td>
                        <td data-label={ty('yearsExtensionsCount')} class="num">
                          {Object.keys(y.extensions).length}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Match>
        </Switch>
      </section>
      <OpenYearForm
        suggested={(list.latest?.years[0]?.year ?? new Date().getFullYear() - 1) + 1}
        onOpened={(year) => {
          setChosen(year)
          reload()
        }}
      />
      <Show when={selected()} keyed>
        {(year) => <YearSection year={year} me={props.me} onChanged={reload} />}
      </Show>
    </>
  )
}

function OpenYearForm(props: { suggested: number; onOpened: (year: number) => void }) {
  const [year, setYear] = createSignal<number>()
  const [deadline, setDeadline] = createSignal('')
  const [source, setSource] = createSignal<RubricSourceChoice>('copy')
  const [copyFrom, setCopyFrom] = createSignal<number>()
  const [file, setFile] = createSignal<File>()
  const { busy, feedback, setFeedback, run } = createFormAction()
  const theYear = () => year() ?? props.suggested

  const submit = async (e: Event) => {
    e.preventDefault()
    setFeedback(undefined)
    if (!deadline()) return setFeedback({ kind: 'error', text: ty('dateRequired') })
    let rubric: unknown
    if (source() === 'upload') {
      const f = file()
      if (!f) return setFeedback({ kind: 'error', text: ty('uploadNoFile') })
      try {
        rubric = JSON.parse(await f.text())
      } catch (err) {
        return setFeedback({ kind: 'error', text: ty('uploadNotJson', { message: err instanceof Error ? err.message : String(err) }) })
      }
    }
    await run(async () => {
      await yearsApi.open({
        year: theYear(),
        deadline: deadline(),
        rubricSource: source(),
        ...(source() === 'copy' && copyFrom() ? { copyFrom: copyFrom()! } : {}),
        ...(rubric !== undefined ? { rubric } : {}),
      })
      setFeedback({ kind: 'success', text: ty('openDone', { year: theYear() }) })
      props.onOpened(theYear())
    })
  }

  return (
    <section aria-labelledby="y-open" class="card years-card">
      <h2 id="y-open">{ty('openTitle')}</h2>
      <form onSubmit={submit} data-testid="open-year">
        <div class="filters">
          <YearField id="y-open-year" label={ty('openYear')} value={theYear()} onChange={setYear} />
          <TextInput id="y-open-deadline" label={ty('openDeadline')} type="date" value={deadline()} onInput={setDeadline} />
          <div class="field">
            <label for="y-open-source">{ty('openSource')}</label>
            <select id="y-open-source" class="input" value={source()} onChange={(e) => setSource(e.currentTarget.value as RubricSourceChoice)}>
              <option value="copy">{ty('sourceCopy')}</option>
              <option value="default">{ty('sourceDefault')}</option>
              <option value="upload">{ty('sourceUpload')}</option>
              <option value="existing">{ty('sourceExisting')}</option>
            </select>
          </div>
          <Show when={source() === 'copy'}>
            <YearField id="y-open-copy" label={ty('openCopyFrom')} value={copyFrom() ?? theYear() - 1} onChange={setCopyFrom} />
          </Show>
          <Show when={source() === 'upload'}>
            <div class="field">
              <label for="y-open-file">{ty('openFile')}</label>
              <input id="y-open-file" class="input" type="file" accept="application/json,.json" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
            </div>
          </Show>
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy()} data-testid="open-year-submit">
          {busy() ? ty('saving') : ty('openSubmit')}
        </button>
      </form>
      <FeedbackView feedback={feedback()} testId="open-year-feedback" />
    </section>
  )
}

function YearSection(props: { year: number; me: Me; onChanged: () => void }) {
  const [detail, { mutate, refetch }] = createResource(() => props.year, (y) => yearsApi.detail(y))
  const changed = (next: YearDetail) => {
    mutate(next)
    props.onChanged()
  }
  return (
    <section aria-labelledby="y-detail" data-testid="year-detail" data-year={props.year}>
      <h2 id="y-detail">{ty('yearsManage', { year: props.year })}</h2>
      <Switch fallback={<Loading />}>
        <Match when={detail.error}>
          <FeedbackView feedback={feedbackOf(detail.error)} testId="year-error" />
        </Match>
        <Match when={detail.latest}>
          {(d) => (
            <>
              <DeadlineForm detail={d()} onChanged={changed} />
              <ExtensionsSection detail={d()} me={props.me} onChanged={changed} />
              <RubricSection detail={d()} onChanged={() => (void refetch(), props.onChanged())} />
              <LogSection detail={d()} me={props.me} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function DeadlineForm(props: { detail: YearDetail; onChanged: (d: YearDetail) => void }) {
  const [deadline, setDeadline] = createSignal('')
  const [reason, setReason] = createSignal('')
  const { busy, feedback, setFeedback, run } = createFormAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    setFeedback(undefined)
    if (!deadline()) return setFeedback({ kind: 'error', text: ty('dateRequired') })
    await run(async () => {
      props.onChanged(await yearsApi.changeDeadline(props.detail.year, deadline(), reason().trim() || undefined))
      setFeedback({ kind: 'success', text: ty('deadlineSaved') })
      setReason('')
    })
  }
  return (
    <div class="card years-card">
      <h3>{ty('deadlineTitle')}</h3>
      <p data-testid="deadline-current">{ty('deadlineCurrent', { date: fmtDate(props.detail.deadline) })}</p>
      <form onSubmit={submit}>
        <div class="filters">
          <TextInput id="y-deadline" label={ty('deadlineNew')} type="date" value={deadline()} onInput={setDeadline} />
          <TextInput id="y-deadline-reason" label={ty('deadlineReason')} maxLength={2000} value={reason()} onInput={setReason} />
        </div>
        <button type="submit" class="btn" disabled={busy()}>
          {ty('deadlineSave')}
        </button>
      </form>
      <FeedbackView feedback={feedback()} testId="deadline-feedback" />
    </div>
  )
}

function LogSection(props: { detail: YearDetail; me: Me }) {
  const name = (id: string | undefined) => (id ? (props.me.communes.find((c) => c.id === id)?.name ?? id) : '')
  const describe = (e: YearDetail['log'][number]) => {
    const p = { from: e.from ? fmtDateOrText(e.from) : '', to: e.to ? fmtDateOrText(e.to) : '', commune: name(e.communeId) }
    switch (e.action) {
      case 'opened':
        return ty('logOpened', p)
      case 'deadline_changed':
        return ty('logDeadline', p)
      case 'extension_granted':
        return ty('logGranted', p)
      case 'extension_revoked':
        return ty('logRevoked', p)
      case 'rubric_published':
        return ty('logRubric', { to: e.rubricVersion ?? e.to ?? '' })
    }
  }
  return (
    <div class="card years-card">
      <h3>{ty('logTitle')}</h3>
      <ol class="years-log" data-testid="year-log">
        <For each={[...props.detail.log].reverse()}>
          {(e) => (
            <li data-action={e.action}>
              <span class="small muted">
                {fmtDateTime(e.at)} · {e.byName}
              </span>
              <br />
              {describe(e)}
              <Show when={e.reason}>{(r) => <span class="muted"> — {ty('logReason', { reason: r() })}</span>}</Show>
            </li>
          )}
        </For>
      </ol>
    </div>
  )
}

const fmtDateOrText = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? fmtDate(v) : v)
