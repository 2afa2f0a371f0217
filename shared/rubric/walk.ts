import type { Indicator, Rubric } from './schema'

export type FlatIndicator = { indicator: Indicator; pillarId: string; groupId: string }

/** Indicators in the order the rubric lists them (the order officers see them). */
export function flattenIndicators(rubric: Rubric): FlatIndicator[] {
  const out: FlatIndicator[] = []
  for (const pillar of rubric.pillars)
    for (const group of pillar.groups)
      for (const indicator of group.indicators) out.push({ indicator, pillarId: pillar.id, groupId: group.id })
  return out
}

/** The largest points an indicator can earn; it is met when it earns exactly this. */
const maxCache = new WeakMap<Indicator, number>()

export function indicatorMax(indicator: Indicator): number {
  let max = maxCache.get(indicator)
  if (max === undefined) {
    max = computeMax(indicator)
    maxCache.set(indicator, max)
  }
  return max
}

function computeMax(indicator: Indicator): number {
  const s = indicator.scoring
  switch (s.kind) {
    case 'ratio':
    case 'boolean':
      return s.points
    case 'steps':
      return Math.max(0, ...s.steps.map((step) => step.points))
    case 'choice':
      return Math.max(0, ...Object.values(s.points))
  }
}

/** Lookup tables built once per rubric; scoring runs per keystroke in the browser and per request on the server. */
export type RubricIndex = {
  flat: FlatIndicator[]
  /** pillarOf[i] is the position in rubric.pillars of flat[i]'s pillar */
  pillarOf: number[]
  indicators: Map<string, FlatIndicator>
  facts: Map<string, Rubric['profile'][number]>
}

const indexCache = new WeakMap<Rubric, RubricIndex>()

export function indexRubric(rubric: Rubric): RubricIndex {
  let index = indexCache.get(rubric)
  if (!index) {
    const flat = flattenIndicators(rubric)
    index = {
      flat,
      pillarOf: flat.map((f) => rubric.pillars.findIndex((p) => p.id === f.pillarId)),
      indicators: new Map(flat.map((f) => [f.indicator.id, f])),
      facts: new Map(rubric.profile.map((f) => [f.id, f])),
    }
    indexCache.set(rubric, index)
  }
  return index
}
