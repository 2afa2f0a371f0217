import { For, Index, Show, createMemo, createSignal, type Accessor } from 'solid-js'
import { COVERAGE_LEVELS, VILLAGE_NAME_MAX, VillageKind, bestCoverage, coverageRank, type CoverageLevel, type Village } from '../../../shared/roster'
import { useAssessment } from '../assessment/context-assessment'
import type { FieldKey } from '../assessment/values'
import { FieldSync } from '../offline/field-sync'
import { fmtNumber, l } from '../i18n'
import { tr } from '../i18n/roster'
import { NumberInput } from '../ui/number-input'
import { rosterConfig } from './config'
import { coverageText, kindLabel, levelLabel } from './describe'
import { coverageKey, villageFieldKey, villageKey, type VillageField } from './fields'
import { LocationField } from './location-field'
import { TextInput } from './text-input'
import './roster.css'

const KINDS = VillageKind.options
const FLAGS = [
  ['fiber', 'fiber', 'flagFiber'],
  ['publicWifi', 'publicWifi', 'flagWifi'],
  ['digitalTeam', 'digitalTeam', 'flagTeam'],
  ['smartVillage', 'smartVillage', 'flagSmart'],
] as const

/** Ids the browser makes for a new village: unique enough across an officer's devices, stable across years. */
const newVillageId = () => `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

const byOrder = (roster: Record<string, Village>) =>
  Object.keys(roster).sort((a, b) => (roster[a]!.order ?? 1e9) - (roster[b]!.order ?? 1e9) || roster[a]!.name.localeCompare(roster[b]!.name, 'vi'))

/**
 * The officer's village list (danh sách thôn, tổ dân phố). Sixty villages on a 360 px phone: each is one
 * collapsed line (name, signal per operator, flags) and only the one being edited is expanded into inputs.
 * Every edit goes through the form's draft (assessment/draft.ts) like an answer: outbox, autosave, conflicts.
 */
export default function RosterSection() {
  const m = useAssessment()
  const cfg = rosterConfig(m.rubric)!
  const roster = () => m.draft.values().roster ?? {}
  // Only a change of the list's membership or order re-renders rows; a typed field re-renders its own row.
  const ids = createMemo(() => byOrder(roster()), [], { equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]) })
  const [open, setOpen] = createSignal<string>()
  const operators = cfg.operators.map((o) => o.id)
  const no4g = createMemo(() => ids().filter((id) => coverageRank(bestCoverage(roster()[id]!, operators)) < coverageRank('4g')).length)
  const pending = createMemo(() => {
    const set = new Set<string>()
    for (const k of m.draft.pendingKeys()) if (k.startsWith('roster.')) set.add(k.split('.')[1]!)
    return set
  })

  return (
    <section class="section roster" aria-labelledby="roster-title" data-testid="roster">
      <h2 id="roster-title" class="section-title">
        {tr('rosterTitle')}
      </h2>
      <Show when={m.draft.editable()}>
        <p class="muted section-intro">{tr('rosterIntro')}</p>
      </Show>
      <p class="roster-sum" data-testid="roster-summary">
        {tr('rosterCount', { n: ids().length })}
        <Show when={ids().length > 0}>
          {' · '}
          {no4g() ? tr('rosterNo4g', { n: no4g() }) : tr('rosterAll4g')}
        </Show>
      </p>
      <Show when={ids().length === 0}>
        <p class="muted">{tr('rosterEmpty')}</p>
      </Show>
      <ul class="vl">
        <For each={ids()}>
          {(id) => {
            const village = createMemo(() => roster()[id])
            return (
              <Show when={village()}>
                {(v) => (
                  <li class="vl-item" data-testid={`village-${id}`} data-name={v().name}>
                    <Show
                      when={open() === id}
                      fallback={<VillageLine id={id} village={v} pending={pending().has(id)} onOpen={() => setOpen(id)} />}
                    >
                      <VillageEditor id={id} village={v} onClose={() => setOpen(undefined)} />
                    </Show>
                  </li>
                )}
              </Show>
            )
          }}
        </For>
      </ul>
      <Show when={m.draft.editable()}>
        <AddVillage
          onAdd={(name, kind) => {
            const id = newVillageId()
            const order = ids().reduce((max, v) => Math.max(max, (roster()[v]!.order ?? 0) + 1), 0)
            m.draft.set(villageKey(id), { name, kind, coverage: {}, order })
            setOpen(id)
          }}
        />
      </Show>
    </section>
  )
}

function VillageLine(props: { id: string; village: Accessor<Village>; pending: boolean; onOpen: () => void }) {
  const m = useAssessment()
  const cfg = rosterConfig(m.rubric)!
  const flags = () => FLAGS.filter(([f]) => props.village()[f]).map(([, , label]) => tr(label))
  return (
    <button
      type="button"
      class="vl-line"
      aria-expanded="false"
      aria-label={tr('villageEdit', { name: props.village().name })}
      onClick={props.onOpen}
      data-testid={`village-open-${props.id}`}
    >
      <span class="vl-name">
        {props.village().name}
        <span class="vl-kind">
          {' · '}
          {kindLabel(props.village().kind)}
          <Show when={props.village().households !== undefined}>
            {' · '}
            {fmtNumber(props.village().households!)} {tr('householdsUnit')}
          </Show>
        </span>
        <Show when={props.pending}>
          <span class="vl-pending" title={tr('villageSyncLocal')} aria-label={tr('villageSyncLocal')} />
        </Show>
      </span>
      <span class="vl-cov">
        <Index each={cfg.operators}>
          {(op) => {
            const c = () => props.village().coverage[op().id]
            return (
              <span class={`vl-chip lv-${c()?.level ?? 'unknown'}${c()?.weak ? ' lv-weak' : ''}`} data-testid={`chip-${props.id}-${op().id}`}>
                {l(op().label)} {c() ? coverageText(c()) : '?'}
              </span>
            )
          }}
        </Index>
        <Show when={flags().length}>
          <span class="vl-flags">{flags().join(' · ')}</span>
        </Show>
      </span>
    </button>
  )
}

function VillageEditor(props: { id: string; village: Accessor<Village>; onClose: () => void }) {
  const m = useAssessment()
  const cfg = rosterConfig(m.rubric)!
  const disabled = () => !m.draft.editable()
  const [confirming, setConfirming] = createSignal(false)
  const fk = (f: VillageField) => villageFieldKey(props.id, f)
  const set = (key: FieldKey, value: Parameters<typeof m.draft.set>[1]) => m.draft.set(key, value)
  // The field the officer is in is never changed under the cursor by another device's save (draft.setEditing).
  const editing = (key: FieldKey) => ({
    onFocusIn: () => m.draft.setEditing(key),
    onFocusOut: (e: FocusEvent & { currentTarget: HTMLElement }) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) m.draft.setEditing(undefined)
    },
  })
  const issues = (key: FieldKey) => m.serverIssues(key)
  const pid = `v-${props.id}`
  return (
    <div class="vl-edit" data-testid={`village-edit-${props.id}`}>
      <div class="vl-edit-head">
        <strong>{props.village().name}</strong>
        <button type="button" class="btn btn-sm btn-ghost" aria-expanded="true" onClick={props.onClose} data-testid="village-close">
          {tr('villageClose')}
        </button>
      </div>
      <div class="field" {...editing(fk('name'))}>
        <label for={`${pid}-name`}>{tr('villageName')}</label>
        <TextInput
          id={`${pid}-name`}
          value={props.village().name}
          maxLength={VILLAGE_NAME_MAX}
          disabled={disabled()}
          onValue={(v) => set(fk('name'), v)}
        />
        <Show when={!props.village().name}>
          <p class="field-error">{tr('villageNameRequired')}</p>
        </Show>
        <FieldSync field={fk('name')} label={tr('villageName')} />
      </div>
      <div class="vl-two">
        <div class="field" {...editing(fk('kind'))}>
          <label for={`${pid}-kind`}>{tr('villageKind')}</label>
          <select
            id={`${pid}-kind`}
            class="input"
            disabled={disabled()}
            value={props.village().kind}
            onChange={(e) => set(fk('kind'), e.currentTarget.value)}
          >
            <For each={KINDS}>{(k) => <option value={k}>{kindLabel(k)}</option>}</For>
          </select>
        </div>
        <div class="field" {...editing(fk('households'))}>
          <label for={`${pid}-households`}>{tr('villageHouseholds')}</label>
          <NumberInput
            id={`${pid}-households`}
            value={props.village().households}
            unit={tr('householdsUnit')}
            disabled={disabled()}
            invalid={issues(fk('households')).length > 0}
            onError={(r) => m.draft.setBoxError(`${pid}-households`, fk('households'), r)}
            onValue={(v) => set(fk('households'), v)}
          />
          <FieldSync field={fk('households')} label={`${props.village().name} — ${tr('villageHouseholds')}`} />
          <For each={issues(fk('households'))}>{(i) => <p class="field-error">{l(i.message)}</p>}</For>
        </div>
      </div>
      <fieldset class="vl-cov-edit">
        <legend>{tr('coverageTitle')}</legend>
        <For each={cfg.operators}>
          {(op) => {
            const key = coverageKey(props.id, op.id)
            const c = () => props.village().coverage[op.id]
            const put = (level: string, weak: boolean) =>
              set(key, level ? { level: level as CoverageLevel, ...(weak && level !== 'none' ? { weak: true } : {}) } : null)
            return (
              <div class="vl-op" {...editing(key)}>
                <label for={`${pid}-cov-${op.id}`}>{l(op.label)}</label>
                <select
                  id={`${pid}-cov-${op.id}`}
                  class="input"
                  disabled={disabled()}
                  value={c()?.level ?? ''}
                  onChange={(e) => put(e.currentTarget.value, !!c()?.weak)}
                >
                  <option value="">{tr('coverageUnknown')}</option>
                  <For each={COVERAGE_LEVELS}>{(lv) => <option value={lv}>{levelLabel(lv)}</option>}</For>
                </select>
                <label class="check">
                  <input
                    id={`${pid}-weak-${op.id}`}
                    type="checkbox"
                    disabled={disabled() || !c() || c()!.level === 'none'}
                    checked={!!c()?.weak}
                    onChange={(e) => c() && put(c()!.level, e.currentTarget.checked)}
                  />
                  {tr('weak')}
                </label>
                <FieldSync field={key} label={`${props.village().name} — ${l(op.label)}`} />
              </div>
            )
          }}
        </For>
      </fieldset>
      <div class="vl-flags-edit">
        <For each={FLAGS}>
          {([field, label]) => (
            <label class="check" {...editing(fk(field))}>
              <input
                id={`${pid}-${field}`}
                type="checkbox"
                disabled={disabled()}
                checked={!!props.village()[field]}
                onChange={(e) => set(fk(field), e.currentTarget.checked)}
              />
              {tr(label)}
            </label>
          )}
        </For>
      </div>
      <div {...editing(fk('location'))}>
        <LocationField
          id={`${pid}-loc`}
          value={props.village().location}
          disabled={disabled()}
          onValue={(v) => set(fk('location'), v)}
          onError={(r) => m.draft.setBoxError(`${pid}-loc`, fk('location'), r)}
        />
        <FieldSync field={fk('location')} label={`${props.village().name} — ${tr('location')}`} />
      </div>
      <div class="field" {...editing(fk('note'))}>
        <label for={`${pid}-note`}>{tr('note')}</label>
        <TextInput id={`${pid}-note`} multiline value={props.village().note} maxLength={2000} disabled={disabled()} onValue={(v) => set(fk('note'), v)} />
      </div>
      <Show when={m.draft.editable()}>
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => setConfirming(true)}>
              {tr('villageRemove')}
            </button>
          }
        >
          <p role="alert">{tr('villageRemoveConfirm', { name: props.village().name })}</p>
          <div class="vl-loc-row">
            <button type="button" class="btn btn-sm btn-danger" onClick={() => m.draft.set(villageKey(props.id), null)} data-testid="village-remove-yes">
              {tr('villageRemoveYes')}
            </button>
            <button type="button" class="btn btn-sm" onClick={() => setConfirming(false)}>
              {tr('villageRemoveNo')}
            </button>
          </div>
        </Show>
      </Show>
    </div>
  )
}

function AddVillage(props: { onAdd: (name: string, kind: VillageKind) => void }) {
  const [name, setName] = createSignal('')
  const [kind, setKind] = createSignal<VillageKind>('thon')
  const add = () => {
    const n = name().trim()
    if (!n) return
    props.onAdd(n, kind())
    setName('')
  }
  return (
    <div class="vl-add">
      <label for="vl-add-name" class="sr-only">
        {tr('villageAddName')}
      </label>
      <input
        id="vl-add-name"
        class="input vl-add-name"
        maxLength={VILLAGE_NAME_MAX}
        placeholder={tr('villageAddName')}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            add()
          }
        }}
      />
      <label for="vl-add-kind" class="sr-only">
        {tr('villageKind')}
      </label>
      <select id="vl-add-kind" class="input" value={kind()} onChange={(e) => setKind(e.currentTarget.value as VillageKind)}>
        <For each={KINDS}>{(k) => <option value={k}>{kindLabel(k)}</option>}</For>
      </select>
      <button type="button" class="btn btn-primary" disabled={!name().trim()} onClick={add} data-testid="village-add">
        {tr('villageAdd')}
      </button>
    </div>
  )
}
