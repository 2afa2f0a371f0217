import { For, Show } from 'solid-js'
import type { Pillar } from '../../../shared/rubric/schema'
import { fmtNumber, l } from '../i18n'
import { useAssessment } from './context-assessment'
import { IndicatorCard } from './indicator-card'

/** A pillar with its groups; each group is a fieldset so screen readers announce it with every indicator. */
export function PillarSection(props: { pillar: Pillar }) {
  const m = useAssessment()
  const p = props.pillar
  const ps = () => m.score().pillars.find((x) => x.id === p.id)
  return (
    <section class="section" aria-labelledby={`pillar-${p.id}`}>
      <h2 id={`pillar-${p.id}`} class="section-title">
        <span class="pillar-id">{p.id}</span> {l(p.label)}
        <Show when={ps()}>
          {(s) => (
            <span class="section-score" classList={{ below: !s().meetsMinimum }}>
              {fmtNumber(s().points)}/{fmtNumber(s().max)}
            </span>
          )}
        </Show>
      </h2>
      <For each={p.groups}>
        {(g) => (
          <fieldset class="group">
            <legend class="group-legend" classList={{ 'sr-only': p.groups.length === 1 && l(g.label) === l(p.label) }}>
              {g.id} · {l(g.label)}
            </legend>
            <For each={g.indicators}>{(ind) => <IndicatorCard indicator={ind} />}</For>
          </fieldset>
        )}
      </For>
    </section>
  )
}
