import fc from 'fast-check'
import { defaultRubric2025 } from '../shared/rubric/default'
import { scoreAssessment } from '../shared/scoring'
import { assessmentArb } from '../test/unit/arbitraries'

export type ScoringResult = { assessments: number; seconds: number; perSecond: number }

/** Scores random valid assessments of the 2025 rubric back to back, after a warm-up, on one core. */
export function benchScoring(count = 100_000): ScoringResult {
  const docs = fc.sample(assessmentArb(defaultRubric2025), { numRuns: 2_000, seed: 42 })
  let sink = 0
  for (let i = 0; i < 20_000; i++) sink += scoreAssessment(defaultRubric2025, docs[i % docs.length]!).total
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) sink += scoreAssessment(defaultRubric2025, docs[i % docs.length]!).total
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (sink < 0) console.log(sink) // keeps the loop from being optimised away
  return { assessments: count, seconds, perSecond: Math.round(count / seconds) }
}
