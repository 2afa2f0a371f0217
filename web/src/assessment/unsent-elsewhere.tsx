import { For, Show, createResource, createSignal } from 'solid-js'
import type { Roster } from '../../../shared/roster'
import type { Rubric } from '../../../shared/rubric/schema'
import { fmtDateTime, t } from '../i18n'
import { forgetUnsentEdits, loadSnapshot, unsentEdits, type UnsentEdit } from '../offline/outbox-store'
import { Notice } from '../ui/notice'
import { describeField, describeValue } from './describe'

type Stranded = { id: string; name: string; edits: UnsentEdit[]; roster?: Roster }

/**
 * Edits this device made for a commune that was merged into the officer's before they reached the server: that
 * commune's form is read-only now and its officer lands here, so nothing else would ever show them. They are shown
 * field by field, never applied by themselves (the merged commune's figures are totals, not either commune's), and
 * leave the device only when the officer says so.
 */
export function UnsentElsewhere(props: { predecessors: { id: string; name: string }[]; year: number; rubric: Rubric }) {
  const [stranded, { refetch }] = createResource(async (): Promise<Stranded[]> => {
    const out: Stranded[] = []
    for (const p of props.predecessors) {
      const edits = await unsentEdits(p.id, props.year)
      if (edits.length === 0) continue
      // The predecessor's last server copy on this device names its villages.
      const roster = (await loadSnapshot(p.id, props.year))?.roster
      out.push({ ...p, edits: edits.sort((a, b) => a.key.localeCompare(b.key)), ...(roster ? { roster } : {}) })
    }
    return out
  })
  return (
    <For each={stranded() ?? []}>
      {(s) => <StrandedNotice stranded={s} year={props.year} rubric={props.rubric} onForgotten={() => void refetch()} />}
    </For>
  )
}

function StrandedNotice(props: { stranded: Stranded; year: number; rubric: Rubric; onForgotten: () => void }) {
  const [confirming, setConfirming] = createSignal(false)
  const s = () => props.stranded
  const forget = async () => {
    await forgetUnsentEdits(s().id, props.year)
    props.onForgotten()
  }
  return (
    <div data-testid="unsent-elsewhere" data-commune={s().id}>
      <Notice kind="warning">
        <h3>{t('unsentElsewhereTitle', { name: s().name })}</h3>
        <p>{t('unsentElsewhereBody', { n: s().edits.length, name: s().name })}</p>
        <ul class="issue-list">
          <For each={s().edits}>
            {(e) => (
              <li data-key={e.key}>
                <span>{describeField(props.rubric, e.key, s().roster)}</span>:{' '}
                <strong>{describeValue(props.rubric, e.key, e.value)}</strong>
                <Show when={e.at > 0}>
                  {' '}
                  <span class="muted small">({t('unsentElsewhereAt', { date: fmtDateTime(new Date(e.at).toISOString()) })})</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="btn btn-ghost btn-small" onClick={() => setConfirming(true)}>
              {t('unsentElsewhereForget')}
            </button>
          }
        >
          <p role="alert">{t('unsentElsewhereConfirm', { n: s().edits.length })}</p>
          <button type="button" class="btn btn-primary btn-small" onClick={() => void forget()}>
            {t('unsentElsewhereConfirmYes')}
          </button>{' '}
          <button type="button" class="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>
            {t('unsentElsewhereKeep')}
          </button>
        </Show>
      </Notice>
    </div>
  )
}
