import { describe, expect, it } from 'vitest'
import { Rubric } from '../../shared/rubric/schema'
import rubric2025Json from '../../shared/rubric/rubric-2025.json'
import { validateRubric } from '../../shared/rubric/validate'
import { clone, rubric } from './fixtures'

const problemsOf = (mutate: (r: any) => void) => {
  const r = clone(rubric) as any
  mutate(r)
  const v = validateRubric(r)
  if (v.ok) throw new Error('expected the rubric to be rejected')
  return v.problems
}

describe('validateRubric', () => {
  it('the shipped rubric is used as is (no parse at import): the schema parses it to exactly itself', () => {
    expect(rubric).toBe(rubric2025Json)
    expect(Rubric.parse(rubric2025Json)).toEqual(rubric2025Json)
  })

  it('accepts the shipped 2025 rubric: 4 pillars, 42 indicators, 8 mandatory, 1000 points', () => {
    const v = validateRubric(rubric)
    expect(v.ok).toBe(true)
    const indicators = rubric.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators))
    expect(rubric.pillars).toHaveLength(4)
    expect(indicators).toHaveLength(42)
    expect(indicators.filter((i) => i.mandatory)).toHaveLength(8)
  })

  it('lists every problem at once, each with its path', () => {
    const problems = problemsOf((r) => {
      r.pillars[0].groups[0].indicators[1].id = 'A1.1' // duplicate id
      r.pillars[0].groups[2].indicators[2].scoring.steps = [{ atMost: 0, points: 0 }] // steps with no points
      r.profile[1].atMost = 'citizens' // unknown fact
      delete r.pillars[0].groups[0].indicators[0].scoring.points.deputy // choice misses an option
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'pillars.0.groups.0.indicators.1.id', message: 'duplicate id "A1.1" (also at pillars.0.groups.0.indicators.0.id)' },
        { path: 'pillars.0.groups.2.indicators.2.scoring.steps', message: 'A3.3: no step gives any points' },
        { path: 'profile.1.atMost', message: 'atMost names unknown profile fact "citizens"' },
        { path: 'pillars.0.groups.0.indicators.0.scoring.points', message: 'A1.1: no points for option "deputy"' },
      ]),
    )
    expect(problems).toHaveLength(4)
  })

  it('rejects a typo in a key instead of ignoring it', () => {
    const problems = problemsOf((r) => {
      r.pillars[0].groups[0].indicators[2].mandatroy = true
    })
    expect(problems[0]?.path).toBe('pillars.0.groups.0.indicators.2')
    expect(problems[0]?.message).toMatch(/mandatroy/)
  })

  it.each([
    ['a ratio denominator naming an unknown fact', (r: any) => (r.pillars[0].groups[2].indicators[0].input.denominator.profile = 'homes'), 'unknown profile fact "homes"'],
    ['a count bounded by an unknown fact', (r: any) => (r.pillars[0].groups[2].indicators[2].input.max.profile = 'hamlets'), 'unknown profile fact "hamlets"'],
    ['points for an option that does not exist', (r: any) => (r.pillars[0].groups[0].indicators[0].scoring.points.mayor = 5), 'points for unknown option "mayor"'],
    ['scoring that cannot score its input', (r: any) => (r.pillars[0].groups[0].indicators[2].scoring = { kind: 'ratio', target: 1, points: 10 }), '"ratio" scoring cannot score a "boolean" input'],
    ['a minTotal above the maximum', (r: any) => (r.recognition.minTotal = 1200), 'minTotal 1200 exceeds'],
    ['a boolean worth nothing', (r: any) => (r.pillars[0].groups[0].indicators[2].scoring.points = 0), 'can earn no points'],
    ['whenDenominatorZero on a count', (r: any) => (r.pillars[0].groups[2].indicators[2].whenDenominatorZero = 'fullPoints'), 'ratio inputs only'],
    ['a duplicate profile fact', (r: any) => r.profile.push(clone(r.profile[0])), 'duplicate profile fact id "population"'],
  ])('rejects %s', (_name, mutate, text) => {
    const problems = problemsOf(mutate)
    expect(problems.map((p) => p.message).join('\n')).toContain(text)
  })

  it('rejects a non-object and names missing top-level fields', () => {
    const v = validateRubric({ id: 'x' })
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['year', 'pillars', 'recognition']))
    expect(validateRubric(null).ok).toBe(false)
  })
})
