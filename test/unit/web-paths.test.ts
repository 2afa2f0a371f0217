// The web's URL table (web/src/paths.ts): every screen's hash parses to its route and back, as the hand-written
// router did before the route table replaced it.
import { describe, expect, it } from 'vitest'
import { PATHS, hrefOf, parseHash, takesYear, type Route } from '../../web/src/paths'

const cases: [string, Route][] = [
  ['#/login', { name: 'login' }],
  ['#/', { name: 'home' }],
  ['#/communes/c-1/2025', { name: 'assessment', communeId: 'c-1', year: 2025 }],
  ['#/communes/x%20%C3%A3/2026', { name: 'assessment', communeId: 'x ã', year: 2026 }],
  ['#/review', { name: 'queue' }],
  ['#/review/d-1', { name: 'queue', unitId: 'd-1' }],
  ['#/review/d-1?year=2026', { name: 'queue', unitId: 'd-1', year: 2026 }],
  ['#/review?year=2025', { name: 'queue', year: 2025 }],
  ['#/decisions', { name: 'decisions' }],
  ['#/decisions/d-2?year=2025', { name: 'decisions', unitId: 'd-2', year: 2025 }],
  ['#/exports', { name: 'exports' }],
  ['#/exports?year=2026', { name: 'exports', year: 2026 }],
  ['#/admin/units', { name: 'adminUnits' }],
  ['#/admin/accounts', { name: 'adminAccounts' }],
  ['#/admin/accounts/c-9', { name: 'adminAccounts', unitId: 'c-9' }],
  ['#/admin/years', { name: 'years' }],
  ['#/dashboard', { name: 'dashboard' }],
  ['#/dashboard/d-3?year=2026', { name: 'dashboard', unitId: 'd-3', year: 2026 }],
  ['#/signal-gaps?year=2026', { name: 'signalGaps', year: 2026 }],
]

describe('web paths', () => {
  it.each(cases)('%s ↔ its route', (hash, route) => {
    expect(parseHash(hash)).toEqual(route)
    expect(hrefOf(route)).toBe(hash)
  })

  it('every route name has a URL and is covered here', () => {
    expect(new Set(cases.map(([, r]) => r.name))).toEqual(new Set(Object.keys(PATHS)))
  })

  it('anything else opens home; a bad year is ignored, not guessed', () => {
    for (const hash of ['', '#', '#/nowhere', '#/communes/c-1/25', '#/communes/c-1', '#/review/a/b', '#/admin', '#/admin/accounts/a/b'])
      expect(parseHash(hash)).toEqual({ name: 'home' })
    expect(parseHash('#/review?year=20x6')).toEqual({ name: 'queue' })
    // A year in the query belongs to lists only.
    expect(parseHash('#/admin/units?year=2026')).toEqual({ name: 'adminUnits' })
    expect(hrefOf({ name: 'assessment', communeId: 'c', year: 2025 })).toBe('#/communes/c/2025')
  })

  it('the lists that take ?year= are the ones the shell fills a year into', () => {
    expect((Object.keys(PATHS) as (keyof typeof PATHS)[]).filter(takesYear).sort()).toEqual(['dashboard', 'decisions', 'exports', 'queue', 'signalGaps'])
  })
})
