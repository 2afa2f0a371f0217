// The roster's part of the officer's outbox (web/src/roster/fields.ts, outbox.ts): per village and field keys,
// the patch they make, and the rules for added and removed villages. Pure functions, no browser.
import { describe, expect, it } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import { mergeRosterPatch, type Roster, type RosterPatch, type Village } from '../../shared/roster'
import { sameValue } from '../../web/src/assessment/values'
import { addToRosterPatch, changedRosterKeys, isRosterValue, parseRosterKey, rosterValueAt, villagePatchOf, withRosterValue } from '../../web/src/roster/fields'
import { foldRemovedVillages, rosterEditRoute, rosterRemoteKeys, type Outbox } from '../../web/src/roster/outbox'

const v = (name: string, extra: Partial<Village> = {}): Village => ({ name, kind: 'thon', coverage: {}, ...extra })
const doc = (roster: Roster, version = 1): Assessment =>
  ({ communeId: 'c', year: 2026, status: 'draft', version, profile: {}, answers: {}, roster, updatedAt: null, updatedBy: null }) as Assessment

describe('roster keys', () => {
  it('address a village, a field, an operator; anything else is refused', () => {
    expect(parseRosterKey('t1')).toEqual({ village: 't1' })
    expect(parseRosterKey('t1.households')).toEqual({ village: 't1', field: 'households' })
    expect(parseRosterKey('t1.coverage.vnpt')).toEqual({ village: 't1', operator: 'vnpt' })
    for (const bad of ['', 't1.coverage', 't1.bogus', 't1.name.x', 't1.coverage.vnpt.x']) expect(parseRosterKey(bad)).toBeUndefined()
  })

  it('read and write one field without touching the rest', () => {
    const r: Roster = { t1: v('Thôn 1', { coverage: { viettel: { level: '3g' } } }) }
    const next = withRosterValue(r, 't1.coverage.vnpt', { level: '4g' })
    expect(next.t1!.coverage).toEqual({ viettel: { level: '3g' }, vnpt: { level: '4g' } })
    expect(r.t1!.coverage).toEqual({ viettel: { level: '3g' } })
    expect(rosterValueAt(withRosterValue(next, 't1.households', 40), 't1.households')).toBe(40)
    expect(withRosterValue(next, 't9.households', 40)).toEqual(next) // a field of a village that is not there
    expect(isRosterValue('t1.location', { lat: 40, lng: 108, source: 'typed' })).toBe(false) // outside Vietnam
    expect(isRosterValue('t1.name', null)).toBe(false)
  })

  it('make the patch the server merges back into the same roster', () => {
    const base: Roster = { t1: v('Thôn 1', { households: 10, fiber: true, coverage: { viettel: { level: '3g' } } }), t2: v('Thôn 2') }
    const patch: RosterPatch = {}
    addToRosterPatch(patch, 't1.coverage.viettel', { level: '4g' }, { level: '3g' })
    addToRosterPatch(patch, 't1.households', null, 10)
    addToRosterPatch(patch, 't2', null, base.t2!)
    addToRosterPatch(patch, 't3', v('Thôn 3', { order: 3 }), null)
    const { roster, problems } = mergeRosterPatch(base, patch)
    expect(problems).toEqual([])
    expect(roster).toEqual({ t1: v('Thôn 1', { fiber: true, coverage: { viettel: { level: '4g' } } }), t3: v('Thôn 3', { order: 3 }) })
    // A whole village sent again after more edits: what went is cleared, not left behind.
    const again = villagePatchOf(v('Thôn 3', { households: 5, coverage: { vnpt: { level: '2g' } } }), v('Thôn 3'))
    expect(mergeRosterPatch({ t3: v('Thôn 3', { households: 5, coverage: { vnpt: { level: '2g' } } }) }, { t3: again }).roster.t3).toEqual(v('Thôn 3'))
  })
})

describe('the outbox rules for villages', () => {
  it('an edit of a village added here and not sent yet changes that village’s one entry', () => {
    const outbox: Outbox = { changes: { 'roster.n1': { value: v('Mới'), base: null } } }
    const route = rosterEditRoute(outbox, 'roster.n1.coverage.vnpt', { level: '4g' })
    expect(route.fold).toEqual({ key: 'roster.n1', value: v('Mới', { coverage: { vnpt: { level: '4g' } } }) })
  })

  it('removing a village drops its unsent field edits', () => {
    const outbox: Outbox = { changes: { 'roster.t1.households': { value: 3, base: 2 }, 'roster.t10.note': { value: 'x', base: null } } }
    expect(rosterEditRoute(outbox, 'roster.t1', null).dropped).toEqual(['roster.t1.households'])
  })

  it('a village removed elsewhere while edited here becomes one choice: removed, or kept as shown', () => {
    const before = doc({ t1: v('Thôn 1', { households: 2 }), t2: v('Thôn 2') })
    const fresh = doc({ t2: v('Thôn 2') }, 2)
    const shown = { profile: {}, answers: {}, roster: { t1: v('Thôn 1', { households: 3 }), t2: v('Thôn 2') } }
    const outbox: Outbox = { changes: { 'roster.t1.households': { value: 3, base: 2 } } }
    foldRemovedVillages(outbox, before, fresh, shown)
    expect(outbox.changes).toEqual({ 'roster.t1': { value: v('Thôn 1', { households: 3 }), base: v('Thôn 1', { households: 2 }) } })
    // theirs (null) differs from base: draft.reconcile offers it as a conflict.
    expect(sameValue(rosterValueAt(fresh.roster, 't1'), outbox.changes['roster.t1']!.base)).toBe(false)
  })

  it('another device’s changes are named per village and field, except what waits here', () => {
    const before = doc({ t1: v('Thôn 1'), t2: v('Thôn 2', { coverage: { viettel: { level: '3g' } } }) })
    const fresh = doc({ t2: v('Thôn 2', { coverage: { viettel: { level: '4g' } }, fiber: true }), t3: v('Thôn 3') }, 2)
    expect(changedRosterKeys(before.roster, fresh.roster, sameValue).sort()).toEqual(['roster.t1', 'roster.t2.coverage.viettel', 'roster.t2.fiber', 'roster.t3'])
    const outbox: Outbox = { changes: { 'roster.t2.fiber': { value: false, base: null } } }
    expect(rosterRemoteKeys(before, fresh, outbox, sameValue).sort()).toEqual(['roster.t1', 'roster.t2.coverage.viettel', 'roster.t3'])
  })
})
