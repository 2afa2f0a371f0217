import fc from 'fast-check'
import type { Answer, Answers, Profile } from '../../shared/assessment'
import type { Indicator, Rubric } from '../../shared/rubric/schema'
import { flattenIndicators } from '../../shared/rubric/walk'

/** A profile that satisfies the rubric's own rules (> 0 unless mayBeZero, ≤ its atMost fact). */
export function profileArb(rubric: Rubric): fc.Arbitrary<Profile> {
  return fc
    .record(Object.fromEntries(rubric.profile.map((f) => [f.id, fc.integer({ min: f.mayBeZero ? 0 : 1, max: 20000 })])))
    .map((raw) => {
      const p: Profile = { ...raw }
      for (const f of rubric.profile) if (f.atMost && p[f.id]! > p[f.atMost]!) p[f.id] = p[f.atMost]!
      return p
    })
}

/** A valid answer for one indicator under a given profile. */
export function answerArb(ind: Indicator, profile: Profile): fc.Arbitrary<Answer> {
  const input = ind.input
  switch (input.kind) {
    case 'ratio':
      if ('profile' in input.denominator) {
        const den = profile[input.denominator.profile] ?? 0
        return fc.integer({ min: 0, max: den }).map((numerator) => ({ numerator }))
      }
      return fc
        .integer({ min: ind.whenDenominatorZero ? 0 : 1, max: 5000 })
        .chain((denominator) => fc.integer({ min: 0, max: denominator }).map((numerator) => ({ numerator, denominator })))
    case 'count': {
      const max = input.max ? (profile[input.max.profile] ?? 0) : 50
      return fc.integer({ min: 0, max }).map((count) => ({ count }))
    }
    case 'boolean':
      return fc.boolean().map((yes) => ({ yes }))
    case 'choice':
      return fc.constantFrom(...input.options.map((o) => o.id)).map((choice) => ({ choice }))
    case 'roster':
      // Derived from the roster, never typed (issue 13): the typed answer scoring ignores.
      return input.measure === 'count' ? fc.nat(50).map((count) => ({ count })) : fc.nat(50).map((numerator) => ({ numerator, denominator: 50 }))
  }
}

/** A profile plus a random subset of valid answers. */
export function assessmentArb(rubric: Rubric): fc.Arbitrary<{ profile: Profile; answers: Answers }> {
  const flat = flattenIndicators(rubric)
  return profileArb(rubric).chain((profile) =>
    fc
      .record(Object.fromEntries(flat.map(({ indicator }) => [indicator.id, fc.option(answerArb(indicator, profile), { nil: undefined })])))
      .map((raw) => {
        const answers: Answers = {}
        for (const [id, a] of Object.entries(raw)) if (a !== undefined) answers[id] = a
        return { profile, answers }
      }),
  )
}
