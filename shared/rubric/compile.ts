import { round2 } from '../round'
import type { Indicator, Rubric } from './schema'
import { flattenIndicators, indicatorMax, type FlatIndicator } from './walk'

/*
 * A rubric compiled once into flat arrays, indexed by the indicator's position in rubric order. Scoring a
 * form is then a loop over typed arrays (shared/scoring-core.ts) instead of a walk over nested objects with a
 * switch on strings per indicator: the browser scores on every keystroke, the server on every request, the
 * exports and the dashboard thousands of forms at once, all through this one core.
 */

export const INPUT_RATIO_PROFILE = 0
export const INPUT_RATIO_LABEL = 1
export const INPUT_COUNT = 2
export const INPUT_BOOLEAN = 3
export const INPUT_CHOICE = 4

export const SCORING_RATIO = 0
export const SCORING_STEPS = 1
export const SCORING_BOOLEAN = 2
export const SCORING_CHOICE = 3

export type CompiledRubric = {
  rubric: Rubric
  size: number
  flat: FlatIndicator[]
  ids: string[]
  /** position in rubric.pillars of each indicator's pillar */
  pillarOf: Int32Array
  pillarIds: string[]
  /** per pillar: the sum of its indicators' maxima in rubric order (unrounded, as scoring adds them) */
  pillarMaxRaw: Float64Array
  /** per pillar: that sum rounded, and the minimum the recognition asks of it; the rubric's maximum total */
  pillarMax: Float64Array
  pillarMin: Float64Array
  maxTotal: number
  /** pillar sums of a summary, reused from call to call (shared/scoring-core.ts) */
  scratchPillars: number[]
  /** 1 where an id names a member of Object.prototype (`constructor`…): looked up as an own property only */
  protoName: Uint8Array
  /** the same for the profile fact of `fact` */
  protoFact: Uint8Array
  input: Uint8Array
  scoring: Uint8Array
  max: Float64Array
  mandatory: Uint8Array
  zeroFull: Uint8Array
  /** the profile fact of a ratio's denominator, or of a count's bound */
  fact: (string | undefined)[]
  /** ratio scoring: target and points; boolean scoring: points */
  target: Float64Array
  points: Float64Array
  /** steps of indicator i are stepBound/stepAtLeast/stepPoints[stepStart[i] .. stepStart[i+1]) */
  stepStart: Int32Array
  stepBound: Float64Array
  stepAtLeast: Uint8Array
  stepPoints: Float64Array
  /** choice: points per option id (also the set of valid options) */
  choice: (Map<string, number> | undefined)[]
  options: (Set<string> | undefined)[]
  minTotal: number
  share: number
  mandatoryMustBeMet: boolean
  /** answers or facts are derived from the village roster (issue 13): scoring puts them in first */
  derives: boolean
}

const cache = new WeakMap<Rubric, CompiledRubric>()

/** The compiled form of a rubric, built on first use and kept as long as the rubric object lives. */
export function compileRubric(rubric: Rubric): CompiledRubric {
  let c = cache.get(rubric)
  if (!c) {
    c = build(rubric)
    cache.set(rubric, c)
  }
  return c
}

