import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bestCoverage, COVERAGE_LEVELS, coverageRank, type Roster } from '../../shared/roster'
import { compareYears, decodeCoverage, encodeCoverage, isGap, signalVillages, villagesWithout4g } from '../../shared/signal-gaps'

// The signal-gap map's pure rules (shared/signal-gaps.ts): rows keep what the roster says, the gap rule, the
// year-on-year comparison and the dashboard's counter, each against a plain recount.

const OPS = ['viettel', 'vnpt', 'mobifone']
const coverage = fc.dictionary(fc.constantFrom(...OPS), fc.record({ level: fc.constantFrom(...COVERAGE_LEVELS), weak: fc.option(fc.constant(true), { nil: undefined }) }), { maxKeys: 3 })
const clean = (c: Record<string, { level: (typeof COVERAGE_LEVELS)[number]; weak?: true | undefined }>) =>
  Object.fromEntries(Object.entries(c).map(([op, v]) => [op, v.weak ? { level: v.level, weak: true } : { level: v.level }]))
const roster = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  fc.record({ name: fc.constantFrom('Thôn 1', 'Làng Rêu', 'Bản Mới'), kind: fc.constantFrom('thon' as const, 'ban' as const), coverage: coverage.map(clean) }),
  { maxKeys: 6 },
) as fc.Arbitrary<Roster>

describe('signal-gap rows and rules', () => {
  it('a row keeps every village and its coverage per operator', () => {
    fc.assert(
      fc.property(roster, (r) => {
        const rows = signalVillages(r)
        expect(rows.map((v) => v[0]).sort()).toEqual(Object.keys(r).sort())
        for (const row of rows) for (const [op, c] of Object.entries(r[row[0]]!.coverage)) expect(decodeCoverage(row[6][op])).toEqual(c)
      }),
    )
  })

  it('encode/decode round-trips every level and weak flag', () => {
    for (const level of COVERAGE_LEVELS) for (const weak of [undefined, true]) expect(decodeCoverage(encodeCoverage(weak ? { level, weak } : { level }))).toEqual(weak ? { level, weak } : { level })
  })

  it('"any operator": a gap exactly when no operator reaches 4G (usable, when weak counts)', () => {
    fc.assert(
      fc.property(coverage.map(clean), fc.boolean(), (c, weak) => {
        const codes = Object.fromEntries(Object.entries(c).map(([op, v]) => [op, encodeCoverage(v)]))
        const usable = Object.values(c).some((v) => coverageRank(v.level) >= coverageRank('4g') && !(weak && v.weak))
        expect(isGap(codes, { weak })).toBe(!usable)
        for (const op of OPS) expect(isGap(codes, { operator: op, weak })).toBe(!(c[op] && coverageRank(c[op]!.level) >= coverageRank('4g') && !(weak && c[op]!.weak)))
      }),
    )
  })

  it('the year comparison equals a recount village by village; the dashboard counter equals a recount', () => {
    fc.assert(
      fc.property(roster, roster, fc.constantFrom(undefined, ...OPS), fc.boolean(), (now, before, operator, weak) => {
        const filter = { operator, weak }
        const cmp = compareYears([{ communeId: 'x', villages: signalVillages(now) }], [{ communeId: 'x', villages: signalVillages(before) }], filter)
        const gap = (r: Roster, id: string) => isGap(signalVillages({ [id]: r[id]! })[0]![6], filter)
        let gained = 0
        let still = 0
        let fresh = 0
        for (const id of Object.keys(now)) {
          const was = id in before ? gap(before, id) : undefined
          const is = gap(now, id)
          if (was === true && !is) gained++
          else if (was === true && is) still++
          else if (is) fresh++
        }
        expect(cmp).toEqual({ gained, stillMissing: still, newGaps: fresh })
        expect(villagesWithout4g(now)).toBe(Object.values(now).filter((v) => coverageRank(bestCoverage(v)) < coverageRank('4g')).length)
      }),
    )
  })
})
