import { For, Show, createSignal } from 'solid-js'
import { TableHead } from '../ui/table-head'
import { adminApi, type ImportedUser } from '../api/admin-api'
import { ta } from '../i18n/admin'
import { Notice } from '../ui/notice'
import { toCsv } from '../ui/csv'
import { templateCsv } from './csv'
import { saveFile } from '../ui/save-file'
import { adminProblem, importProblems, type ImportProblem } from './errors'
import { roleLabel } from './roles'

const MAX_BYTES = 5 * 1024 * 1024

type Outcome =
  | { kind: 'rejected'; problems: ImportProblem[]; lines: number }
  | { kind: 'done'; users: ImportedUser[]; jobId: string }
  | { kind: 'already'; n: number }
  | { kind: 'failed'; text: string }

type Job = Awaited<ReturnType<typeof adminApi.importUsers>>['job']

/**
 * Account import: the file goes to the server as it is (CSV or XLSX, checked there, all or nothing). A rejected
 * file lists every problem by line; an accepted one lists the new accounts with their one-time passwords, shown
 * this once, with the list downloadable as CSV so the administrator can hand the passwords out.
 */
export function ImportPanel(props: { onImported: () => void; unitName: (id: string) => string }) {
  let input!: HTMLInputElement
  const [file, setFile] = createSignal<File>()
  const [busy, setBusy] = createSignal(false)
  const [outcome, setOutcome] = createSignal<Outcome>()
  const [noFile, setNoFile] = createSignal(false)
  const [progress, setProgress] = createSignal<Job>()

  const upload = async (e: SubmitEvent) => {
    e.preventDefault()
    const f = file()
    if (!f) {
      setNoFile(true)
      return input.focus()
    }
    if (f.size > MAX_BYTES) return setOutcome({ kind: 'failed', text: ta('importFileTooBig') })
    setBusy(true)
    setOutcome(undefined)
    let started = false
    try {
      // A big file is imported in steps (each request does what fits in its time): continue until done.
      let res = await adminApi.importUsers(f)
      started = true
      setProgress(res.job)
      while (res.job.status !== 'done') {
        res = await adminApi.continueImport(res.job.id)
        setProgress(res.job)
      }
      if (res.users) setOutcome({ kind: 'done', users: res.users, jobId: res.job.id })
      else setOutcome({ kind: 'already', n: res.job.total })
      // Sending the same file again would change nothing; clearing it avoids the question.
      input.value = ''
      setFile(undefined)
      props.onImported()
    } catch (err) {
      const problems = importProblems(err)
      setOutcome(
        problems
          ? { kind: 'rejected', problems, lines: new Set(problems.map((p) => p.line)).size }
          : { kind: 'failed', text: started ? `${adminProblem(err).text} ${ta('importResume')}` : adminProblem(err).text },
      )
    } finally {
      setBusy(false)
      setProgress(undefined)
    }
  }

  const downloadList = (users: ImportedUser[]) => {
    const rows = [
      [ta('colLine'), ta('colName'), ta('colUsername'), ta('colRole'), ta('colUnit'), ta('colPassword')],
      ...users.map((u) => [u.line, u.name, u.username, roleLabel(u.role), props.unitName(u.orgUnitId), u.oneTimePassword]),
    ]
    saveFile(`tai-khoan-mat-khau-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(rows))
  }

  /** Once the passwords are saved or dismissed, the server stops showing them (best effort: they expire with the job's seed). */
  const forget = (jobId: string) => void adminApi.forgetImportPasswords(jobId).catch(() => undefined)

  return (
    <section class="card adm-import" aria-labelledby="import-title">
      <h2 id="import-title">{ta('importTitle')}</h2>
      <p class="muted small">{ta('importIntro')}</p>
      <p>
        <button type="button" class="linkish" onClick={() => saveFile('mau-nhap-tai-khoan.csv', templateCsv())} data-testid="import-template">
          {ta('importTemplate')}
        </button>
      </p>
      <form class="adm-import-form" onSubmit={upload}>
        <div class="field">
          <label for="import-file">{ta('importFile')}</label>
          <input
            ref={input}
            id="import-file"
            type="file"
            class="input"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={noFile() ? 'true' : undefined}
            aria-describedby={noFile() ? 'import-file-err' : undefined}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0])
              setNoFile(false)
            }}
          />
          <Show when={noFile()}>
            <p class="field-error" id="import-file-err">
              {ta('importNoFile')}
            </p>
          </Show>
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy()} data-testid="import-upload">
          {busy() ? ta('importUploading') : ta('importUpload')}
        </button>
      </form>

      <Show when={progress()}>
        {(job) => (
          <p role="status" data-testid="import-progress">
            {job().status === 'activating'
              ? ta('importActivating', { done: job().activated, total: job().total })
              : ta('importProgress', { done: job().created, total: job().total })}
          </p>
        )}
      </Show>
      <Show when={(() => { const o = outcome(); return o?.kind === 'already' ? o : undefined })()}>
        {(o) => <Notice kind="info">{ta('importAlready', { n: o().n })}</Notice>}
      </Show>
      <Show when={(() => { const o = outcome(); return o?.kind === 'failed' ? o : undefined })()}>
        {(o) => <Notice kind="error">{o().text}</Notice>}
      </Show>
      <Show when={(() => { const o = outcome(); return o?.kind === 'rejected' ? o : undefined })()}>
        {(o) => (
          <div data-testid="import-problems">
            <Notice kind="error">{ta('importRejected', { n: o().lines })}</Notice>
            <table class="qtable adm-problems">
              <TableHead cols={[ta('colLine'), ta('colColumn'), ta('colProblem')]} />
              <tbody>
                <For each={o().problems}>
                  {(p) => (
                    <tr data-line={p.line}>
                      <th scope="row" data-label={ta('colLine')}>
                        {p.line || '—'}
                      </th>
                      <td data-label={ta('colColumn')}>{p.column ?? '—'}</td>
                      <td data-label={ta('colProblem')}>{p.message}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <Show when={(() => { const o = outcome(); return o?.kind === 'done' ? o : undefined })()}>
        {(o) => (
          <div data-testid="import-created">
            <Notice kind="success">{ta('importDone', { n: o().users.length })}</Notice>
            <Notice kind="warning">{ta('importPasswords')}</Notice>
            <p class="row">
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => {
                  downloadList(o().users)
                  forget(o().jobId)
                }}
                data-testid="import-download"
              >
                {ta('importDownload')}
              </button>
              <button
                type="button"
                class="btn btn-ghost"
                onClick={() => {
                  forget(o().jobId)
                  setOutcome(undefined)
                }}
              >
                {ta('importHide')}
              </button>
            </p>
            <table class="qtable adm-created">
              <TableHead cols={[ta('colLine'), ta('colUsername'), ta('colName'), ta('colRole'), ta('colPassword')]} />
              <tbody>
                <For each={o().users}>
                  {(u) => (
                    <tr data-username={u.username}>
                      <td data-label={ta('colLine')}>{u.line}</td>
                      <th scope="row" data-label={ta('colUsername')}>
                        <code>{u.username}</code>
                      </th>
                      <td data-label={ta('colName')}>{u.name}</td>
                      <td data-label={ta('colRole')}>{roleLabel(u.role)}</td>
                      <td data-label={ta('colPassword')}>
                        <code class="adm-pw">{u.oneTimePassword}</code>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  )
}
