// The URLs of the hash router (router.ts), pure: parsing and building need no browser.

/**
 * Every screen's URL: `:name` is a path parameter, `:name?` an optional last one, a parameter called `year` is a
 * four-digit number. `?year` after the path: a list that takes its survey year from the query (several years can
 * be open at once); without it the page opens on the year that needs the user (years.ts yearFor) and writes it
 * into the URL. The screen shown for each name, its title and who sees it in the menu: routes.tsx.
 */
export const PATHS = {
  login: '/login',
  home: '/',
  assessment: '/communes/:communeId/:year',
  /** a review unit's queue (reviewer: their own unit; admin: any unit of the province) */
  queue: '/review/:unitId??year',
  /** the admin's recognition decisions, province-wide or for one review unit */
  decisions: '/decisions/:unitId??year',
  /** CSV/XLSX downloads and the printable list of recognised communes (administrator; reviewer: downloads) */
  exports: '/exports?year',
  /** the province's review units and communes (admin) */
  adminUnits: '/admin/units',
  /** one unit's accounts and the account import (admin); the province's own accounts by default */
  adminAccounts: '/admin/accounts/:unitId?',
  /** survey years, deadlines, extensions and rubric versions (administrator) */
  years: '/admin/years',
  /** the province's (admin) or a review unit's numbers for a year (admin: any unit; reviewer: their own) */
  dashboard: '/dashboard/:unitId??year',
  /** the signal-gap map and list (admin: the province; reviewer: their unit) */
  signalGaps: '/signal-gaps?year',
} as const

type Paths = typeof PATHS
export type RouteName = keyof Paths

type Value<K extends string> = K extends 'year' ? number : string
type Segment<S extends string> = S extends `:${infer P}?`
  ? { [K in P]?: Value<K> }
  : S extends `:${infer P}`
    ? { [K in P]: Value<K> }
    : unknown
type PathParams<P extends string> = P extends `${infer A}/${infer B}` ? Segment<A> & PathParams<B> : Segment<P>
type Params<P extends string> = P extends `${infer Path}?year` ? PathParams<Path> & { year?: number } : PathParams<P>
type Flat<T> = { [K in keyof T]: T[K] }

/** One screen and its parameters, e.g. `{ name: 'queue', unitId?: string, year?: number }`. */
export type Route = { [N in RouteName]: Flat<{ name: N } & Params<Paths[N]>> }[RouteName]

const YEAR_RE = /^\d{4}$/

type Pattern = { name: RouteName; segments: string[]; yearQuery: boolean }
const PATTERNS: Pattern[] = (Object.keys(PATHS) as RouteName[]).map((name) => {
  const [path = '', query] = PATHS[name].split(/\?(?=year$)/)
  return { name, segments: path.split('/').filter(Boolean), yearQuery: query === 'year' }
})

function match(p: Pattern, parts: string[]): Record<string, string | number> | undefined {
  const params: Record<string, string | number> = {}
  const last = p.segments[p.segments.length - 1]
  const required = last?.endsWith('?') ? p.segments.length - 1 : p.segments.length
  if (parts.length < required || parts.length > p.segments.length) return undefined
  for (const [i, part] of parts.entries()) {
    const seg = p.segments[i]!
    if (!seg.startsWith(':')) {
      if (seg !== part) return undefined
      continue
    }
    const key = seg.slice(1).replace(/\?$/, '')
    if (key === 'year') {
      if (!YEAR_RE.test(part)) return undefined
      params[key] = Number(part)
    } else params[key] = decodeURIComponent(part)
  }
  return params
}

export function parseHash(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?', 2)
  const parts = rawPath.split('/').filter(Boolean)
  for (const p of PATTERNS) {
    const params = match(p, parts)
    if (!params) continue
    const y = p.yearQuery ? new URLSearchParams(query).get('year') : null
    if (y && YEAR_RE.test(y)) params['year'] = Number(y)
    return { name: p.name, ...params } as Route
  }
  return { name: 'home' }
}

export function hrefOf(route: Route): string {
  const p = PATTERNS.find((x) => x.name === route.name)!
  const params = route as Record<string, unknown>
  const path = p.segments
    .map((seg) => {
      if (!seg.startsWith(':')) return seg
      const v = params[seg.slice(1).replace(/\?$/, '')]
      return v === undefined ? undefined : encodeURIComponent(String(v))
    })
    .filter((s) => s !== undefined)
    .join('/')
  const year = params['year']
  return `#/${path}${p.yearQuery && year !== undefined ? `?year=${String(year)}` : ''}`
}

/** Lists whose survey year comes from `?year=` (the shell fills it in when the URL has none). */
export const takesYear = (name: RouteName): boolean => PATHS[name].endsWith('?year')
