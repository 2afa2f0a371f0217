import { For, Show, createSignal } from 'solid-js'
import { TextInput } from './text-input'
import type { Me } from '../api/client'
import { fmtDate, fmtDateTime } from '../i18n'
import { ty } from '../i18n/years'
import { yearsApi, type YearDetail } from './api'
import { FeedbackView } from './feedback'
import { createFormAction } from './form-action'

/** Per-commune extensions: the list (who, until, why), a grant form and a revoke with its reason. */
export function ExtensionsSection(props: { detail: YearDetail; me: Me; onChanged: (d: YearDetail) => void }) {
  const communes = () => [...props.me.communes].sort((a, b) => a.name.localeCompare(b.name, 'vi'))
  const name = (id: string) => props.me.communes.find((c) => c.id === id)?.name ?? id
  const [communeId, setCommuneId] = createSignal('')
  const [until, setUntil] = createSignal('')
  const [reason, setReason] = createSignal('')
  const { busy, feedback, setFeedback, run } = createFormAction()
  const entries = () => Object.entries(props.detail.extensions).sort(([a], [b]) => name(a).localeCompare(name(b), 'vi'))

  const grant = async (e: Event) => {
    e.preventDefault()
    setFeedback(undefined)
    // Checked here so the message is ours, not a browser bubble (same as the review forms).
    if (!communeId()) return setFeedback({ kind: 'error', text: ty('communeRequired') })
    if (!until()) return setFeedback({ kind: 'error', text: ty('dateRequired') })
    if (!reason().trim()) return setFeedback({ kind: 'error', text: ty('reasonRequired') })
    await run(async () => {
      props.onChanged(await yearsApi.grant(props.detail.year, communeId(), until(), reason().trim()))
      setFeedback({ kind: 'success', text: ty('extGranted', { name: name(communeId()) }) })
      setReason('')
    })
  }

  return (
    <div class="card years-card">
      <h3>{ty('extTitle')}</h3>
      <Show when={entries().length} fallback={<p class="muted">{ty('extNone')}</p>}>
        <table class="qtable" data-testid="extensions">
          <thead>
            <tr>
              <th scope="col">{ty('extCommune')}</th>
              <th scope="col">{ty('extUntil')}</th>
              <th scope="col">{ty('extReason')}</th>
              <th scope="col">{ty('extBy')}</th>
              <th scope="col">
                <span class="sr-only">{ty('extRevoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={entries()}>
              {([id, ext]) => (
                <tr data-commune={id}>
                  <th scope="row" data-label={ty('extCommune')}>
                    {name(id)}
                  </th>
                  <td data-label={ty('extUntil')}>{fmtDate(ext.until)}</td>
                  <td data-label={ty('extReason')}>{ext.reason}</td>
                  <td data-label={ty('extBy')} class="small">
                    {ext.byName} · {fmtDateTime(ext.at)}
                  </td>
                  <td>
                    <RevokeControl year={props.detail.year} communeId={id} name={name(id)} onChanged={props.onChanged} />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <form onSubmit={grant} data-testid="grant-extension">
        <div class="filters">
          <div class="field">
            <label for="y-ext-commune">{ty('extCommune')}</label>
            <select id="y-ext-commune" class="input" value={communeId()} onChange={(e) => setCommuneId(e.currentTarget.value)}>
              <option value="">{ty('extChooseCommune')}</option>
              <For each={communes()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
          </div>
          <TextInput id="y-ext-until" label={ty('extUntil')} type="date" value={until()} onInput={setUntil} />
          <TextInput id="y-ext-reason" label={ty('extReason')} maxLength={2000} wide value={reason()} onInput={setReason} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {ty('extGrant')}
        </button>
      </form>
      <FeedbackView feedback={feedback()} testId="extension-feedback" />
    </div>
  )
}

function RevokeControl(props: { year: number; communeId: string; name: string; onChanged: (d: YearDetail) => void }) {
  const [open, setOpen] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const { busy, feedback, setFeedback, run } = createFormAction()
  const inputId = `y-revoke-${props.communeId}`
  const confirm = async () => {
    setFeedback(undefined)
    if (!reason().trim()) return setFeedback({ kind: 'error', text: ty('reasonRequired') })
    await run(async () => props.onChanged(await yearsApi.revoke(props.year, props.communeId, reason().trim())))
  }
  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="btn btn-sm" onClick={() => setOpen(true)}>
          {ty('extRevoke')}
        </button>
      }
    >
      <TextInput id={inputId} label={ty('extRevokeReason', { name: props.name })} maxLength={2000} value={reason()} onInput={setReason} />
      <button type="button" class="btn btn-sm btn-primary" disabled={busy()} onClick={() => void confirm()}>
        {ty('extRevokeConfirm')}
      </button>
      <FeedbackView feedback={feedback()} testId={`revoke-feedback-${props.communeId}`} />
    </Show>
  )
}
