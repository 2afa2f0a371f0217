import { For, Show, createEffect, createResource, type JSX } from 'solid-js'
import { api, setUnauthorizedHandler } from './api/client'
import { session, setSession } from './auth'
import { lang, setLang, setReviewTier, t } from './i18n'
import { LoginPage } from './pages/login'
import { ROUTES, rowOf } from './routes'
import { hrefOf, navigate, route, takesYear, type Route, type RouteName } from './router'
import { forgetCachedReads } from './offline/forget-reads'
import { MeProvider } from './shell/me'
import { WithYear } from './ui/year-picker'

// An expired token sends the officer to the login page; unsent edits stay in the device outbox (IndexedDB,
// offline/outbox-store.ts) and are sent after logging in again.
let sessionExpired = false
setUnauthorizedHandler(() => {
  sessionExpired = true
  setSession(undefined)
  navigate({ name: 'login' }, { replace: true })
})

/** The nav keeps the year being looked at (a 2025 commune's page leads to the 2025 queue). */
const navYear = (): { year?: number } => {
  const r = route()
  return 'year' in r && r.year !== undefined ? { year: r.year } : {}
}

export function App() {
  // Who is logged in and which communes they may open; refetched when the session changes.
  const [me] = createResource(() => session()?.token, () => api.me())
  // Every page names the review level as the province does ("Khu vực đã duyệt" or "Huyện đã duyệt").
  createEffect(() => {
    const tier = me.state === 'ready' ? me().reviewTier : undefined
    if (tier) setReviewTier(tier)
  })

  // Screen-reader users hear the page title on each screen change.
  createEffect(() => {
    const r = route()
    document.title = `${rowOf(r.name).title(r as never)} — ${t('appName')}`
  })

  createEffect(() => {
    if (!session() && route().name !== 'login') navigate({ name: 'login' }, { replace: true })
  })

  const logout = () => {
    // Ends the session on the server too (its cookie and token are refused from now on); offline, the cookie is
    // forgotten with the local session and expires by itself.
    void api.logout().catch(() => undefined)
    setSession(undefined)
    void forgetCachedReads()
    navigate({ name: 'login' })
  }

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <header class="topbar">
        <div class="topbar-in">
          <a class="brand" href="#/">
            <span class="brand-mark" aria-hidden="true">XS</span>
            <span>
              <span class="brand-name">{t('appName')}</span>
              <span class="brand-tag">{t('appTagline')}</span>
            </span>
          </a>
          <div class="topbar-actions">
            <button
              type="button"
              class="btn btn-ghost btn-sm"
              lang={lang() === 'vi' ? 'en' : 'vi'}
              aria-label={t('switchLangLabel')}
              onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
            >
              {t('switchLang')}
            </button>
            <Show when={session()}>
              {(s) => (
                <>
                  <span class="who" title={s().user.username}>
                    {s().user.name}
                  </span>
                  <button type="button" class="btn btn-ghost btn-sm" onClick={logout}>
                    {t('logout')}
                  </button>
                </>
              )}
            </Show>
          </div>
        </div>
      </header>
      <Show when={session()?.user.role}>
        {(role) => <Menu role={role()} />}
      </Show>
      <main id="main" tabindex="-1">
        <Show when={session() && route().name !== 'login'} fallback={<LoginPage expired={sessionExpired} onLoggedIn={() => (sessionExpired = false)} />}>
          <MeProvider me={me}>
            <Show when={route()} keyed>
              {(r) => <Screen route={r} />}
            </Show>
          </MeProvider>
        </Show>
      </main>
    </>
  )
}

/** One route's page from the table; a list without `?year=` first gets the year that needs this user. */
function Screen(props: { route: Route }) {
  const r = props.route
  const view = rowOf(r.name).view as (r: Route) => JSX.Element
  if (!takesYear(r.name)) return view(r)
  const listed = r as Extract<Route, { year?: number }>
  return (
    <WithYear year={listed.year} role={session()?.user.role} to={(year) => ({ ...listed, year })}>
      {(year) => view({ ...listed, year })}
    </WithYear>
  )
}

/** The menu of the table's rows this role may open (an officer has none: their form is the whole app). */
function Menu(props: { role: NonNullable<ReturnType<typeof session>>['user']['role'] }) {
  const mine = (group?: 'admin') =>
    (Object.keys(ROUTES) as RouteName[]).filter((n) => {
      const m = ROUTES[n].menu
      return m && m.group === group && m.roles.includes(props.role)
    })
  const link = (n: RouteName) => (
    <a href={hrefOf({ name: n, ...navYear() } as Route)} aria-current={route().name === n ? 'page' : undefined}>
      {rowOf(n).title(route() as never)}
    </a>
  )
  return (
    <Show when={mine().length + mine('admin').length > 0}>
      <nav class="subnav" aria-label={t('navMain')}>
        <div class="subnav-in">
          <For each={mine()}>{link}</For>
          <Show when={mine('admin').length}>
            <span class="subnav-group">{t('navAdminGroup')}</span>
            <For each={mine('admin')}>{link}</For>
          </Show>
        </div>
      </nav>
    </Show>
  )
}
