import { Suspense, lazy, type Component, type JSX } from 'solid-js'
import type { WorkflowRole } from '../../shared/workflow'
import { session } from './auth'
import { t } from './i18n'
import { AssessmentPage } from './pages/assessment-page'
import { HomePage } from './pages/home'
import { OfficerYears } from './pages/officer-years'
import type { Route, RouteName } from './router'
import { Loading } from './ui/loading'

/**
 * The route table: every screen once, with its title (document.title and the menu label, Vietnamese first as
 * everything) and who finds it in the menu. Its URL is router.ts PATHS (the compiler asks for a row here for each).
 * The officer's own screens (home, the form) are in the first download; the reviewer's and administrator's are
 * fetched when first opened (`lazyPage`), so an officer on 3G never downloads them.
 */
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>
/** A list's route once the shell has settled its survey year (router.ts takesYear). */
type Settled<R> = R extends { year?: number } ? Omit<R, 'year'> & { year: number } : R

export type PageRow<N extends RouteName> = {
  title: (r: RouteOf<N>) => string
  /** Listed in the menu for these roles, in table order; `group: 'admin'` under the administration heading. */
  menu?: { roles: readonly WorkflowRole[]; group?: 'admin' }
  view: (r: Settled<RouteOf<N>>) => JSX.Element
}

/** A page in its own chunk, loaded on first use, "loading" meanwhile. */
function lazyPage<P extends object>(load: () => Promise<{ default: Component<P> }>): Component<P> {
  const Page = lazy(load)
  return (props) => (
    <Suspense fallback={<Loading page />}>
      <Page {...props} />
    </Suspense>
  )
}

const ReviewPage = lazyPage(() => import('./review/review-page'))
const QueuePage = lazyPage(() => import('./review/queue-page'))
const DecisionsPage = lazyPage(() => import('./review/decisions-page'))
const ExportsPage = lazyPage(() => import('./exports/exports-page'))
const UnitsPage = lazyPage(() => import('./admin/units-page'))
const AccountsPage = lazyPage(() => import('./admin/accounts-page'))
const YearsPage = lazyPage(() => import('./survey-years/years-page'))
const DashboardPage = lazyPage(() => import('./dashboard/dashboard-page'))
const SignalGapsPage = lazyPage(() => import('./signal-gaps/signal-gaps-page'))

const staff = ['reviewer', 'admin'] as const
const admin = ['admin'] as const

export const ROUTES: { [N in RouteName]: PageRow<N> } = {
  // The login page is the shell's (shown whenever no one is signed in); this row gives its title.
  login: { title: () => t('loginTitle'), view: () => undefined },
  home: { title: () => t('homeTitle'), view: () => <HomePage /> },
  assessment: {
    title: (r) => t('assessmentTitle', { year: r.year }),
    view: (r) =>
      session()?.user.role === 'officer' ? (
        <>
          <OfficerYears communeId={r.communeId} year={r.year} />
          <AssessmentPage communeId={r.communeId} year={r.year} />
        </>
      ) : (
        <ReviewPage communeId={r.communeId} year={r.year} />
      ),
  },
  queue: { title: () => t('navQueue'), menu: { roles: staff }, view: (r) => <QueuePage unitId={r.unitId} year={r.year} /> },
  decisions: { title: () => t('navDecisions'), menu: { roles: admin }, view: (r) => <DecisionsPage unitId={r.unitId} year={r.year} /> },
  dashboard: { title: () => t('navDashboard'), menu: { roles: staff }, view: (r) => <DashboardPage unitId={r.unitId} year={r.year} /> },
  signalGaps: { title: () => t('navSignalGaps'), menu: { roles: staff }, view: (r) => <SignalGapsPage year={r.year} /> },
  exports: { title: () => t('navExports'), menu: { roles: staff }, view: (r) => <ExportsPage year={r.year} /> },
  adminUnits: { title: () => t('navAdminUnits'), menu: { roles: admin, group: 'admin' }, view: () => <UnitsPage /> },
  adminAccounts: { title: () => t('navAdminAccounts'), menu: { roles: admin, group: 'admin' }, view: (r) => <AccountsPage unitId={r.unitId} /> },
  years: { title: () => t('navYears'), menu: { roles: admin, group: 'admin' }, view: () => <YearsPage /> },
}

/** A route's row (the mapped type does not narrow through an index on its own). */
export const rowOf = <N extends RouteName>(name: N): PageRow<N> => ROUTES[name]
