import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { centsText, neededNumerator } from '../../shared/advice'
import { round2 } from '../../shared/round'
import type { Indicator } from '../../shared/rubric/schema'
import { pointsFor } from '../../shared/rubric/compile'
import { indicatorMax } from '../../shared/rubric/walk'
import { neededNumerator as stepSearch } from '../support/scoring-reference/advice'
import { scaled } from '../support/timing'

/*
 * Issue 8: "what would meet it" finds the needed numerator by bisection over runs of numerators instead of one
 * numerator at a time. It must answer exactly what the step-by-step search did, for every scoring a ratio input
 * can have, on small denominators and on huge ones (up to 2^53 − 1).
 */

const label = { vi: 'x', en: 'x' }
const ratioIndicator = (scoring: Indicator['scoring']): Indicator => ({
  id: 'X1',
  label,
  input: { kind: 'ratio', numerator: label, denominator: { label } },
  scoring,
  mandatory: false,
  evidence: label,
})

const cents = fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100) // points with two decimals, up to 10,000
const points = fc.oneof(cents, fc.constantFrom(30, 29.995, 0.01, 15, 10_000, 0.005, 1.005))
const share = fc.oneof(fc.double({ min: 0.001, max: 1.2, noNaN: true }), fc.constantFrom(0.8, 1, 0.3, 0.97, 0.5, 0.6, 1 / 3))

const ratioScoring = fc.record({ kind: fc.constant('ratio' as const), target: share, points })
const step = fc.oneof(
  fc.record({ atLeast: fc.oneof(share, fc.constantFrom(-1, 0, 2)), points }),
  fc.record({ atMost: fc.oneof(share, fc.constantFrom(-1, 0, 2)), points }),
)
const stepsScoring = fc.record({ kind: fc.constant('steps' as const), steps: fc.array(step, { minLength: 1, maxLength: 6 }) })
const otherScoring = fc.oneof(
  fc.record({ kind: fc.constant('boolean' as const), points }),
  fc.record({ kind: fc.constant('choice' as const), points: fc.dictionary(fc.constantFrom('a', 'b'), points) }),
)
const scoring: fc.Arbitrary<Indicator['scoring']> = fc.oneof({ weight: 3, arbitrary: ratioScoring }, { weight: 3, arbitrary: stepsScoring }, otherScoring)

/** The threshold advice.ts starts from (the target, or the atLeast of the first step that gives full points). */
function thresholdOf(ind: Indicator): number | undefined {
  const s = ind.scoring
  if (s.kind === 'ratio') return s.target
  if (s.kind !== 'steps') return undefined
  const max = indicatorMax(ind)
  const best = s.steps.find((st) => st.points >= max)
  return best && 'atLeast' in best ? best.atLeast : undefined
}

const earns = (ind: Indicator, n: number, den: number) => pointsFor(ind, { kind: 'value', value: n / den }) >= indicatorMax(ind)

describe('neededNumerator in closed form equals the step-by-step search', () => {
  it('on small denominators, for every scoring kind (including non-monotone steps)', () => {
    fc.assert(
      fc.property(scoring, fc.integer({ min: 1, max: 20_000 }), fc.boolean(), (s, den, useThreshold) => {
        const ind = ratioIndicator(s)
        const threshold = useThreshold ? thresholdOf(ind) : undefined
        expect(neededNumerator(ind, den, threshold)).toBe(stepSearch(ind, den, threshold))
      }),
      { numRuns: 3_000 },
    )
  }, scaled(300_000))

  it('on huge denominators where the step search still finishes (points large, so it walks ≤ ~10^6 steps)', () => {
    fc.assert(
      fc.property(
        fc.record({ kind: fc.constant('ratio' as const), target: share, points: fc.integer({ min: 200_000, max: 1_000_000 }).map((c) => c / 100) }),
        fc.integer({ min: 2 ** 31, max: 2 ** 38 }),
        (s, den) => {
          const ind = ratioIndicator(s)
          expect(neededNumerator(ind, den, s.target)).toBe(stepSearch(ind, den, s.target))
        },
      ),
      { numRuns: 40 },
    )
  }, scaled(300_000))

  it('on denominators up to 2^53 − 1: the answer earns full points and the numerator below it does not', () => {
    fc.assert(
      fc.property(ratioScoring, fc.oneof(fc.integer({ min: 1e9, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(Number.MAX_SAFE_INTEGER, 3e11, 1e12, 2 ** 52 + 1)), (s, den) => {
        const ind = ratioIndicator(s)
        const n = neededNumerator(ind, den, s.target)
        if (!earns(ind, den, den)) expect(n).toBeUndefined()
        else {
          // Ratio scoring only grows with the numerator, so this is exactly where the step search stops.
          expect(n).toBeDefined()
          expect(earns(ind, n!, den)).toBe(true)
          if (n! > 0) expect(earns(ind, n! - 1, den)).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('answers the 2^53 − 1 denominator of the issue at once', () => {
    const ind = ratioIndicator({ kind: 'ratio', target: 0.8, points: 30 })
    const started = performance.now()
    const n = neededNumerator(ind, Number.MAX_SAFE_INTEGER, 0.8)
    expect(performance.now() - started).toBeLessThan(1_000) // the step search walks ~10^12 numerators here
    expect(earns(ind, n!, Number.MAX_SAFE_INTEGER)).toBe(true)
    expect(earns(ind, n! - 1, Number.MAX_SAFE_INTEGER)).toBe(false)
  })

  it('centsText prints a rounded number as String() does', () => {
    const check = (x: number) => {
      expect(centsText(round2(x))).toBe(String(round2(x)))
    }
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: false }), fc.double({ min: -1e10, max: 1e10 }), fc.integer({ min: -1e8, max: 1e8 }).map((c) => c / 100), fc.integer().map((c) => c / 1000)), check),
      { numRuns: 20_000 },
    )
    for (const x of [0, -0, 0.005, -0.005, 1.005, 0.05, 0.1, 0.01, 99.995, 999_999_999.99, 1e9, -1e9 + 0.01, 1e21, NaN, Infinity, -Infinity]) check(x)
  })
})
