import fc from 'fast-check'
import type { Answers, Profile } from '../shared/assessment'
import { defaultRubric2025 } from '../shared/rubric/default'
import { flattenIndicators } from '../shared/rubric/walk'
import { scoreAssessment } from '../shared/scoring'
import { answerArb, assessmentArb, profileArb } from '../test/unit/arbitraries'
import { perfectAnswers, profile } from '../test/unit/fixtures'

export type ScoringRun = { mix: string; assessments: number; seconds: number; perSecond: number; usPerAssessment: number }

type Doc = { profile: Profile; answers: Answers }

function time(mix: string, docs: Doc[], count: number): ScoringRun {
  let sink = 0
  for (let i = 0; i < 20_000; i++) sink += scoreAssessment(defaultRubric2025, docs[i % docs.length]!).total
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) sink += scoreAssessment(defaultRubric2025, docs[i % docs.length]!).total
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (sink < 0) console.log(sink) // keeps the loop from being optimised away
  return { mix, assessments: count, seconds, perSecond: Math.round(count / seconds), usPerAssessment: (seconds / count) * 1e6 }
}

/**
 * Scores assessments of the 2025 rubric back to back on one core, after a warm-up, with the full verdict and
 * "what would meet it" advice for every unmet indicator. Three mixes, because the advice is most of the work:
 * drafts (≈5 in 6 indicators answered with random valid values: most are unmet), complete forms with random
 * values, and forms that meet every indicator.
 */
export function benchScoring(count = 100_000): ScoringRun[] {
  const rubric = defaultRubric2025
  const drafts = fc.sample(assessmentArb(rubric), { numRuns: 2_000, seed: 42 })
  const flat = flattenIndicators(rubric)
  const complete = fc.sample(
    profileArb(rubric).chain((p) =>
      fc.record(Object.fromEntries(flat.map(({ indicator }) => [indicator.id, answerArb(indicator, p)]))).map((answers) => ({ profile: p, answers })),
    ),
    { numRuns: 2_000, seed: 7 },
  )
  const met = [{ profile, answers: perfectAnswers() }]
  return [time('drafts (random, ≈35 of 42 answered)', drafts, count), time('complete forms (random values)', complete, count), time('complete, every indicator met', met, count)]
}
