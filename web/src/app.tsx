import { Match, Show, Suspense, Switch, createEffect, createResource, lazy } from 'solid-js'
import { api, setUnauthorizedHandler } from './api/client'
import { session, setSession } from './auth'
import { lang, setLang, t } from './i18n'
import { AssessmentPage } from './pages/assessment-page'
import { HomePage } from './pages/home'
import { LoginPage } from './pages/login'
import { hrefOf, navigate, route } from './router'
import { forgetCachedReads } from './offline/forget-reads'
import { WithYear } from './ui/year-picker'
import { OfficerYears } from './pages/officer-years'

// Reviewer and administrator screens are loaded on demand: an officer on 3G never downloads them.
const ReviewPage = lazy(() => import('./review/review-page'))
const QueuePage = lazy(() => import('./review/queue-page'))
const DecisionsPage = lazy(() => import('./review/decisions-page'))
const ExportsPage = lazy(() => import('./exports/exports-page'))
const UnitsPage = lazy(() => import('./admin/units-page'))
const AccountsPage = lazy(() => import('./admin/accounts-page'))
const YearsPage = lazy(() => import('./survey-years/years-page'))
const DashboardPage = lazy(() => import('./dashboard/dashboard-page'))
const SignalGapsPage = lazy(() => import('./signal-gaps/signal-gaps-page'))

// An expired token sends the officer to the login page; unsent edits stay in the localStorage outbox and
// are sent after logging in again.
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

  // Screen-reader users hear the page title on each screen change.
  createEffect(() => {
    const r = route()
    const page =
      r.name === 'login'
        ? t('loginTitle')
        : r.name === 'home'
          ? t('homeTitle')
          : r.name === 'queue'
            ? t('navQueue')
            : r.name === 'decisions'
              ? t('navDecisions')
              : r.name === 'exports'
                ? t('navExports')
                : r.name === 'adminUnits'
                  ? t('navAdminUnits')
                  : r.name === 'adminAccounts'
                    ? t('navAdminAccounts')
                    : r.name === 'years'
                      ? t('navYears')
                      : r.name === 'dashboard'
                        ? t('navDashboard')
                        : r.name === 'signalGaps'
                          ? t('navSignalGaps')
                          : t('assessmentTitle', { year: r.year })
    document.title = `${page} — ${t('appName')}`
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
      <Show when={session() && session()!.user.role !== 'officer' ? session()!.user.role : undefined}>
        {(role) => (
          <nav class="subnav" aria-label={t('navMain')}>
            <div class="subnav-in">
              <a href={hrefOf({ name: 'queue', ...navYear() })} aria-current={route().name === 'queue' ? 'page' : undefined}>
                {t('navQueue')}
              </a>
              <Show when={role() === 'admin'}>
                <a href={hrefOf({ name: 'decisions', ...navYear() })} aria-current={route().name === 'decisions' ? 'page' : undefined}>
                  {t('navDecisions')}
                </a>
              </Show>
              <a href={hrefOf({ name: 'dashboard', ...navYear() })} aria-current={route().name === 'dashboard' ? 'page' : undefined}>
                {t('navDashboard')}
              </a>
              <a href={hrefOf({ name: 'signalGaps', ...navYear() })} aria-current={route().name === 'signalGaps' ? 'page' : undefined}>
                {t('navSignalGaps')}
              </a>
              <a href={hrefOf({ name: 'exports', ...navYear() })} aria-current={route().name === 'exports' ? 'page' : undefined}>
                {t('navExports')}
              </a>
              <Show when={role() === 'admin'}>
                <span class="subnav-group">
                  {t('navAdminGroup')}
                </span>
                <a href={hrefOf({ name: 'adminUnits' })} aria-current={route().name === 'adminUnits' ? 'page' : undefined}>
                  {t('navAdminUnits')}
                </a>
                <a href={hrefOf({ name: 'adminAccounts' })} aria-current={route().name === 'adminAccounts' ? 'page' : undefined}>
                  {t('navAdminAccounts')}
                </a>
                <a href={hrefOf({ name: 'years' })} aria-current={route().name === 'years' ? 'page' : undefined}>
                  {t('navYears')}
                </a>
              </Show>
            </div>
          </nav>
        )}
      </Show>
      <main id="main" tabindex="-1">
        <Switch>
          <Match when={route().name === 'login' || !session()}>
            <LoginPage expired={sessionExpired} onLoggedIn={() => (sessionExpired = false)} />
          </Match>
          <Match when={route().name === 'home'}>
            <HomePage me={me} />
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'assessment' ? r : undefined })()} keyed>
            {(r) =>
              session()?.user.role === 'officer' ? (
                <>
                  <OfficerYears communeId={r.communeId} year={r.year} />
                  <AssessmentPage communeId={r.communeId} year={r.year} me={me} />
                </>
              ) : (
                <Suspense fallback={<Loading />}>
                  <ReviewPage communeId={r.communeId} year={r.year} me={me} />
                </Suspense>
              )
            }
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'queue' ? r : undefined })()} keyed>
            {(r) => (
              <WithYear year={r.year} role={session()?.user.role} to={(year) => ({ ...r, year })}>
                {(year) => (
                  <Suspense fallback={<Loading />}>
                    <QueuePage unitId={r.unitId} year={year} me={me} />
                  </Suspense>
                )}
              </WithYear>
            )}
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'decisions' ? r : undefined })()} keyed>
            {(r) => (
              <WithYear year={r.year} role={session()?.user.role} to={(year) => ({ ...r, year })}>
                {(year) => (
                  <Suspense fallback={<Loading />}>
                    <DecisionsPage unitId={r.unitId} year={year} me={me} />
                  </Suspense>
                )}
              </WithYear>
            )}
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'exports' ? r : undefined })()} keyed>
            {(r) => (
              <WithYear year={r.year} role={session()?.user.role} to={(year) => ({ ...r, year })}>
                {(year) => (
                  <Suspense fallback={<Loading />}>
                    <ExportsPage year={year} me={me} />
                  </Suspense>
                )}
              </WithYear>
            )}
          </Match>
          <Match when={route().name === 'adminUnits'}>
            <Suspense fallback={<Loading />}>
              <UnitsPage me={me} />
            </Suspense>
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'adminAccounts' ? r : undefined })()} keyed>
            {(r) => (
              <Suspense fallback={<Loading />}>
                <AccountsPage unitId={r.unitId} me={me} />
              </Suspense>
            )}
          </Match>
          <Match when={route().name === 'years'}>
            <Suspense fallback={<Loading />}>
              <YearsPage me={me} />
            </Suspense>
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'dashboard' ? r : undefined })()} keyed>
            {(r) => (
              <WithYear year={r.year} role={session()?.user.role} to={(year) => ({ ...r, year })}>
                {(year) => (
                  <Suspense fallback={<Loading />}>
                    <DashboardPage unitId={r.unitId} year={year} me={me} />
                  </Suspense>
                )}
              </WithYear>
            )}
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'signalGaps' ? r : undefined })()} keyed>
            {(r) => (
              <WithYear year={r.year} role={session()?.user.role} to={(year) => ({ ...r, year })}>
                {(year) => (
                  <Suspense fallback={<Loading />}>
                    <SignalGapsPage year={year} me={me} />
                  </Suspense>
                )}
              </WithYear>
            )}
          </Match>
        </Switch>
      </main>
    </>
  )
}

function Loading() {
  return (
    <p class="page muted" role="status">
      {t('loading')}
    </p>
  )
}
