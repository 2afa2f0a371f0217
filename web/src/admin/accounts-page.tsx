import { For, Match, Show, Switch, createMemo, createResource, createSignal } from 'solid-js'
import { TableHead } from '../ui/table-head'
import { Loading } from '../ui/loading'
import { WithMe } from '../shell/me'
import { ROLES } from '../../../shared/roles'
import { adminApi, type AdminUser, type Role } from '../api/admin-api'
import { t } from '../i18n'
import { ta } from '../i18n/admin'
import { hrefOf, navigate } from '../router'
import { LoadError } from '../ui/load-error'
import { Notice } from '../ui/notice'
import { focusSoon } from './focus'
import { FormDialog, TextField } from './form-dialog'
import { ImportPanel } from './import-panel'
import { OneTimePasswordDialog, type OneTime } from './one-time-password'
import { roleLabel } from './roles'
import { activeDistricts, loadTree, type ProvinceTree } from './tree'
import './admin.css'


/** Which unit kind each role belongs to (functions/src/accounts/service.ts UNIT_KIND_OF_ROLE). */
const KIND_OF_ROLE: Record<Role, 'commune' | 'district' | 'province'> = { officer: 'commune', reviewer: 'district', admin: 'province' }
const ROLE_OF_KIND = { commune: 'officer', district: 'reviewer', province: 'admin' } as const

type Acting = { kind: 'create' } | { kind: 'reset' | 'deactivate' | 'activate'; user: AdminUser }

/** `#/admin/accounts[/unit]`: one unit's accounts; create, reset, deactivate/activate; import from a file. */
export default function AccountsPage(props: { unitId?: string | undefined }) {
  return (
    <div class="page page-wide adm">
      <WithMe>
        {(me) => (
          <Show when={me().user.role === 'admin' && me().orgUnit} fallback={<Notice kind="error">{ta('errForbidden')}</Notice>}>
            {(province) => <Accounts province={province()} unitId={props.unitId} />}
          </Show>
        )}
      </WithMe>
    </div>
  )
}

function Accounts(props: { province: { id: string; name: string }; unitId: string | undefined }) {
  const [tree, { refetch: refetchTree }] = createResource(() => loadTree(props.province))
  return (
    <>
      <h1>{ta('accountsTitle')}</h1>
      <p class="muted">{ta('accountsIntro')}</p>
      <Switch fallback={<Loading />}>
        <Match when={tree.error}>
          <LoadError error={tree.error} onRetry={refetchTree} backHref={hrefOf({ name: 'home' })} />
        </Match>
        <Match when={tree.latest}>{(tr) => <UnitAccounts tree={tr()} unitId={props.unitId ?? props.province.id} />}</Match>
      </Switch>
    </>
  )
}

/** The unit picker's entries: the province, then each review unit followed by its communes. */
function unitOptions(tree: ProvinceTree) {
  return [
    { id: tree.province.id, name: tree.province.name, kind: 'province' as const, group: ta('kindProvince') },
    ...activeDistricts(tree).flatMap((d) => [
      { id: d.id, name: d.name, kind: 'district' as const, group: d.name },
      ...(tree.communesOf.get(d.id) ?? []).filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name, kind: 'commune' as const, group: d.name })),
    ]),
  ]
}
type UnitOption = ReturnType<typeof unitOptions>[number]

const optionLabel = (o: UnitOption) => (o.kind === 'commune' ? `${ta('kindCommune')} ${o.name}` : o.kind === 'district' ? `${ta('kindDistrict')} ${o.name}` : `${ta('kindProvince')} ${o.name}`)

