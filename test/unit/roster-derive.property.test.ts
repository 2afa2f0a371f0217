import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Answers, Profile } from '../../shared/assessment'
import { COVERAGE_LEVELS, type Roster, type Village } from '../../shared/roster'
import { deriveFromRoster, unmetVillages } from '../../shared/roster-derive'
import { defaultRubric2025, defaultRubric2026 } from '../../shared/rubric/default'
import type { Indicator, Rubric, RosterCondition } from '../../shared/rubric/schema'
import { validateRubric } from '../../shared/rubric/validate'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment, scoreSummary } from '../../shared/scoring'
import { assessmentArb } from './arbitraries'
import { OPERATORS, rosterArb } from './roster-arbitraries'

/*
 * Issue 13's two promises about derived answers, for any roster: the derived counts and shares are a recount of
 * the villages, and a derived indicator scores exactly as the same figures typed into the typed rubric.
 */

// The recount, written from the format's words and nothing of roster-derive.ts.
function passes(v: Village, c: RosterCondition, operators: readonly string[]): boolean {
  let ok: boolean
  if (c.test === 'flag') ok = v[c.flag] === true
  else {
    const ops = c.operator ? operators.filter((o) => o === c.operator) : operators
    ok = ops.some((op) => {
      const cov = Object.hasOwn(v.coverage, op) ? v.coverage[op] : undefined
      if (!cov) return false
      if (COVERAGE_LEVELS.indexOf(cov.level) < COVERAGE_LEVELS.indexOf(c.atLeast)) return false
      return c.countWeak === false ? !cov.weak : true
    })
  }
  return c.negate ? !ok : ok
}
const recount = (roster: Roster, where: RosterCondition[], operators: readonly string[]) =>
  Object.values(roster).filter((v) => where.every((c) => passes(v, c, operators))).length

const conditionArb: fc.Arbitrary<RosterCondition> = fc.oneof(
  fc.record(
    {
      test: fc.constant('coverage' as const),
      atLeast: fc.constantFrom('2g', '3g', '4g', '5g' as const),
      operator: fc.constantFrom(...OPERATORS),
      countWeak: fc.boolean(),
      negate: fc.constant(true as const),
    },
    { requiredKeys: ['test', 'atLeast'] },
  ),
  fc.record(
    { test: fc.constant('flag' as const), flag: fc.constantFrom('fiber', 'publicWifi', 'digitalTeam', 'smartVillage' as const), negate: fc.constant(true as const) },
    { requiredKeys: ['test', 'flag'] },
  ),
)

const stepsArb = fc.array(
  fc.oneof(
    fc.record({ atLeast: fc.integer({ min: 0, max: 30 }), points: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ atMost: fc.integer({ min: 0, max: 30 }), points: fc.integer({ min: 0, max: 40 }) }),
  ),
  { minLength: 1, maxLength: 4 },
)
const shareStepsArb = fc.array(
  fc.oneof(
    fc.record({ atLeast: fc.double({ min: 0, max: 1, noNaN: true }), points: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ atMost: fc.double({ min: 0, max: 1, noNaN: true }), points: fc.integer({ min: 0, max: 40 }) }),
  ),
  { minLength: 1, maxLength: 4 },
)

const L = (s: string) => ({ vi: s, en: s })

