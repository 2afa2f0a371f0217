import { createSignal } from 'solid-js'

// A hash router is all this app needs (a handful of screens) and costs no bytes; @solidjs/router would add
// ~8 KB gzipped and server-side fallbacks for deep links.
export type Route =
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'assessment'; communeId: string; year: number }
  /** a review unit's queue (reviewer: their own unit; admin: any unit of the province) */
  | { name: 'queue'; unitId?: string; year?: number }
  /** the admin's recognition decisions, province-wide or for one review unit */
  | { name: 'decisions'; unitId?: string; year?: number }
  /** CSV/XLSX downloads and the printable list of recognised communes (administrator; reviewer: downloads) */
  | { name: 'exports'; year?: number }
  /** the province's review units and communes (admin) */
  | { name: 'adminUnits' }
  /** one unit's accounts and the account import (admin); the province's own accounts by default */
  | { name: 'adminAccounts'; unitId?: string }
  /** survey years, deadlines, extensions and rubric versions (administrator) */
  | { name: 'years' }
  /** the province's (admin) or a review unit's numbers for a year (admin: any unit; reviewer: their own) */
  | { name: 'dashboard'; unitId?: string; year?: number }
  /** the signal-gap map and list (admin: the province; reviewer: their unit) */
  | { name: 'signalGaps'; year?: number }

/*
 * Lists take their survey year from `?year=` (several years can be open at once); without it the page opens on
 * the year that needs the user (years.ts yearFor) and writes it into the URL.
 */
const YEAR_RE = /^\d{4}$/
const withYear = <R extends Route>(route: R, year: number | undefined): R => (year !== undefined ? { ...route, year } : route)

export function parseHash(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?', 2)
  const y = new URLSearchParams(query).get('year')
  const year = y && YEAR_RE.test(y) ? Number(y) : undefined
  const route = parsePath(rawPath)
  return route.name === 'queue' || route.name === 'decisions' || route.name === 'exports' || route.name === 'dashboard' || route.name === 'signalGaps'
    ? withYear(route, year)
    : route
}

function parsePath(path: string): Route {
  if (path === '/login') return { name: 'login' }
  if (path === '/exports') return { name: 'exports' }
  if (path === '/admin/years') return { name: 'years' }
  if (path === '/signal-gaps') return { name: 'signalGaps' }
  const m = /^\/communes\/([^/]+)\/(\d{4})$/.exec(path)
  if (m) return { name: 'assessment', communeId: decodeURIComponent(m[1]!), year: Number(m[2]) }
  const u = /^\/(review|decisions)(?:\/([^/]+))?$/.exec(path)
  if (u) {
    const name = u[1] === 'review' ? 'queue' : 'decisions'
    return u[2] ? { name, unitId: decodeURIComponent(u[2]) } : { name }
  }
  if (path === '/admin/units') return { name: 'adminUnits' }
  const d = /^\/dashboard(?:\/([^/]+))?$/.exec(path)
  if (d) return d[1] ? { name: 'dashboard', unitId: decodeURIComponent(d[1]) } : { name: 'dashboard' }
  const a = /^\/admin\/accounts(?:\/([^/]+))?$/.exec(path)
  if (a) return a[1] ? { name: 'adminAccounts', unitId: decodeURIComponent(a[1]) } : { name: 'adminAccounts' }
  return { name: 'home' }
}

export function hrefOf(route: Route): string {
  const base = pathOf(route)
  return 'year' in route && route.year !== undefined && route.name !== 'assessment' ? `${base}?year=${route.year}` : base
}

function pathOf(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login'
    case 'home':
      return '#/'
    case 'exports':
      return '#/exports'
    case 'years':
      return '#/admin/years'
    case 'signalGaps':
      return '#/signal-gaps'
    case 'assessment':
      return `#/communes/${encodeURIComponent(route.communeId)}/${route.year}`
    case 'queue':
    case 'decisions': {
      const root = route.name === 'queue' ? '#/review' : '#/decisions'
      return route.unitId ? `${root}/${encodeURIComponent(route.unitId)}` : root
    }
    case 'adminUnits':
      return '#/admin/units'
    case 'adminAccounts':
      return route.unitId ? `#/admin/accounts/${encodeURIComponent(route.unitId)}` : '#/admin/accounts'
    case 'dashboard':
      return route.unitId ? `#/dashboard/${encodeURIComponent(route.unitId)}` : '#/dashboard'
  }
}

const [route, setRoute] = createSignal<Route>(parseHash(location.hash))
window.addEventListener('hashchange', () => setRoute(parseHash(location.hash)))
export { route }

export function navigate(to: Route, opts: { replace?: boolean } = {}) {
  const href = hrefOf(to)
  if (opts.replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  setRoute(to)
}