function UnitSelect(props: { id: string; options: UnitOption[]; value: string; onChange: (id: string) => void; invalid?: boolean; describedBy?: string | undefined }) {
  const groups = createMemo(() => {
    const out: { label: string; options: UnitOption[] }[] = []
    for (const o of props.options) {
      const last = out[out.length - 1]
      if (last && last.label === o.group) last.options.push(o)
      else out.push({ label: o.group, options: [o] })
    }
    return out
  })
  return (
    <select
      id={props.id}
      class="input"
      value={props.value}
      aria-invalid={props.invalid ? 'true' : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    >
      <For each={groups()}>
        {(g) => (
          <optgroup label={g.label}>
            <For each={g.options}>{(o) => <option value={o.id}>{optionLabel(o)}</option>}</For>
          </optgroup>
        )}
      </For>
    </select>
  )
}

function UnitAccounts(props: { tree: ProvinceTree; unitId: string }) {
  const options = createMemo(() => unitOptions(props.tree))
  const unit = () => options().find((o) => o.id === props.unitId) ?? options()[0]!
  const [users, { refetch }] = createResource(() => unit().id, (id) => adminApi.users(id))
  const [acting, setActing] = createSignal<Acting>()
  const [oneTime, setOneTime] = createSignal<OneTime>()
  const [done, setDone] = createSignal<string>()
  // After a change the list is reloaded and the opener is gone: focus goes to the sentence saying what was done.
  let changedSinceOpen = false
  const close = () => {
    setActing(undefined)
    if (changedSinceOpen && !oneTime()) focusSoon('accounts-done')
    changedSinceOpen = false
  }
  const sorted = () => [...(users.latest?.users ?? [])].sort((a, b) => a.username.localeCompare(b.username))

  return (
    <>
      <div class="adm-toolbar">
        <div class="field adm-unit-pick">
          <label for="acc-unit">{ta('accountsUnit')}</label>
          <UnitSelect id="acc-unit" options={options()} value={unit().id} onChange={(id) => navigate({ name: 'adminAccounts', unitId: id })} />
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setActing({ kind: 'create' })} data-testid="account-create-open">
          {ta('accountsCreate')}
        </button>
      </div>
      <Show when={done()}>
        <Notice kind="success">
          <span id="accounts-done" tabindex="-1" data-testid="accounts-done">
            {done()}
          </span>
        </Notice>
      </Show>
      <Switch>
        <Match when={users.error}>
          <LoadError error={users.error} onRetry={refetch} backHref={hrefOf({ name: 'adminUnits' })} />
        </Match>
        <Match when={users.loading && !users.latest}>
          <Loading />
        </Match>
        <Match when={!sorted().length}>
          <Notice kind="info">{ta('accountsEmpty')}</Notice>
        </Match>
        <Match when={true}>
          <UserTable users={sorted()} onAct={setActing} />
          <p class="muted small" role="status">
            {ta('accountsCount', { n: sorted().length })}
          </p>
        </Match>
      </Switch>

      <ImportPanel onImported={() => void refetch()} unitName={(id) => (id === props.tree.province.id ? props.tree.province.name : props.tree.byId.get(id)?.name ?? id)} />

      <Switch>
        <Match when={acting()?.kind === 'create'}>
          <CreateUserDialog
            options={options()}
            unit={unit()}
            onClose={close}
            onCreated={(r) => {
              setOneTime(r)
              setDone(ta('created', { name: r.username }))
              void refetch()
            }}
          />
        </Match>
        <Match when={(() => { const a = acting(); return a && a.kind !== 'create' ? a : undefined })()} keyed>
          {(a) => (
            <FormDialog
              open
              onClose={close}
              title={ta(a.kind === 'reset' ? 'dlgResetTitle' : a.kind === 'deactivate' ? 'dlgDeactivateTitle' : 'dlgActivateTitle', { name: a.user.name })}
              confirmLabel={ta(a.kind === 'reset' ? 'actReset' : a.kind === 'deactivate' ? 'actDeactivate' : 'actActivate')}
              danger={a.kind !== 'activate'}
              testId={`account-${a.kind}`}
              submit={async () => {
                if (a.kind === 'reset') {
                  const r = await adminApi.resetPassword(a.user.id)
                  setOneTime({ username: r.user.username, name: r.user.name, password: r.oneTimePassword })
                  setDone(ta('resetDone', { name: r.user.username }))
                } else {
                  const r = await adminApi.setActive(a.user.id, a.kind === 'activate')
                  changedSinceOpen = true
                  setDone(ta(a.kind === 'activate' ? 'activated' : 'deactivated', { name: r.user.name }))
                }
                void refetch()
              }}
            >
              {() => <p>{ta(a.kind === 'reset' ? 'dlgResetBody' : a.kind === 'deactivate' ? 'dlgDeactivateBody' : 'dlgActivateBody')}</p>}
            </FormDialog>
          )}
        </Match>
      </Switch>
      <Show when={oneTime()} keyed>
        {(o) => (
          <OneTimePasswordDialog
            value={o}
            onClose={() => {
              setOneTime(undefined)
              focusSoon('accounts-done')
            }}
          />
        )}
      </Show>
    </>
  )
}

