import { For, Match, Show, Switch, createMemo, createResource, createSignal } from 'solid-js'
import { Loading } from '../ui/loading'
import { WithMe } from '../shell/me'
import { adminApi, type AdminUnit } from '../api/admin-api'
import { t } from '../i18n'
import { ta } from '../i18n/admin'
import { hrefOf } from '../router'
import { LoadError } from '../ui/load-error'
import { Notice } from '../ui/notice'
import { focusSoon } from './focus'
import { FormDialog, TextField } from './form-dialog'
import { HistoryDialog } from './history-dialog'
import { MergeDialog } from './merge-dialog'
import { ReviewTierSetting } from './review-tier-setting'
import { loadTree, predecessorNames, type ProvinceTree } from './tree'
import './admin.css'

type Editing =
  | { kind: 'create-district' }
  | { kind: 'create-commune'; district: AdminUnit }
  | { kind: 'rename'; unit: AdminUnit }
  | { kind: 'move'; unit: AdminUnit }
  | { kind: 'retire'; unit: AdminUnit }
  | { kind: 'merge' }
  | { kind: 'history'; unit: AdminUnit }

/** `#/admin/units`: the province's review units and communes; create, rename, move, retire, merge. */
export default function UnitsPage() {
  return (
    <div class="page page-wide adm">
      <WithMe>
        {(me) => (
          <Show when={me().user.role === 'admin' && me().orgUnit} fallback={<Notice kind="error">{ta('errForbidden')}</Notice>}>
            {(province) => <Units province={province()} />}
          </Show>
        )}
      </WithMe>
    </div>
  )
}

function Units(props: { province: { id: string; name: string } }) {
  const [tree, { refetch }] = createResource(() => loadTree(props.province))
  const [editing, setEditing] = createSignal<Editing>()
  const [done, setDone] = createSignal<string>()
  const [showRetired, setShowRetired] = createSignal(false)

  let changedSinceOpen = false
  /** After a change: say what happened and reload the tree (another admin may have changed it too). */
  const changed = async (message: string) => {
    changedSinceOpen = true
    setDone(message)
    await refetch()
  }
  // The reloaded tree replaced the button that opened the dialog, so focus cannot go back to it: it goes to the
  // sentence saying what was done, where a keyboard user carries on.
  const close = () => {
    setEditing(undefined)
    if (changedSinceOpen) focusSoon('units-done')
    changedSinceOpen = false
  }

  return (
    <>
      <h1>{ta('unitsTitle')}</h1>
      <p class="muted">{ta('unitsIntro', { province: props.province.name })}</p>
      <ReviewTierSetting provinceId={props.province.id} />
      <div class="adm-toolbar">
        <button type="button" class="btn btn-primary" onClick={() => setEditing({ kind: 'create-district' })}>
          {ta('unitsAddDistrict')}
        </button>
        <button type="button" class="btn" disabled={!tree()} onClick={() => setEditing({ kind: 'merge' })} data-testid="merge-open">
          {ta('unitsMerge')}
        </button>
        <label class="check adm-toggle">
          <input type="checkbox" checked={showRetired()} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
          {ta('unitsShowRetired')}
        </label>
      </div>
      <Show when={done()}>
        <Notice kind="success">
          <span id="units-done" tabindex="-1" data-testid="units-done">
            {done()}
          </span>
        </Notice>
      </Show>
      <Switch fallback={<Loading />}>
        <Match when={tree.error}>
          <LoadError error={tree.error} onRetry={refetch} backHref={hrefOf({ name: 'home' })} />
        </Match>
        <Match when={tree.latest}>
          {(tr) => (
            <>
              <Show when={tr().districts.length} fallback={<Notice kind="info">{ta('unitsNoDistricts')}</Notice>}>
                <div class="adm-tree" data-testid="unit-tree">
                  <For each={tr().districts.filter((d) => showRetired() || !d.retired)}>
                    {(d) => <DistrictCard tree={tr()} district={d} showRetired={showRetired()} onEdit={setEditing} />}
                  </For>
                </div>
              </Show>
              <UnitDialogs tree={tr()} province={props.province} editing={editing()} onClose={close} onChanged={changed} />
            </>
          )}
        </Match>
      </Switch>
    </>
  )
}

