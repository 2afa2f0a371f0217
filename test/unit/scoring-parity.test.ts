import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Answers, Profile } from '../../shared/assessment'
import type { Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment, scoreSummary, summarizeScore } from '../../shared/scoring'
import { scoreAssessment as referenceScore } from '../support/scoring-reference/scoring'
import { assessmentArb } from './arbitraries'
import { rubric } from './fixtures'

/*
 * Issue 8: the compiled core must score exactly as the code it replaced (kept in test/support/scoring-reference):
 * totals, pillars, every indicator's record and issues, the verdict's reasons and the advice text, on 10,000
 * random assessments — valid drafts, and forms with the mistakes officers make (a numerator above its
 * denominator, a zero or missing profile fact, a wrong shape, an unknown option).
 */

// 10,000 full scorings twice over (old and new) plus JSON: seconds alone, minutes on a loaded 2-core CI box.
const LONG = 600_000
const flat = flattenIndicators(rubric)
const factIds = rubric.profile.map((f) => f.id)

/** A rubric that exercises what the 2025 one does not: steps on ratios, atMost steps, odd points, zero denominators. */
const variant: Rubric = (() => {
  const r = structuredClone(rubric) as Rubric
  const inds = r.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators))
  for (const [k, ind] of inds.entries()) {
    if (ind.input.kind === 'ratio' && k % 3 === 0)
      ind.scoring = { kind: 'steps', steps: [{ atLeast: 0.9, points: 12.345 }, { atMost: 0.1, points: 12.345 }, { atLeast: 0.5, points: 6.005 }] }
    else if (ind.input.kind === 'ratio' && k % 3 === 1) {
      ind.scoring = { kind: 'ratio', target: 0.37, points: 29.995 }
      ind.whenDenominatorZero = 'fullPoints'
    }
  }
  r.recognition = { minTotal: 500.005, minPillarShare: 0.555, mandatoryMustBeMet: true }
  return r
})()

const messyValue = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 1.5, -1) },
)

/** Any answer an officer's device might hold for an indicator: mostly well-formed, some not. */
function messyAnswers(r: Rubric): fc.Arbitrary<Answers> {
  const ids = flattenIndicators(r).map((f) => f.indicator.id)
  const answer = fc.oneof(
    fc.record({ numerator: messyValue, denominator: fc.option(messyValue, { nil: undefined }) }, { requiredKeys: ['numerator'] }),
    fc.record({ count: messyValue }),
    fc.record({ yes: fc.boolean() }),
    fc.record({ choice: fc.constantFrom('secretary-or-chair', 'deputy', 'none', 'other') }),
    // "no answer yet", the officer's cleared value (the core only looks for it where no value field reads)
    fc.record({ noAnswer: fc.constant(true as const), denominator: messyValue, note: fc.constant('x') }, { requiredKeys: ['noAnswer'] }),
  )
  return fc.dictionary(fc.constantFrom(...ids), answer, { maxKeys: ids.length }) as fc.Arbitrary<Answers>
}

const messyProfile: fc.Arbitrary<Profile> = fc.dictionary(fc.constantFrom(...factIds), fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constant(0)))

const docArb = (r: Rubric) =>
  fc.oneof(
    { weight: 3, arbitrary: assessmentArb(r) },
    { weight: 2, arbitrary: fc.record({ profile: messyProfile, answers: messyAnswers(r) }) },
  )

const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

function same(r: Rubric, doc: { profile: Profile; answers: Answers }) {
  const want = referenceScore(r, doc)
  const got = scoreAssessment(r, doc)
  expect(plain(got)).toEqual(plain(want))
  expect(scoreSummary(r, doc)).toEqual(summarizeScore(want as never))
}

describe('the compiled scoring core answers what the code it replaced did', () => {
  it('7,000 random assessments of the 2025 rubric: totals, verdicts, records, advice text', () => {
    fc.assert(fc.property(docArb(rubric), (doc) => same(rubric, doc)), { numRuns: 7_000, seed: 8 })
  }, LONG)

  it('3,000 random assessments of a rubric with steps on ratios, odd points and zero denominators', () => {
    fc.assert(fc.property(docArb(variant), (doc) => same(variant, doc)), { numRuns: 3_000, seed: 88 })
  }, LONG)

  it('the advice is built by default, and left out on request (callers that show none)', () => {
    const doc = { profile: {}, answers: {} }
    const s = scoreAssessment(rubric, doc)
    expect(s.verdict.toMeet).toHaveLength(flat.length)
    expect(s.verdict.toMeet).toBe(s.verdict.toMeet)
    expect(Object.keys(s.verdict)).toEqual(['eligible', 'failures', 'toMeet'])
    const bare = scoreAssessment(rubric, doc, { advice: false })
    expect(bare.verdict.toMeet).toEqual([])
    expect({ ...bare, verdict: { ...bare.verdict, toMeet: s.verdict.toMeet } }).toEqual(s)
  })
})