/** A table on wide screens; on phones each row becomes a card (labels from data-label, see styles.css). */
function UserTable(props: { users: AdminUser[]; onAct: (a: Acting) => void }) {
  return (
    <table class="qtable adm-users" data-testid="accounts">
      <TableHead cols={[ta('colUsername'), ta('colName'), ta('colRole'), ta('colState'), ta('colActions')]} />
      <tbody>
        <For each={props.users}>
          {(u) => (
            <tr data-username={u.username}>
              <th scope="row" data-label={ta('colUsername')}>
                <code>{u.username}</code>
              </th>
              <td data-label={ta('colName')}>{u.name}</td>
              <td data-label={ta('colRole')}>{roleLabel(u.role)}</td>
              <td data-label={ta('colState')}>
                <span class={`pill ${u.active ? 'pill-ok' : 'pill-bad'}`}>{u.active ? ta('stateActive') : ta('stateInactive')}</span>
                <Show when={u.active && u.mustChangePassword}>
                  {' '}
                  <span class="muted small">{ta('stateMustChange')}</span>
                </Show>
              </td>
              <td data-label={ta('colActions')}>
                <div class="adm-actions" role="group" aria-label={ta('unitsActionsFor', { name: u.username })}>
                  <button type="button" class="btn btn-sm" onClick={() => props.onAct({ kind: 'reset', user: u })} aria-label={`${ta('actReset')} ${u.username}`}>
                    {ta('actReset')}
                  </button>
                  <button
                    type="button"
                    class={`btn btn-sm ${u.active ? 'btn-danger-ghost' : ''}`}
                    onClick={() => props.onAct({ kind: u.active ? 'deactivate' : 'activate', user: u })}
                    aria-label={`${u.active ? ta('actDeactivate') : ta('actActivate')} ${u.username}`}
                  >
                    {u.active ? ta('actDeactivate') : ta('actActivate')}
                  </button>
                </div>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}

function CreateUserDialog(props: { options: UnitOption[]; unit: UnitOption; onClose: () => void; onCreated: (o: OneTime) => void }) {
  const [name, setName] = createSignal('')
  const [username, setUsername] = createSignal('')
  const [role, setRole] = createSignal<Role>(ROLE_OF_KIND[props.unit.kind])
  const [unitId, setUnitId] = createSignal(props.unit.id)
  // Only units the role can belong to; switching role keeps the unit when it still fits.
  const fitting = createMemo(() => props.options.filter((o) => o.kind === KIND_OF_ROLE[role()]))
  const chosen = () => (fitting().some((o) => o.id === unitId()) ? unitId() : fitting()[0]?.id ?? '')
  return (
    <FormDialog
      open
      onClose={props.onClose}
      title={ta('dlgCreateUser')}
      confirmLabel={ta('create')}
      testId="account-create"
      check={() => {
        const p: Record<string, string> = {}
        if (!name().trim()) p['name'] = `${ta('fieldFullName')}: ${ta('required')}`
        if (!username().trim()) p['username'] = `${ta('fieldUsername')}: ${ta('required')}`
        return p
      }}
      submit={async () => {
        const r = await adminApi.createUser({ name: name().trim(), username: username().trim(), role: role(), unitId: chosen() })
        props.onCreated({ username: r.user.username, name: r.user.name, password: r.oneTimePassword })
      }}
    >
      {(err) => (
        <>
          <TextField id="account-create-name" label={ta('fieldFullName')} value={name()} onInput={setName} error={err('name')} required autocomplete="off" />
          <TextField
            id="account-create-username"
            label={ta('fieldUsername')}
            hint={ta('fieldUsernameHint')}
            value={username()}
            onInput={setUsername}
            error={err('username')}
            required
            maxLength={64}
            spellcheck={false}
          />
          <div class="field">
            <label for="account-create-role">{ta('fieldRole')}</label>
            <select id="account-create-role" class="input" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <For each={ROLES}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="account-create-unitId">{ta('fieldUnit')}</label>
            <UnitSelect
              id="account-create-unitId"
              options={fitting()}
              value={chosen()}
              onChange={setUnitId}
              invalid={!!err('unitId')}
              describedBy={err('unitId') ? 'account-create-unitId-err' : undefined}
            />
            <Show when={err('unitId')}>
              <p class="field-error" id="account-create-unitId-err">
                {err('unitId')}
              </p>
            </Show>
          </div>
        </>
      )}
    </FormDialog>
  )
}
