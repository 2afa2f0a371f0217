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
  const summary = () => {
    if (picked().length === 0) return ''
    const into = mode() === 'existing' ? target()?.name : name().trim() && ta('mergeNew', { name: name().trim() })
    return into ? ta('mergeSummary', { names: picked().map(nameOf).join(', '), target: into }) : ''
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
    const res = await adminApi.merge({ into, from: picked() })
    await props.onChanged(ta('mergeDone', { n: res.from.length, name: res.into.name }))
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