function build(rubric: Rubric): CompiledRubric {
  const flat = flattenIndicators(rubric)
  const n = flat.length
  const pillarIds = rubric.pillars.map((p) => p.id)
  const pillarIndex = new Map(pillarIds.map((id, i) => [id, i]))
  const c: CompiledRubric = {
    rubric,
    size: n,
    flat,
    ids: flat.map((f) => f.indicator.id),
    pillarOf: new Int32Array(n),
    pillarIds,
    pillarMaxRaw: new Float64Array(pillarIds.length),
    pillarMax: new Float64Array(pillarIds.length),
    pillarMin: new Float64Array(pillarIds.length),
    maxTotal: 0,
    scratchPillars: new Array<number>(pillarIds.length).fill(0),
    protoName: new Uint8Array(n),
    protoFact: new Uint8Array(n),
    input: new Uint8Array(n),
    scoring: new Uint8Array(n),
    max: new Float64Array(n),
    mandatory: new Uint8Array(n),
    zeroFull: new Uint8Array(n),
    fact: new Array<string | undefined>(n),
    target: new Float64Array(n),
    points: new Float64Array(n),
    stepStart: new Int32Array(n + 1),
    stepBound: new Float64Array(0),
    stepAtLeast: new Uint8Array(0),
    stepPoints: new Float64Array(0),
    choice: new Array<Map<string, number> | undefined>(n),
    options: new Array<Set<string> | undefined>(n),
    minTotal: rubric.recognition.minTotal,
    share: rubric.recognition.minPillarShare,
    mandatoryMustBeMet: rubric.recognition.mandatoryMustBeMet,
    derives: rubric.profile.some((f) => f.fromRoster !== undefined),
  }
  const bounds: number[] = []
  const atLeast: number[] = []
  const stepPoints: number[] = []
  for (let i = 0; i < n; i++) {
    const { indicator, pillarId } = flat[i]!
    const p = pillarIndex.get(pillarId)!
    c.pillarOf[i] = p
    const max = indicatorMax(indicator)
    c.max[i] = max
    c.pillarMaxRaw[p]! += max
    c.mandatory[i] = indicator.mandatory ? 1 : 0
    c.zeroFull[i] = indicator.whenDenominatorZero === 'fullPoints' ? 1 : 0
    const input = indicator.input
    if (input.kind === 'ratio') {
      if ('profile' in input.denominator) {
        c.input[i] = INPUT_RATIO_PROFILE
        c.fact[i] = input.denominator.profile
      } else c.input[i] = INPUT_RATIO_LABEL
    } else if (input.kind === 'count') {
      c.input[i] = INPUT_COUNT
      c.fact[i] = input.max?.profile
    } else if (input.kind === 'boolean') c.input[i] = INPUT_BOOLEAN
    else if (input.kind === 'roster') {
      // Derived from the roster (shared/roster-derive.ts) into the answer a typed count or ratio would have.
      c.input[i] = input.measure === 'count' ? INPUT_COUNT : INPUT_RATIO_LABEL
      c.derives = true
    } else {
      c.input[i] = INPUT_CHOICE
      c.options[i] = new Set(input.options.map((o) => o.id))
    }
    const s = indicator.scoring
    c.stepStart[i] = bounds.length
    switch (s.kind) {
      case 'ratio':
        c.scoring[i] = SCORING_RATIO
        c.target[i] = s.target
        c.points[i] = s.points
        break
      case 'steps':
        c.scoring[i] = SCORING_STEPS
        for (const st of s.steps) {
          const isAtLeast = 'atLeast' in st
          bounds.push(isAtLeast ? st.atLeast : st.atMost)
          atLeast.push(isAtLeast ? 1 : 0)
          stepPoints.push(st.points)
        }
        break
      case 'boolean':
        c.scoring[i] = SCORING_BOOLEAN
        c.points[i] = s.points
        break
      case 'choice':
        c.scoring[i] = SCORING_CHOICE
        c.choice[i] = new Map(Object.entries(s.points))
        break
    }
  }
  c.stepStart[n] = bounds.length
  let maxTotal = 0
  for (let p = 0; p < pillarIds.length; p++) {
    const max = round2(c.pillarMaxRaw[p]!)
    c.pillarMax[p] = max
    c.pillarMin[p] = round2(c.share * max)
    maxTotal += max
  }
  c.maxTotal = round2(maxTotal)
  for (let i = 0; i < n; i++) {
    c.protoName[i] = c.ids[i]! in Object.prototype ? 1 : 0
    c.protoFact[i] = c.fact[i] !== undefined && c.fact[i]! in Object.prototype ? 1 : 0
  }
  c.stepBound = Float64Array.from(bounds)
  c.stepAtLeast = Uint8Array.from(atLeast)
  c.stepPoints = Float64Array.from(stepPoints)
  return c
}

/** Unrounded points of indicator i for a measured value (a ratio or a count). */
export function rawValuePoints(c: CompiledRubric, i: number, value: number): number {
  switch (c.scoring[i]) {
    case SCORING_RATIO: {
      const x = value / c.target[i]!
      return c.points[i]! * (x < 1 ? x : 1)
    }
    case SCORING_STEPS: {
      for (let k = c.stepStart[i]!, end = c.stepStart[i + 1]!; k < end; k++)
        if (c.stepAtLeast[k] ? value >= c.stepBound[k]! : value <= c.stepBound[k]!) return c.stepPoints[k]!
      return 0
    }
    default:
      // boolean and choice scoring give nothing for a number (validateRubric refuses such a pairing anyway)
      return 0
  }
}

export type Measured =
  | { kind: 'fullPoints' }
  | { kind: 'value'; value: number; numerator?: number; denominator?: number }
  | { kind: 'yes'; yes: boolean }
  | { kind: 'choice'; choice: string }

/** Unrounded points for a measured figure, straight from the rubric's objects (RUBRIC-FORMAT.md "Scoring"). */
function rawPoints(indicator: Indicator, m: Measured): number {
  const s = indicator.scoring
  if (m.kind === 'fullPoints') return indicatorMax(indicator)
  switch (s.kind) {
    case 'ratio':
      return m.kind === 'value' ? s.points * Math.min(1, m.value / s.target) : 0
    case 'steps':
      if (m.kind !== 'value') return 0
      for (const st of s.steps) if ('atLeast' in st ? m.value >= st.atLeast : m.value <= st.atMost) return st.points
      return 0
    case 'boolean':
      return m.kind === 'yes' && m.yes ? s.points : 0
    case 'choice':
      return m.kind === 'choice' && Object.hasOwn(s.points, m.choice) ? s.points[m.choice]! : 0
  }
}

export const pointsFor = (indicator: Indicator, m: Measured): number => round2(rawPoints(indicator, m))
