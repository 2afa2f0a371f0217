import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoreAssessment } from '../../shared/scoring'
import { flattenIndicators, indicatorMax } from '../../shared/rubric/walk'
import { assessmentArb } from './arbitraries'
import { rubric } from './fixtures'

const flat = flattenIndicators(rubric)

describe('scoring properties (fast-check)', () => {
  it('never exceeds the maxima: indicator ≤ its max, pillar ≤ its max, total ≤ 1000', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), (doc) => {
        const s = scoreAssessment(rubric, doc)
        for (const { indicator } of flat) {
          const i = s.indicators[indicator.id]!
          expect(i.points).toBeGreaterThanOrEqual(0)
          expect(i.points).toBeLessThanOrEqual(indicatorMax(indicator))
          expect(i.met).toBe(i.points === i.max)
        }
        for (const p of s.pillars) expect(p.points).toBeLessThanOrEqual(p.max)
        expect(s.total).toBeLessThanOrEqual(s.maxTotal)
        expect(s.maxTotal).toBe(1000)
      }),
      { numRuns: 300 },
    )
  })

  it('valid answers are always scored (never invalid) and only unanswered ones are missing', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), (doc) => {
        const s = scoreAssessment(rubric, doc)
        expect(s.invalid).toEqual([])
        expect(s.missing.sort()).toEqual(flat.map((f) => f.indicator.id).filter((id) => !(id in doc.answers)).sort())
      }),
      { numRuns: 200 },
    )
  })

  it('is monotone in each numerator and count (indicators scored by ratio or by atLeast steps)', () => {
    const monotone = flat.filter(
      ({ indicator: i }) =>
        (i.input.kind === 'ratio' || i.input.kind === 'count') &&
        (i.scoring.kind === 'ratio' || (i.scoring.kind === 'steps' && i.scoring.steps.every((s) => 'atLeast' in s))),
    )
    expect(monotone.length).toBe(30)
    fc.assert(
      fc.property(
        assessmentArb(rubric),
        fc.constantFrom(...monotone.map((f) => f.indicator.id)),
        fc.integer({ min: 1, max: 500 }),
        (doc, id, bump) => {
          const before = scoreAssessment(rubric, doc)
          const a = doc.answers[id]
          if (!a) return
          const ind = flat.find((f) => f.indicator.id === id)!.indicator
          let bumped
          if ('numerator' in a) {
            const den =
              ind.input.kind === 'ratio' && 'profile' in ind.input.denominator
                ? doc.profile[ind.input.denominator.profile]!
                : a.denominator!
            bumped = { ...a, numerator: Math.min(den, a.numerator + bump) }
          } else if ('count' in a) {
            const max = ind.input.kind === 'count' && ind.input.max ? doc.profile[ind.input.max.profile]! : Infinity
            bumped = { ...a, count: Math.min(max, a.count + bump) }
          } else return
          const after = scoreAssessment(rubric, { ...doc, answers: { ...doc.answers, [id]: bumped } })
          expect(after.indicators[id]!.points).toBeGreaterThanOrEqual(before.indicators[id]!.points)
          expect(after.total).toBeGreaterThanOrEqual(before.total)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is anti-monotone in a count scored by atMost steps (fewer villages in signal gaps never scores less)', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), fc.integer({ min: 1, max: 10 }), (doc, drop) => {
        const a = doc.answers['A3.3']
        if (!a || !('count' in a)) return
        const fewer = { count: Math.max(0, a.count - drop) }
        const before = scoreAssessment(rubric, doc).indicators['A3.3']!.points
        const after = scoreAssessment(rubric, { ...doc, answers: { ...doc.answers, 'A3.3': fewer } }).indicators['A3.3']!.points
        expect(after).toBeGreaterThanOrEqual(before)
      }),
      { numRuns: 200 },
    )
  })

  it('totals are sums of rounded indicator points, to the hundredth', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), (doc) => {
        const s = scoreAssessment(rubric, doc)
        const sum = Object.values(s.indicators).reduce((t, i) => t + Math.round(i.points * 100), 0)
        expect(Math.round(s.total * 100)).toBe(sum)
        for (const i of Object.values(s.indicators)) expect(Math.round(i.points * 100) / 100).toBe(i.points)
      }),
      { numRuns: 200 },
    )
  })

  it('every advice on what would meet an indicator, when followed, meets it', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), (doc) => {
        const s = scoreAssessment(rubric, doc)
        for (const advice of s.verdict.toMeet) {
          const m = /^(\S+) cần (\d+)\/(\d+)/.exec(advice.message.vi)
          if (!m) continue
          const [, id, need] = m
          const a = doc.answers[id!]
          const next = a && 'denominator' in a && a.denominator !== undefined ? { numerator: Number(need), denominator: a.denominator } : { numerator: Number(need) }
          const after = scoreAssessment(rubric, { ...doc, answers: { ...doc.answers, [id!]: next } })
          expect(after.indicators[id!]!.met).toBe(true)
          if (Number(need) > 0) {
            const below = scoreAssessment(rubric, { ...doc, answers: { ...doc.answers, [id!]: { ...next, numerator: Number(need) - 1 } } })
            expect(below.indicators[id!]!.met).toBe(false)
          }
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('round2 (fast path) agrees with exact decimal rounding', () => {
  const exact = (x: number) => {
    const abs = Math.abs(x)
    const r = Number(`${Math.round(Number(`${abs}e2`))}e-2`)
    return x < 0 ? -r : r
  }
  it('on random decimals, including exact half-cents like 2.675 and 1.005', async () => {
    const { round2 } = await import('../../shared/round')
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, extra) => {
        const x = n / 10 ** (3 + extra)
        fc.pre(!String(Math.abs(x)).includes('e'))
        expect(round2(x)).toBe(exact(x))
      }),
      { numRuns: 5000 },
    )
    // The reference goes through the decimal string, which has no exponent only from 1e-6 up.
    const plain = fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !String(Math.abs(x)).includes('e'))
    fc.assert(fc.property(plain, (x) => {
      expect(round2(x)).toBe(exact(x))
    }), { numRuns: 5000 })
  })
})
