import { Rubric } from './schema'
import { flattenIndicators, indicatorMax } from './walk'

export type RubricProblem = { path: string; message: string }

export type RubricValidation = { ok: true; rubric: Rubric } | { ok: false; problems: RubricProblem[] }

/*
 * Checks a rubric before it may score anything. A province uploads its rubric as JSON once a year; it must see
 * every problem at once (not one per upload), each with where it is.
 */
export function validateRubric(input: unknown): RubricValidation {
  const parsed = Rubric.safeParse(input)
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
    }
  const problems = crossCheck(parsed.data)
  return problems.length === 0 ? { ok: true, rubric: parsed.data } : { ok: false, problems }
}

function crossCheck(rubric: Rubric): RubricProblem[] {
  const problems: RubricProblem[] = []
  const add = (path: string, message: string) => problems.push({ path, message })

  const factIds = new Set<string>()
  rubric.profile.forEach((fact, i) => {
    if (factIds.has(fact.id)) add(`profile.${i}.id`, `duplicate profile fact id "${fact.id}"`)
    factIds.add(fact.id)
  })
  // The roster section (issue 13): its operators, and the facts derived from the roster.
  const operatorIds = new Set<string>()
  rubric.roster?.operators.forEach((op, i) => {
    if (operatorIds.has(op.id)) add(`roster.operators.${i}.id`, `duplicate operator id "${op.id}"`)
    operatorIds.add(op.id)
  })
  const derivedFrom = new Map<string, string>()
  rubric.profile.forEach((fact, i) => {
    if (fact.fromRoster === undefined) return
    if (!rubric.roster) add(`profile.${i}.fromRoster`, `"${fact.id}" is derived from the village roster, but the rubric has no "roster" section`)
    const first = derivedFrom.get(fact.fromRoster)
    if (first !== undefined) add(`profile.${i}.fromRoster`, `"${fact.id}" and "${first}" are both the roster's ${fact.fromRoster}`)
    else derivedFrom.set(fact.fromRoster, fact.id)
  })
  rubric.profile.forEach((fact, i) => {
    if (fact.atMost === undefined) return
    if (fact.atMost === fact.id) add(`profile.${i}.atMost`, `"${fact.id}" cannot be bounded by itself`)
    else if (!factIds.has(fact.atMost)) add(`profile.${i}.atMost`, `atMost names unknown profile fact "${fact.atMost}"`)
  })

  const seen = new Map<string, string>()
  const claim = (id: string, path: string) => {
    const first = seen.get(id)
    if (first !== undefined) add(path, `duplicate id "${id}" (also at ${first})`)
    else seen.set(id, path)
  }
  rubric.pillars.forEach((pillar, p) => {
    claim(pillar.id, `pillars.${p}.id`)
    pillar.groups.forEach((group, g) => {
      claim(group.id, `pillars.${p}.groups.${g}.id`)
      group.indicators.forEach((indicator, i) => {
        const path = `pillars.${p}.groups.${g}.indicators.${i}`
        claim(indicator.id, `${path}.id`)
        checkIndicator(indicator, path, factIds, add)
        checkRosterInput(rubric, indicator, path, operatorIds, add)
      })
    })
  })

  const maxTotal = flattenIndicators(rubric).reduce((sum, f) => sum + indicatorMax(f.indicator), 0)
  if (rubric.recognition.minTotal > maxTotal)
    add('recognition.minTotal', `minTotal ${rubric.recognition.minTotal} exceeds the rubric's maximum ${maxTotal}`)
  return problems
}

function checkIndicator(
  indicator: Rubric['pillars'][number]['groups'][number]['indicators'][number],
  path: string,
  factIds: Set<string>,
  add: (path: string, message: string) => void,
) {
  const { input, scoring } = indicator
  const compatible: Record<typeof input.kind, (typeof scoring.kind)[]> = {
    ratio: ['ratio', 'steps'],
    count: ['ratio', 'steps'],
    boolean: ['boolean'],
    choice: ['choice'],
    // A derived count is scored by steps ("≤ 0 villages without 4G"); a share by a target ratio or by steps on it.
    roster: input.kind === 'roster' && input.measure === 'count' ? ['steps'] : ['ratio', 'steps'],
  }
  if (!compatible[input.kind].includes(scoring.kind))
    add(`${path}.scoring.kind`, `${indicator.id}: "${scoring.kind}" scoring cannot score a "${input.kind}" input`)

  if (input.kind === 'ratio' && 'profile' in input.denominator && !factIds.has(input.denominator.profile))
    add(`${path}.input.denominator.profile`, `${indicator.id}: unknown profile fact "${input.denominator.profile}"`)
  if (input.kind === 'count' && input.max && !factIds.has(input.max.profile))
    add(`${path}.input.max.profile`, `${indicator.id}: unknown profile fact "${input.max.profile}"`)
  if (indicator.whenDenominatorZero && input.kind !== 'ratio')
    add(`${path}.whenDenominatorZero`, `${indicator.id}: whenDenominatorZero applies to ratio inputs only`)

  if (input.kind === 'choice') {
    const optionIds = new Set<string>()
    input.options.forEach((o, i) => {
      if (optionIds.has(o.id)) add(`${path}.input.options.${i}.id`, `${indicator.id}: duplicate option "${o.id}"`)
      optionIds.add(o.id)
    })
    if (scoring.kind === 'choice') {
      for (const id of optionIds)
        if (!(id in scoring.points)) add(`${path}.scoring.points`, `${indicator.id}: no points for option "${id}"`)
      for (const id of Object.keys(scoring.points))
        if (!optionIds.has(id)) add(`${path}.scoring.points.${id}`, `${indicator.id}: points for unknown option "${id}"`)
    }
  }
  if (scoring.kind === 'steps' && scoring.steps.every((s) => s.points === 0))
    add(`${path}.scoring.steps`, `${indicator.id}: no step gives any points`)
  if (scoring.kind !== 'steps' && indicatorMax(indicator) === 0)
    add(`${path}.scoring`, `${indicator.id}: the indicator can earn no points`)
}

function checkRosterInput(
  rubric: Rubric,
  indicator: Rubric['pillars'][number]['groups'][number]['indicators'][number],
  path: string,
  operatorIds: Set<string>,
  add: (path: string, message: string) => void,
) {
  const input = indicator.input
  if (input.kind !== 'roster') return
  if (!rubric.roster) add(`${path}.input`, `${indicator.id}: a "roster" input needs the rubric's "roster" section (its operators)`)
  input.where.forEach((cond, k) => {
    if (cond.test === 'coverage' && cond.operator !== undefined && rubric.roster && !operatorIds.has(cond.operator))
      add(`${path}.input.where.${k}.operator`, `${indicator.id}: unknown operator "${cond.operator}" (not in roster.operators)`)
  })
}
