import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeRosterPatch, Roster, RosterPatch, type Village, type VillagePatch } from '../../shared/roster'
import { diffRoster, gapTrend } from '../../shared/roster-diff'
import { OPERATORS, coverageArb, rosterArb, villageArb, villageIdArb } from './roster-arbitraries'

const FIELDS = ['name', 'kind', 'households', 'fiber', 'publicWifi', 'digitalTeam', 'smartVillage', 'note', 'order'] as const

const villagePatchArb: fc.Arbitrary<VillagePatch> = fc.record(
  {
    name: fc.constantFrom('Thôn Mới', 'Làng Rêu'),
    kind: fc.constantFrom('thon', 'lang' as const),
    households: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    coverage: fc.dictionary(fc.constantFrom(...OPERATORS), fc.option(coverageArb, { nil: null }), { maxKeys: 3 }),
    fiber: fc.option(fc.boolean(), { nil: null }),
    publicWifi: fc.option(fc.boolean(), { nil: null }),
    digitalTeam: fc.option(fc.boolean(), { nil: null }),
    smartVillage: fc.option(fc.boolean(), { nil: null }),
    note: fc.option(fc.constantFrom('Sóng chập chờn', 'Đã có trạm BTS'), { nil: null }),
    order: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  },
  { requiredKeys: [] },
)