function DistrictCard(props: { tree: ProvinceTree; district: AdminUnit; showRetired: boolean; onEdit: (e: Editing) => void }) {
  const d = () => props.district
  const all = () => props.tree.communesOf.get(d().id) ?? []
  const active = () => all().filter((c) => !c.retired)
  const shown = () => (props.showRetired ? all() : active())
  const headId = () => `d-${d().id}`
  return (
    <section class={`card adm-district${d().retired ? ' adm-retired' : ''}`} aria-labelledby={headId()} data-unit={d().id}>
      <div class="adm-head">
        <div>
          <h2 id={headId()} class="adm-name">
            {d().name}
          </h2>
          <p class="muted small">
            {ta('kindDistrict')} · {ta('unitsCommunes', { n: active().length })}
            <Show when={d().code}>{(code) => <> · {ta('unitsCode', { code: code() })}</>}</Show>
            <Show when={d().retired}>
              {' · '}
              <span class="pill pill-bad">{ta('unitsRetiredBadge')}</span>
            </Show>
          </p>
        </div>
        <Show when={!d().retired}>
          <div class="adm-actions" role="group" aria-label={ta('unitsActionsFor', { name: d().name })}>
            <button type="button" class="btn btn-sm btn-primary" onClick={() => props.onEdit({ kind: 'create-commune', district: d() })}>
              {ta('unitsAddCommune')}
            </button>
            <button type="button" class="btn btn-sm" onClick={() => props.onEdit({ kind: 'rename', unit: d() })} aria-label={`${ta('actRename')} ${d().name}`}>
              {ta('actRename')}
            </button>
            <a class="btn btn-sm btn-ghost" href={hrefOf({ name: 'adminAccounts', unitId: d().id })}>
              {ta('unitsAccounts')}
            </a>
            <button
              type="button"
              class="btn btn-sm btn-danger-ghost"
              onClick={() => props.onEdit({ kind: 'retire', unit: d() })}
              aria-label={`${ta('actRetire')} ${d().name}`}
            >
              {ta('actRetire')}
            </button>
          </div>
        </Show>
      </div>
      <Show when={shown().length} fallback={<p class="muted small">{ta('unitsNoCommunes')}</p>}>
        <ul class="adm-communes">
          <For each={shown()}>{(c) => <CommuneRow tree={props.tree} unit={c} onEdit={props.onEdit} />}</For>
        </ul>
      </Show>
    </section>
  )
}