/** A one-pillar rubric with a derived count and a derived share, and its twin where both are typed. */
const pairArb = fc
  .record({
    countWhere: fc.array(conditionArb, { minLength: 1, maxLength: 5 }),
    shareWhere: fc.array(conditionArb, { minLength: 1, maxLength: 5 }),
    countSteps: stepsArb.filter((s) => s.some((x) => x.points > 0)),
    share: fc.oneof(
      fc.record({ kind: fc.constant('ratio' as const), target: fc.double({ min: 0.01, max: 1, noNaN: true }), points: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('steps' as const), steps: shareStepsArb.filter((s) => s.some((x) => x.points > 0)) }),
    ),
    mandatory: fc.boolean(),
  })
  .map(({ countWhere, shareWhere, countSteps, share, mandatory }) => {
    const base = (count: Indicator['input'], ratio: Indicator['input']): Rubric => ({
      id: 'p',
      year: 2026,
      version: 1,
      title: L('t'),
      basis: L('b'),
      profile: [],
      recognition: { minTotal: 0, minPillarShare: 0.5, mandatoryMustBeMet: true },
      pillars: [
        {
          id: 'A',
          label: L('A'),
          groups: [
            {
              id: 'A1',
              label: L('A1'),
              indicators: [
                { id: 'C', label: L('c'), input: count, scoring: { kind: 'steps', steps: countSteps }, mandatory, evidence: L('e') },
                { id: 'S', label: L('s'), input: ratio, scoring: share, mandatory: !mandatory, evidence: L('e') },
              ],
            },
          ],
        },
      ],
    })
    const derived: Rubric = {
      ...base({ kind: 'roster', measure: 'count', where: countWhere }, { kind: 'roster', measure: 'share', where: shareWhere }),
      roster: { operators: OPERATORS.map((id) => ({ id, label: L(id) })) },
    }
    const typed = base({ kind: 'count' }, { kind: 'ratio', numerator: L('n'), denominator: { label: L('d') } })
    return { derived, typed, countWhere, shareWhere }
  })