describe('mergeRosterPatch (fast-check)', () => {
  it('merges per village, per field and per operator: null removes, absent keeps, a value replaces', () => {
    fc.assert(
      fc.property(rosterArb(20), fc.dictionary(villageIdArb, fc.option(villagePatchArb, { nil: null }), { maxKeys: 10 }), (roster, patch) => {
        const before = structuredClone(roster)
        const { roster: next, problems } = mergeRosterPatch(roster, patch)
        expect(roster).toEqual(before) // never mutates
        const refused = new Set(problems.map((p) => p.villageId))
        for (const id of new Set([...Object.keys(roster), ...Object.keys(patch)])) {
          const change = Object.hasOwn(patch, id) ? patch[id] : undefined
          const old = Object.hasOwn(roster, id) ? roster[id] : undefined
          const got = Object.hasOwn(next, id) ? next[id] : undefined
          if (change === undefined) expect(got).toEqual(old)
          else if (change === null) expect(got).toBeUndefined()
          else if (refused.has(id)) {
            // Only a new village without its name or kind is refused, and then nothing of it is stored.
            expect(old === undefined && (change.name === undefined || change.kind === undefined)).toBe(true)
            expect(got).toBeUndefined()
          } else {
            for (const f of FIELDS) {
              const v = change[f]
              if (v === undefined) expect(got![f]).toEqual(old?.[f])
              else if (v === null) expect(Object.hasOwn(got!, f)).toBe(false)
              else expect(got![f]).toEqual(v)
            }
            for (const op of new Set([...Object.keys(old?.coverage ?? {}), ...Object.keys(change.coverage ?? {})])) {
              const v = change.coverage && Object.hasOwn(change.coverage, op) ? change.coverage[op] : undefined
              if (v === undefined) expect(got!.coverage[op]).toEqual(old!.coverage[op])
              else if (v === null) expect(Object.hasOwn(got!.coverage, op)).toBe(false)
              else expect(got!.coverage[op]).toEqual(v)
            }
            // What is stored is a valid village.
            expect(Roster.safeParse({ [id]: got }).success).toBe(true)
          }
        }
        for (const id of refused) expect(old(roster, id)).toBeUndefined()
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a new village without its name or kind, and still applies the rest of the patch', () => {
    const { roster, problems } = mergeRosterPatch({ a: { name: 'Thôn 1', kind: 'thon', coverage: {} } }, { b: { fiber: true }, a: { fiber: true } })
    expect(problems).toEqual([{ villageId: 'b', code: 'village_incomplete' }])
    expect(roster).toEqual({ a: { name: 'Thôn 1', kind: 'thon', coverage: {}, fiber: true } })
    expect(RosterPatch.safeParse({ a: { name: '' } }).success).toBe(false)
  })
})

const old = (r: Roster, id: string) => (Object.hasOwn(r, id) ? r[id] : undefined)

describe('diffRoster', () => {
  const v = (over: Partial<Village>): Village => ({ name: 'Thôn 1', kind: 'thon', coverage: {}, ...over })
  it('lists villages added and removed by id, coverage gained and lost per operator, flags and renames', () => {
    const last = {
      a: v({ coverage: { viettel: { level: '3g' }, vnpt: { level: '4g' } }, fiber: true }),
      b: v({ name: 'Làng Rêu' }),
      c: v({ name: 'Thôn 3', coverage: { viettel: { level: '4g', weak: true } } }),
      d: v({ name: 'Thôn 4', households: 50 }),
    }
    const now = {
      a: v({ coverage: { viettel: { level: '4g' }, vnpt: { level: '3g' } }, fiber: true, publicWifi: true }),
      c: v({ name: 'Thôn Ba', coverage: { viettel: { level: '4g' } } }),
      d: v({ name: 'Thôn 4', households: 50 }),
      e: v({ name: 'Tổ dân phố 5', kind: 'to_dan_pho' }),
    }
    expect(diffRoster(now, last, OPERATORS)).toEqual({
      added: [{ id: 'e', name: 'Tổ dân phố 5' }],
      removed: [{ id: 'b', name: 'Làng Rêu' }],
      changed: [
        {
          id: 'a',
          name: 'Thôn 1',
          coverage: [
            { operator: 'viettel', from: '3g', to: '4g', fromWeak: false, toWeak: false, change: 'gained' },
            { operator: 'vnpt', from: '4g', to: '3g', fromWeak: false, toWeak: false, change: 'lost' },
          ],
          flags: [{ flag: 'publicWifi', from: false, to: true }],
        },
        { id: 'c', name: 'Thôn Ba', renamedFrom: 'Thôn 3', coverage: [{ operator: 'viettel', from: '4g', to: '4g', fromWeak: true, toWeak: false, change: 'steadier' }], flags: [] },
      ],
      unchanged: 1,
    })
  })

  it('for any two rosters: every village is added, removed, changed or unchanged exactly once; a roster against itself has no change', () => {
    fc.assert(
      fc.property(rosterArb(20), rosterArb(20), (now, last) => {
        const d = diffRoster(now, last, OPERATORS)
        const inBoth = Object.keys(now).filter((id) => Object.hasOwn(last, id)).length
        expect(d.added.length + d.changed.length + d.unchanged).toBe(Object.keys(now).length)
        expect(d.removed.length + d.changed.length + d.unchanged).toBe(Object.keys(last).length)
        expect(d.changed.length + d.unchanged).toBe(inBoth)
        expect(diffRoster(now, now, OPERATORS)).toEqual({ added: [], removed: [], changed: [], unchanged: Object.keys(now).length })
        // Reversed, gains become losses.
        const back = diffRoster(last, now, OPERATORS)
        const count = (x: typeof d, c: string) => x.changed.flatMap((ch) => ch.coverage).filter((k) => k.change === c).length
        expect(count(back, 'gained')).toBe(count(d, 'lost'))
        expect(count(back, 'weaker')).toBe(count(d, 'steadier'))
      }),
      { numRuns: 200 },
    )
  })

  it('gapTrend: gained, still missing, lost, covered, new — on any operator or one', () => {
    const ops = { operators: OPERATORS }
    const none = v({})
    const g4 = v({ coverage: { vnpt: { level: '4g' } } })
    expect(gapTrend(g4, none, ops)).toBe('gained')
    expect(gapTrend(none, none, ops)).toBe('still_missing')
    expect(gapTrend(none, g4, ops)).toBe('lost')
    expect(gapTrend(g4, g4, ops)).toBe('covered')
    expect(gapTrend(none, undefined, ops)).toBe('new_missing')
    expect(gapTrend(g4, undefined, ops)).toBe('new_covered')
    expect(gapTrend(g4, none, { ...ops, operator: 'viettel' })).toBe('still_missing')
    expect(gapTrend(v({ coverage: { vnpt: { level: '4g', weak: true } } }), none, { ...ops, countWeak: false })).toBe('still_missing')
  })

  it('villages generated for these tests are valid roster entries', () => {
    fc.assert(fc.property(villageArb, (village) => {
      expect(Roster.safeParse({ x: village }).success).toBe(true)
    }), { numRuns: 100 })
  })
})