function CommuneRow(props: { tree: ProvinceTree; unit: AdminUnit; onEdit: (e: Editing) => void }) {
  const c = () => props.unit
  const from = () => predecessorNames(props.tree, c())
  const into = () => (c().mergedInto ? props.tree.byId.get(c().mergedInto!)?.name ?? c().mergedInto : undefined)
  return (
    <li class={`adm-commune${c().retired ? ' adm-retired' : ''}`} data-unit={c().id}>
      <div class="adm-commune-main">
        <span class="adm-name">{c().name}</span>
        <Show when={c().code}>{(code) => <span class="muted small"> · {ta('unitsCode', { code: code() })}</span>}</Show>
        <Show when={c().retired}>
          {' '}
          <span class="pill pill-bad">{ta('unitsRetiredBadge')}</span>
        </Show>
        <Show when={into()}>{(name) => <p class="muted small">{ta('unitsMergedInto', { name: name() })}</p>}</Show>
        <Show when={from().length}>
          <p class="small adm-history">
            <span data-testid="merged-from">{ta('unitsMergedFrom', { names: from().join(', ') })}</span>
            {' · '}
            <button type="button" class="linkish" onClick={() => props.onEdit({ kind: 'history', unit: c() })} data-testid="history-open">
              {ta('actHistory')}
            </button>
          </p>
        </Show>
      </div>
      <Show when={!c().retired}>
        {/* A menu per commune: four buttons on each of a hundred rows would bury the names on a phone. */}
        <details class="adm-menu">
          <summary class="btn btn-sm" aria-label={ta('unitsActionsFor', { name: c().name })}>
            {ta('unitsActions')}
          </summary>
          <div class="adm-menu-items" onClick={(e) => ((e.currentTarget.parentElement as HTMLDetailsElement).open = false)}>
            <button type="button" class="btn btn-sm" onClick={() => props.onEdit({ kind: 'rename', unit: c() })} aria-label={`${ta('actRename')} ${c().name}`}>
              {ta('actRename')}
            </button>
            <button type="button" class="btn btn-sm" onClick={() => props.onEdit({ kind: 'move', unit: c() })} aria-label={`${ta('actMove')} ${c().name}`}>
              {ta('actMove')}
            </button>
            <a class="btn btn-sm btn-ghost" href={hrefOf({ name: 'adminAccounts', unitId: c().id })} aria-label={`${ta('unitsAccounts')} ${c().name}`}>
              {ta('unitsAccounts')}
            </a>
            <button type="button" class="btn btn-sm" onClick={() => props.onEdit({ kind: 'history', unit: c() })} aria-label={`${ta('actHistory')} ${c().name}`}>
              {ta('actHistory')}
            </button>
            <button
              type="button"
              class="btn btn-sm btn-danger-ghost"
              onClick={() => props.onEdit({ kind: 'retire', unit: c() })}
              aria-label={`${ta('actRetire')} ${c().name}`}
            >
              {ta('actRetire')}
            </button>
          </div>
        </details>
      </Show>
    </li>
  )
}

/** The dialog of the change being made, if any; each one reports back in a sentence. */
function UnitDialogs(props: {
  tree: ProvinceTree
  province: { id: string; name: string }
  editing: Editing | undefined
  onClose: () => void
  onChanged: (message: string) => Promise<void>
}) {
  const e = () => props.editing
  return (
    <Switch>
      <Match when={(() => { const x = e(); return x?.kind === 'create-district' || x?.kind === 'create-commune' ? x : undefined })()} keyed>
        {(x) => (
          <NameDialog
            title={x.kind === 'create-commune' ? ta('dlgCreateCommune', { district: x.district.name }) : ta('dlgCreateDistrict')}
            confirmLabel={ta('create')}
            testId="unit-create"
            onClose={props.onClose}
            submit={async (name, code) => {
              const parentId = x.kind === 'create-commune' ? x.district.id : props.province.id
              const kind = x.kind === 'create-commune' ? 'commune' : 'district'
              const unit = await adminApi.createUnit({ kind, name, parentId, ...(code ? { code } : {}) })
              await props.onChanged(ta('created', { name: unit.name }))
            }}
          />
        )}
      </Match>
      <Match when={(() => { const x = e(); return x?.kind === 'rename' ? x : undefined })()} keyed>
        {(x) => (
          <NameDialog
            title={ta('dlgRename', { name: x.unit.name })}
            confirmLabel={ta('save')}
            testId="unit-rename"
            initial={{ name: x.unit.name, code: x.unit.code ?? '' }}
            onClose={props.onClose}
            submit={async (name, code) => {
              const unit = await adminApi.updateUnit(x.unit.id, { name, ...(code && code !== x.unit.code ? { code } : {}) })
              await props.onChanged(ta('saved', { name: unit.name }))
            }}
          />
        )}
      </Match>
      <Match when={(() => { const x = e(); return x?.kind === 'move' ? x : undefined })()} keyed>
        {(x) => <MoveDialog tree={props.tree} unit={x.unit} onClose={props.onClose} onChanged={props.onChanged} />}
      </Match>
      <Match when={(() => { const x = e(); return x?.kind === 'retire' ? x : undefined })()} keyed>
        {(x) => (
          <FormDialog
            open
            onClose={props.onClose}
            title={ta('dlgRetireTitle', { name: x.unit.name })}
            confirmLabel={ta('actRetire')}
            danger
            testId="unit-retire"
            submit={async () => {
              const unit = await adminApi.retireUnit(x.unit.id)
              await props.onChanged(ta('retiredDone', { name: unit.name }))
            }}
          >
            {() => (
              <>
                <p>{ta('dlgRetireBody')}</p>
                <Show when={x.unit.kind === 'district'}>
                  <p class="muted small">{ta('dlgRetireDistrictBody')}</p>
                </Show>
              </>
            )}
          </FormDialog>
        )}
      </Match>
      <Match when={(() => { const x = e(); return x?.kind === 'history' ? x : undefined })()} keyed>
        {(x) => <HistoryDialog unit={x.unit} onClose={props.onClose} />}
      </Match>
      <Match when={e()?.kind === 'merge'}>
        <MergeDialog tree={props.tree} onClose={props.onClose} onChanged={props.onChanged} />
      </Match>
    </Switch>
  )
}