describe('answers derived from the village roster (fast-check)', () => {
  it('for any roster and conditions, the derived count and share are a recount; an empty roster derives nothing', () => {
    fc.assert(
      fc.property(pairArb, rosterArb(), ({ derived, countWhere, shareWhere }, roster) => {
        expect(validateRubric(derived).ok).toBe(true)
        const d = deriveFromRoster(derived, roster)
        const n = Object.keys(roster).length
        if (n === 0) {
          expect(d.answers).toEqual({})
          return
        }
        expect(d.answers.C).toEqual({ count: recount(roster, countWhere, OPERATORS) })
        expect(d.answers.S).toEqual({ numerator: recount(roster, shareWhere, OPERATORS), denominator: n })
      }),
      { numRuns: 400 },
    )
  })

  it('scoring a derived indicator equals scoring the same figures typed in (points, status, verdict, advice figures)', () => {
    fc.assert(
      fc.property(pairArb, rosterArb(), ({ derived, typed, countWhere, shareWhere }, roster) => {
        const n = Object.keys(roster).length
        const typedAnswers: Answers =
          n === 0 ? {} : { C: { count: recount(roster, countWhere, OPERATORS) }, S: { numerator: recount(roster, shareWhere, OPERATORS), denominator: n } }
        // A stale typed value for a derived id is ignored: the roster decides.
        const a = scoreAssessment(derived, { profile: {}, answers: { C: { count: 999 } }, roster })
        const b = scoreAssessment(typed, { profile: {}, answers: typedAnswers })
        for (const id of ['C', 'S']) {
          const { issues: _x, ...sa } = a.indicators[id]!
          const { issues: _y, ...sb } = b.indicators[id]!
          expect(sa).toEqual(sb)
        }
        expect([a.total, a.verdict.eligible, a.missing, a.invalid]).toEqual([b.total, b.verdict.eligible, b.missing, b.invalid])
        expect(a.verdict.failures).toEqual(b.verdict.failures)
        // The advice has the typed indicator's words and figures (a share's in villages), then names the villages.
        expect(a.verdict.toMeet.map((t) => t.indicatorId)).toEqual(b.verdict.toMeet.map((t) => t.indicatorId))
        a.verdict.toMeet.forEach((t, i) => {
          const words = t.indicatorId === 'S' ? t.message.en.replace(' villages', '') : t.message.en
          expect(words.startsWith(b.verdict.toMeet[i]!.message.en), `${t.message.en} / ${b.verdict.toMeet[i]!.message.en}`).toBe(true)
        })
        expect(scoreSummary(derived, { profile: {}, answers: {}, roster })).toEqual(scoreSummary(typed, { profile: {}, answers: typedAnswers }))
      }),
      { numRuns: 400 },
    )
  })

  it('the default 2026 rubric scores any roster as the 2025 rubric scores the same figures typed in', () => {
    const flat2026 = flattenIndicators(defaultRubric2026)
    const byId = new Map(flat2026.map((f) => [f.indicator.id, f.indicator]))
    const where = (id: string) => (byId.get(id)!.input as { where: RosterCondition[] }).where
    const ops = defaultRubric2026.roster!.operators.map((o) => o.id)
    fc.assert(
      fc.property(assessmentArb(defaultRubric2025), rosterArb(60), (doc, roster) => {
        const n = Object.keys(roster).length
        // The 2025 form with the five village indicators and the villages fact typed as the roster counts them.
        const profile2025: Profile = { ...doc.profile }
        const answers2025: Answers = { ...doc.answers }
        for (const id of ['A3.2', 'A3.3', 'A3.5', 'A4.2', 'D8']) delete answers2025[id]
        delete profile2025.villages
        if (n > 0) {
          profile2025.villages = n
          answers2025['A3.2'] = { numerator: recount(roster, where('A3.2'), ops) }
          answers2025['A3.3'] = { count: recount(roster, where('A3.3'), ops) }
          answers2025['A3.5'] = { numerator: recount(roster, where('A3.5'), ops) }
          answers2025['A4.2'] = { numerator: recount(roster, where('A4.2'), ops) }
          answers2025['D8'] = { count: recount(roster, where('D8'), ops) }
        }
        // The 2026 form: the officer's typed answers without the derived ones, and the roster.
        const profile2026: Profile = { ...doc.profile }
        delete profile2026.villages
        const answers2026: Answers = { ...doc.answers }
        for (const id of ['A3.2', 'A3.3', 'A3.5', 'A4.2', 'D8']) delete answers2026[id]
        const typed = scoreAssessment(defaultRubric2025, { profile: profile2025, answers: answers2025 })
        const derived = scoreAssessment(defaultRubric2026, { profile: profile2026, answers: answers2026, roster })
        expect(derived.total).toBe(typed.total)
        expect(derived.verdict.eligible).toBe(typed.verdict.eligible)
        expect(derived.missing).toEqual(typed.missing)
        expect(derived.invalid).toEqual(typed.invalid)
        for (const { indicator } of flat2026) {
          expect(derived.indicators[indicator.id]!.points, indicator.id).toBe(typed.indicators[indicator.id]!.points)
          expect(derived.indicators[indicator.id]!.status, indicator.id).toBe(typed.indicators[indicator.id]!.status)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('the villages named as unmet are exactly those the indicator counts against it', () => {
    const a33 = flattenIndicators(defaultRubric2026).find((f) => f.indicator.id === 'A3.3')!.indicator
    const a35 = flattenIndicators(defaultRubric2026).find((f) => f.indicator.id === 'A3.5')!.indicator
    const ops = defaultRubric2026.roster!.operators.map((o) => o.id)
    fc.assert(
      fc.property(rosterArb(), (roster) => {
        const gaps = unmetVillages(defaultRubric2026, a33, roster).map((v) => v.id).sort()
        const expected = Object.keys(roster).filter((id) => recount({ [id]: roster[id]! }, (a33.input as any).where, ops) === 1).sort()
        expect(gaps).toEqual(expected)
        // A share towards 100%: the villages not counted yet.
        const noWifi = unmetVillages(defaultRubric2026, a35, roster).map((v) => v.id).sort()
        expect(noWifi).toEqual(Object.keys(roster).filter((id) => roster[id]!.publicWifi !== true).sort())
      }),
      { numRuns: 300 },
    )
  })
})
