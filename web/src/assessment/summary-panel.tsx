import { For, Show, createMemo, createSignal } from 'solid-js'
import { flattenIndicators } from '../../../shared/rubric/walk'
import { fmtNumber, fmtPercent, l, t } from '../i18n'
import { useAssessment } from './context-assessment'
import { focusField } from './focus'
import { SaveStatus } from './save-status'
import { RemoteNotice } from './remote-notice'

/**
 * The live result, computed in the browser with the same scoreAssessment the server uses.
 * Phones: a sticky bar (total, verdict, save state) that expands; wide screens: a sticky side panel.
 */
export function SummaryPanel() {
  const m = useAssessment()
  const [open, setOpen] = createSignal(false)
  const score = m.score
  const rec = m.rubric.recognition
  const pillarLabel = (id: string) => l(m.rubric.pillars.find((p) => p.id === id)?.label)
  const mandatory = createMemo(() =>
    flattenIndicators(m.rubric)
      .filter((f) => f.indicator.mandatory)
      .map((f) => ({ id: f.indicator.id, met: score().indicators[f.indicator.id]?.met ?? false })),
  )
  const answered = () => Object.keys(score().indicators).length - score().missing.length
  const verdictOk = () => score().verdict.eligible
  const advice = () => [...score().verdict.toMeet].sort((a, b) => Number(b.mandatory) - Number(a.mandatory))
  // Buttons, not #anchors: the hash is the router's.
  const jump = (headingId: string) => {
    setOpen(false)
    const el = document.getElementById(headingId)
    el?.scrollIntoView({ block: 'start' })
    el?.closest('section')?.querySelector<HTMLElement>('input:not([disabled]),select:not([disabled])')?.focus({ preventScroll: true })
  }
  const go = (id: string) => {
    setOpen(false)
    focusField(`answers.${id}`)
  }

  return (
    <aside class="summary" aria-labelledby="sum-title" data-testid="summary">
      <h2 id="sum-title" class="sr-only">
        {t('summaryTitle')}
      </h2>
      <div class="sum-bar">
        <div class="sum-total">
          <span class="sum-total-label">{t('total')}</span>
          <span class="sum-total-num" data-testid="total">
            {fmtNumber(score().total)}
          </span>
          <span class="sum-total-max">{t('outOf', { max: fmtNumber(score().maxTotal) })}</span>
        </div>
        <span class={`verdict-chip ${verdictOk() ? 'ok' : 'bad'}`} data-testid="verdict">
          <span class="v-long">{verdictOk() ? t('eligible') : t('notEligible')}</span>
          <span class="v-short">{verdictOk() ? t('eligibleShort') : t('notEligibleShort')}</span>
        </span>
        <Show when={m.draft.editable()}>
          <SaveStatus draft={m.draft} />
        </Show>
        <button
          type="button"
          class="btn btn-ghost btn-sm sum-toggle"
          aria-expanded={open()}
          aria-controls="sum-details"
          aria-label={open() ? t('hideDetails') : t('showDetails')}
          onClick={() => setOpen(!open())}
        >
          {t('details')} <span aria-hidden="true">{open() ? '▴' : '▾'}</span>
        </button>
      </div>
      {/* In the sticky panel: seen wherever the officer has scrolled to. */}
      <RemoteNotice />

      <div id="sum-details" class="sum-details" classList={{ open: open() }}>
        <nav class="jump" aria-label={t('jumpTo')}>
          <button type="button" class="jump-btn" onClick={() => jump('profile-title')}>
            {t('profileShort')}
          </button>
          <For each={m.rubric.pillars}>
            {(p) => (
              <button type="button" class="jump-btn" title={l(p.label)} onClick={() => jump(`pillar-${p.id}`)}>
                {p.id}
              </button>
            )}
          </For>
        </nav>
        <div class="bar bar-total" aria-hidden="true">
          <div class="bar-fill" classList={{ below: score().total < rec.minTotal }} style={{ width: `${(100 * score().total) / (score().maxTotal || 1)}%` }} />
          <div class="bar-min" style={{ left: `${(100 * rec.minTotal) / (score().maxTotal || 1)}%` }} />
        </div>
        <p class="muted small">{t('progress', { answered: answered(), n: Object.keys(score().indicators).length })}</p>

        <ul class="pillars">
          <For each={score().pillars}>
            {(p) => (
              <li class="pbar">
                <div class="pbar-head">
                  <span>
                    <strong>{p.id}</strong> {pillarLabel(p.id)}
                  </span>
                  <span classList={{ below: !p.meetsMinimum }}>
                    {fmtNumber(p.points)}/{fmtNumber(p.max)}
                  </span>
                </div>
                <div class="bar" aria-hidden="true">
                  <div class="bar-fill" classList={{ below: !p.meetsMinimum }} style={{ width: `${(100 * p.points) / (p.max || 1)}%` }} />
                  <div class="bar-min" style={{ left: `${100 * rec.minPillarShare}%` }} />
                </div>
                <p class="small muted">
                  {t('pillarMin', { pct: `${fmtNumber(p.minRequired)} (${fmtPercent(rec.minPillarShare, 0)})` })}
                  <Show when={!p.meetsMinimum}>
                    {' · '}
                    <span class="below">{t('pillarBelow')}</span>
                  </Show>
                </p>
              </li>
            )}
          </For>
        </ul>

        <h3 class="sum-h">
          {t('mandatoryTitle')}{' '}
          <span class="muted">
            {t('mandatoryCount', { met: mandatory().filter((x) => x.met).length, n: mandatory().length })}
          </span>
        </h3>
        <ul class="chips">
          <For each={mandatory()}>
            {(x) => (
              <li>
                <button
                  type="button"
                  class={`chip ${x.met ? 'chip-ok' : 'chip-bad'}`}
                  aria-label={`${x.id}: ${x.met ? t('met') : t('notMet')}`}
                  onClick={() => go(x.id)}
                >
                  <span aria-hidden="true">{x.met ? '✓' : '✗'}</span> {x.id}
                </button>
              </li>
            )}
          </For>
        </ul>

        <Show when={score().verdict.failures.length}>
          <h3 class="sum-h">{t('failuresTitle')}</h3>
          <ul class="failures" data-testid="failures">
            <For each={score().verdict.failures}>{(f) => <li>{l(f.message)}</li>}</For>
          </ul>
        </Show>

        <Show when={advice().length}>
          <h3 class="sum-h">{t('toMeetTitle')}</h3>
          <ul class="advice" data-testid="advice">
            <For each={advice()}>
              {(a) => (
                <li>
                  <button type="button" class="linkish advice-item" onClick={() => go(a.indicatorId)}>
                    <Show when={a.mandatory}>
                      <span class="tag tag-mandatory">{t('mandatory')}</span>{' '}
                    </Show>
                    {l(a.message)}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </aside>
  )
}