function NameDialog(props: {
  title: string
  confirmLabel: string
  testId: string
  initial?: { name: string; code: string }
  onClose: () => void
  submit: (name: string, code: string) => Promise<void>
}) {
  const [name, setName] = createSignal(props.initial?.name ?? '')
  const [code, setCode] = createSignal(props.initial?.code ?? '')
  return (
    <FormDialog
      open
      onClose={props.onClose}
      title={props.title}
      confirmLabel={props.confirmLabel}
      testId={props.testId}
      check={() => (name().trim() ? undefined : { name: ta('required') })}
      submit={() => props.submit(name().trim(), code().trim())}
    >
      {(err) => (
        <>
          <TextField id={`${props.testId}-name`} label={ta('fieldName')} hint={ta('fieldNameHint')} value={name()} onInput={setName} error={err('name')} required />
          <TextField id={`${props.testId}-code`} label={ta('fieldCode')} hint={ta('fieldCodeHint')} value={code()} onInput={setCode} error={err('code')} maxLength={32} />
        </>
      )}
    </FormDialog>
  )
}

function MoveDialog(props: { tree: ProvinceTree; unit: AdminUnit; onClose: () => void; onChanged: (m: string) => Promise<void> }) {
  const [target, setTarget] = createSignal(props.unit.parentId ?? '')
  const options = createMemo(() => props.tree.districts.filter((d) => !d.retired))
  return (
    <FormDialog
      open
      onClose={props.onClose}
      title={ta('dlgMove', { name: props.unit.name })}
      confirmLabel={ta('save')}
      testId="unit-move"
      check={() => (target() && target() !== props.unit.parentId ? undefined : { parentId: ta('dlgMoveSame') })}
      submit={async () => {
        const unit = await adminApi.updateUnit(props.unit.id, { parentId: target() })
        await props.onChanged(ta('saved', { name: unit.name }))
      }}
    >
      {(err) => (
        <div class="field">
          <label for="unit-move-parentId">{ta('fieldParentDistrict')}</label>
          <select
            id="unit-move-parentId"
            class="input"
            value={target()}
            aria-invalid={err('parentId') ? 'true' : undefined}
            aria-describedby={err('parentId') ? 'unit-move-parentId-err' : undefined}
            onChange={(ev) => setTarget(ev.currentTarget.value)}
          >
            <For each={options()}>{(d) => <option value={d.id}>{d.name}</option>}</For>
          </select>
          <Show when={err('parentId')}>
            <p class="field-error" id="unit-move-parentId-err">
              {err('parentId')}
            </p>
          </Show>
        </div>
      )}
    </FormDialog>
  )
}
