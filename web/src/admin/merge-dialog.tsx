import { For, Show, createMemo, createSignal } from 'solid-js'
import { adminApi, type AdminUnit } from '../api/admin-api'
import { ta } from '../i18n/admin'
import { FormDialog, TextField } from './form-dialog'
import { activeCommunes, activeDistricts, type ProvinceTree } from './tree'

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()

/**
 * The 2025 reform's merge: pick the communes being merged, then either a new commune (name, review unit) or an
 * existing one that absorbs them. The summary sentence says exactly what will happen before it is confirmed.
 */
export function MergeDialog(props: { tree: ProvinceTree; onClose: () => void; onChanged: (m: string) => Promise<void> }) {
  const communes = createMemo(() => activeCommunes(props.tree))
  const districts = createMemo(() => activeDistricts(props.tree))
  const [picked, setPicked] = createSignal<string[]>([])
  const [filter, setFilter] = createSignal('')
  const [mode, setMode] = createSignal<'new' | 'existing'>('new')
  const [existing, setExisting] = createSignal('')
  const [name, setName] = createSignal('')
  const [parent, setParent] = createSignal('')
  // What happens to the communes' work in progress and their officers' accounts (functions: shared/merge.ts).
  const [draftMode, setDraftMode] = createSignal<'merge' | 'keep'>('merge')
  const [keepId, setKeepId] = createSignal('')
  const [officers, setOfficers] = createSignal<'move' | 'deactivate'>('move')

  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)))
  const visible = createMemo(() => {
    const f = fold(filter().trim())
    return communes().filter((c) => !f || fold(c.name).includes(f) || picked().includes(c.id))
  })
  const nameOf = (id: string) => props.tree.byId.get(id)?.name ?? id
  const districtOf = (c: AdminUnit) => (c.parentId ? nameOf(c.parentId) : '')
  // A new commune goes by default where the first picked commune is.
  const parentId = () => parent() || props.tree.byId.get(picked()[0] ?? '')?.parentId || districts()[0]?.id || ''
  const target = () => (mode() === 'existing' ? props.tree.byId.get(existing()) : undefined)
  /** The communes whose draft may be kept: the picked ones and the existing commune that absorbs them. */
  const keepChoices = () => [...(mode() === 'existing' && existing() ? [existing()] : []), ...picked()]
  const keptId = () => (keepChoices().includes(keepId()) ? keepId() : (keepChoices()[0] ?? ''))
  const summary = () => {
    if (picked().length === 0) return ''
    const into = mode() === 'existing' ? target()?.name : name().trim() && ta('mergeNew', { name: name().trim() })
    if (!into) return ''
    const drafts = draftMode() === 'keep' && keptId() ? ta('mergeSumKeep', { name: nameOf(keptId()) }) : ta('mergeSumMerge')
    const accounts = officers() === 'move' ? ta('mergeSumMove') : ta('mergeSumDeactivate')
    return `${ta('mergeSummary', { names: picked().map(nameOf).join(', '), target: into })} ${drafts} ${accounts}`
  }

  const check = () => {
    const problems: Record<string, string> = {}
    if (mode() === 'existing' && !target()) problems['existing'] = ta('mergeNeedTarget')
    if (mode() === 'new' && !name().trim()) problems['name'] = ta('required')
    if (picked().length < (mode() === 'existing' ? 1 : 2)) problems['from'] = ta('mergeNeedTwo')
    return problems
  }

  const submit = async () => {
    const t = target()
    const into =
      mode() === 'existing' && t
        ? { id: t.id, name: t.name, parentId: t.parentId ?? '', ...(t.code ? { code: t.code } : {}) }
        : { name: name().trim(), parentId: parentId() }
    const drafts = draftMode() === 'keep' && keptId() ? { mode: 'keep' as const, communeId: keptId() } : { mode: 'merge' as const }
    const res = await adminApi.merge({ into, from: picked(), drafts, officers: officers() })
    const carried = res.merge.years.reduce((n, y) => n + y.carried.length, 0)
    await props.onChanged(
      ta('mergeDoneData', {
        n: res.from.length,
        name: res.into.name,
        drafts: carried,
        users: res.merge.users.length,
        how: ta(officers() === 'move' ? 'mergeHowMove' : 'mergeHowDeactivate'),
      }),
    )
  }

  return (
    <FormDialog open wide onClose={props.onClose} title={ta('mergeTitle')} confirmLabel={ta('mergeConfirm')} testId="merge" check={check} submit={submit}>
      {(err) => (
        <>
          <p class="muted small">{ta('mergeIntro')}</p>
          <fieldset class="adm-fieldset" aria-describedby="merge-from-hint">
            <legend>{ta('mergeFrom')}</legend>
            <p class="hint" id="merge-from-hint">
              {ta('mergeFromHint')}
            </p>
            <TextField id="merge-filter" label={ta('mergeFilter')} value={filter()} onInput={setFilter} />
            <ul class="adm-picklist" id="merge-from" tabindex="-1">
              <For each={visible()}>
                {(c) => (
                  <li>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={picked().includes(c.id)}
                        disabled={mode() === 'existing' && existing() === c.id}
                        onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                      />
                      <span>
                        {c.name} <span class="muted small">· {districtOf(c)}</span>
                      </span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
            <Show when={err('from')}>
              <p class="field-error">{err('from')}</p>
            </Show>
          </fieldset>
          <fieldset class="adm-fieldset">
            <legend>{ta('mergeTarget')}</legend>
            <div class="choices">
              <label class="check">
                <input type="radio" name="merge-mode" value="new" checked={mode() === 'new'} onChange={() => setMode('new')} />
                {ta('mergeTargetNew')}
              </label>
              <label class="check">
                <input type="radio" name="merge-mode" value="existing" checked={mode() === 'existing'} onChange={() => setMode('existing')} />
                {ta('mergeTargetExisting')}
              </label>
            </div>
            <Show
              when={mode() === 'existing'}
              fallback={
                <>
                  <TextField id="merge-name" label={ta('mergeNewName')} hint={ta('fieldNameHint')} value={name()} onInput={setName} error={err('name') ?? err('into.name')} required />
                  <div class="field">
                    <label for="merge-parent">{ta('mergeParent')}</label>
                    <select id="merge-parent" class="input" value={parentId()} onChange={(e) => setParent(e.currentTarget.value)}>
                      <For each={districts()}>{(d) => <option value={d.id}>{d.name}</option>}</For>
                    </select>
                  </div>
                </>
              }
            >
              <div class="field">
                <label for="merge-existing">{ta('mergeExisting')}</label>
                <select
                  id="merge-existing"
                  class="input"
                  value={existing()}
                  aria-invalid={err('existing') || err('into.id') ? 'true' : undefined}
                  onChange={(e) => {
                    const id = e.currentTarget.value
                    setExisting(id)
                    setPicked((p) => p.filter((x) => x !== id))
                  }}
                >
                  <option value="">{ta('mergeExistingPick')}</option>
                  <For each={communes()}>
                    {(c) => (
                      <option value={c.id}>
                        {c.name} · {districtOf(c)}
                      </option>
                    )}
                  </For>
                </select>
                <Show when={err('existing') ?? err('into.id')}>
                  <p class="field-error">{err('existing') ?? err('into.id')}</p>
                </Show>
              </div>
            </Show>
          </fieldset>
          <fieldset class="adm-fieldset" data-testid="merge-drafts">
            <legend>{ta('mergeDrafts')}</legend>
            <div class="choices">
              <label class="check">
                <input type="radio" name="merge-drafts" value="merge" checked={draftMode() === 'merge'} onChange={() => setDraftMode('merge')} />
                {ta('mergeDraftsMerge')}
              </label>
              <label class="check">
                <input type="radio" name="merge-drafts" value="keep" checked={draftMode() === 'keep'} onChange={() => setDraftMode('keep')} />
                {ta('mergeDraftsKeep')}
              </label>
            </div>
            <Show when={draftMode() === 'keep'}>
              <div class="field">
                <label for="merge-keep">{ta('mergeDraftsKeepPick')}</label>
                <select id="merge-keep" class="input" value={keptId()} onChange={(e) => setKeepId(e.currentTarget.value)}>
                  <For each={keepChoices()}>{(id) => <option value={id}>{nameOf(id)}</option>}</For>
                </select>
                <Show when={err('drafts.communeId')}>
                  <p class="field-error">{err('drafts.communeId')}</p>
                </Show>
              </div>
            </Show>
          </fieldset>
          <fieldset class="adm-fieldset" data-testid="merge-officers">
            <legend>{ta('mergeOfficers')}</legend>
            <div class="choices">
              <label class="check">
                <input type="radio" name="merge-officers" value="move" checked={officers() === 'move'} onChange={() => setOfficers('move')} />
                {ta('mergeOfficersMove')}
              </label>
              <label class="check">
                <input type="radio" name="merge-officers" value="deactivate" checked={officers() === 'deactivate'} onChange={() => setOfficers('deactivate')} />
                {ta('mergeOfficersDeactivate')}
              </label>
            </div>
          </fieldset>
          <Show when={summary()}>
            <p class="adm-summary" role="status" data-testid="merge-summary">
              {summary()}
            </p>
          </Show>
        </>
      )}
    </FormDialog>
  )
}
