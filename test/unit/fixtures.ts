import type { Rubric } from '../../shared/rubric/schema'
import { defaultRubric2025 } from '../../shared/rubric/default'
import type { Answers, Profile } from '../../shared/assessment'

export const rubric = defaultRubric2025

export const clone = <T>(x: T): T => structuredClone(x)

/** Bắc Trà My-like profile from RUBRIC-FORMAT.md's example: 46 villages. */
export const profile: Profile = {
  population: 12000,
  adults: 9000,
  households: 1200,
  villages: 46,
  officials: 22,
  businesses: 40,
  schools: 4,
}

/** An answer set that earns every indicator's maximum under the 2025 rubric. */
export function perfectAnswers(r: Rubric = rubric, p: Profile = profile): Answers {
  const answers: Answers = {}
  for (const pillar of r.pillars)
    for (const group of pillar.groups)
      for (const ind of group.indicators) {
        const input = ind.input
        const s = ind.scoring
        switch (input.kind) {
          case 'ratio':
            answers[ind.id] =
              'profile' in input.denominator
                ? { numerator: p[input.denominator.profile] ?? 0 }
                : { numerator: 10, denominator: 10 }
            break
          case 'count': {
            const best = s.kind === 'steps' ? s.steps[0] : undefined
            answers[ind.id] = { count: best && 'atLeast' in best ? best.atLeast : 0 }
            break
          }
          case 'boolean':
            answers[ind.id] = { yes: true }
            break
          case 'choice': {
            const points = s.kind === 'choice' ? s.points : {}
            const top = Object.entries(points).sort((a, b) => b[1] - a[1])[0]
            answers[ind.id] = { choice: top?.[0] ?? input.options[0]!.id }
            break
          }
        }
      }
  return answers
}
