import { round2 } from '../round'
import type { Indicator, Rubric } from './schema'
import { flattenIndicators, indicatorMax, type FlatIndicator } from './walk'

/*
 * A rubric compiled once into flat arrays, indexed by the indicator's position in rubric order. Scoring a
 * form is then a loop over typed arrays (shared/scoring-core.ts) instead of a walk over nested objects with a
 * switch on strings per indicator: the browser scores on every keystroke, the server on every request, the
 * exports and the dashboard thousands of forms at once, all through this one core.
 */

// Const enums: the bundlers (esbuild) write their numbers inline, where a plain module constant is a lookup at
// every use in the scoring loop.
/** How an indicator's answer is read. */
export const enum Input {
  RatioProfile = 0,
  RatioLabel = 1,
  Count = 2,
  Boolean = 3,
  Choice = 4,
}

/** How an indicator is scored. */
export const enum Scoring {
  Ratio = 0,
  Steps = 1,
  Boolean = 2,
  Choice = 3,
}

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
  scratchSums: Float64Array
  /** n NaNs, an array V8 stores as doubles: copied for the points and values of a full score */
  doubles: number[]
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
  /**
   * The same as a position in factIds (factIds.length: none, a slot that stays Infinity, no bound): scoring
   * reads each fact once per form into factValue (scratch, overwritten by the next call) rather than looking it
   * up once per indicator.
   */
  factOf: Int32Array
  factIds: string[]
  /** 1 where a fact id names a member of Object.prototype */
  protoFactId: Uint8Array
  factValue: Float64Array
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
  /**
   * Points that do not depend on the measured value, rounded once here rather than on every scoring: the
   * maximum (a zero denominator's full points), a yes's points, each step's points, and per option of a choice
   * its points (0 for an option the scoring does not pay, or where the scoring is not by choice).
   */
  maxRounded: Float64Array
  pointsRounded: Float64Array
  stepPointsRounded: Float64Array
  optionPoints: (Map<string, number> | undefined)[]
}

const cache = new WeakMap<Rubric, CompiledRubric>()
// The rubric scored last: a server, a page or an export scores one rubric over and over, and this spares the
// WeakMap's lookup on every call.
let last: CompiledRubric | undefined

/** The compiled form of a rubric, built on first use and kept as long as the rubric object lives. */
export function compileRubric(rubric: Rubric): CompiledRubric {
  if (last !== undefined && last.rubric === rubric) return last
  let c = cache.get(rubric)
  if (!c) {
    c = build(rubric)
    cache.set(rubric, c)
  }
  last = c
  return c
}

/**
 * The same string as a property key: V8 keeps one copy of each key and looks keys up by that copy, so ids read
 * from a stored rubric (JSON values, not keys) would otherwise be matched to it again on every lookup.
 */
const asKey = (s: string): string => Object.keys({ [s]: 0 })[0]!

function build(rubric: Rubric): CompiledRubric {
  const flat = flattenIndicators(rubric)
  const n = flat.length
  const pillarIds = rubric.pillars.map((p) => p.id)
  const pillarIndex = new Map(pillarIds.map((id, i) => [id, i]))
  const c: CompiledRubric = {
    rubric,
    size: n,
    flat,
    ids: flat.map((f) => asKey(f.indicator.id)),
    pillarOf: new Int32Array(n),
    pillarIds,
    pillarMaxRaw: new Float64Array(pillarIds.length),
    pillarMax: new Float64Array(pillarIds.length),
    pillarMin: new Float64Array(pillarIds.length),
    maxTotal: 0,
    scratchPillars: new Array<number>(pillarIds.length).fill(0),
    scratchSums: new Float64Array(pillarIds.length),
    doubles: [],
    protoName: new Uint8Array(n),
    protoFact: new Uint8Array(n),
    input: new Uint8Array(n),
    scoring: new Uint8Array(n),
    max: new Float64Array(n),
    mandatory: new Uint8Array(n),
    zeroFull: new Uint8Array(n),
    fact: new Array<string | undefined>(n),
    factOf: new Int32Array(n).fill(-1),
    factIds: [],
    protoFactId: new Uint8Array(0),
    factValue: new Float64Array(0),
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
    maxRounded: new Float64Array(n),
    pointsRounded: new Float64Array(n),
    stepPointsRounded: new Float64Array(0),
    optionPoints: new Array<Map<string, number> | undefined>(n),
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
        c.input[i] = Input.RatioProfile
        c.fact[i] = input.denominator.profile
      } else c.input[i] = Input.RatioLabel
    } else if (input.kind === 'count') {
      c.input[i] = Input.Count
      c.fact[i] = input.max?.profile
    } else if (input.kind === 'boolean') c.input[i] = Input.Boolean
    else if (input.kind === 'roster') {
      // Derived from the roster (shared/roster-derive.ts) into the answer a typed count or ratio would have.
      c.input[i] = input.measure === 'count' ? Input.Count : Input.RatioLabel
      c.derives = true
    } else {
      c.input[i] = Input.Choice
      c.options[i] = new Set(input.options.map((o) => o.id))
    }
    const s = indicator.scoring
    c.stepStart[i] = bounds.length
    switch (s.kind) {
      case 'ratio':
        c.scoring[i] = Scoring.Ratio
        c.target[i] = s.target
        c.points[i] = s.points
        break
      case 'steps':
        c.scoring[i] = Scoring.Steps
        for (const st of s.steps) {
          const isAtLeast = 'atLeast' in st
          bounds.push(isAtLeast ? st.atLeast : st.atMost)
          atLeast.push(isAtLeast ? 1 : 0)
          stepPoints.push(st.points)
        }
        break
      case 'boolean':
        c.scoring[i] = Scoring.Boolean
        c.points[i] = s.points
        break
      case 'choice':
        c.scoring[i] = Scoring.Choice
        c.choice[i] = new Map(Object.entries(s.points))
        break
    }
  }
  for (let i = 0; i < n; i++) c.doubles.push(NaN)
  c.stepStart[n] = bounds.length
  let maxTotal = 0
  for (let p = 0; p < pillarIds.length; p++) {
    const max = round2(c.pillarMaxRaw[p]!)
    c.pillarMax[p] = max
    c.pillarMin[p] = round2(c.share * max)
    maxTotal += max
  }
  c.maxTotal = round2(maxTotal)
  const factIndex = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    c.protoName[i] = c.ids[i]! in Object.prototype ? 1 : 0
    const fact = c.fact[i]
    c.protoFact[i] = fact !== undefined && fact in Object.prototype ? 1 : 0
    if (fact === undefined) continue
    if (!factIndex.has(fact)) factIndex.set(fact, factIndex.size)
    c.factOf[i] = factIndex.get(fact)!
  }
  c.factIds = [...factIndex.keys()].map(asKey)
  c.protoFactId = Uint8Array.from(c.factIds, (f) => (f in Object.prototype ? 1 : 0))
  for (let i = 0; i < n; i++) if (c.fact[i] === undefined) c.factOf[i] = c.factIds.length
  c.factValue = new Float64Array(c.factIds.length + 1)
  c.factValue[c.factIds.length] = Infinity
  c.stepBound = Float64Array.from(bounds)
  c.stepAtLeast = Uint8Array.from(atLeast)
  c.stepPoints = Float64Array.from(stepPoints)
  c.stepPointsRounded = Float64Array.from(stepPoints, round2)
  for (let i = 0; i < n; i++) {
    c.maxRounded[i] = round2(c.max[i]!)
    c.pointsRounded[i] = round2(c.points[i]!)
    const options = c.options[i]
    if (options) c.optionPoints[i] = new Map([...options].map((o) => [o, c.scoring[i] === Scoring.Choice ? round2(c.choice[i]!.get(o) ?? 0) : 0]))
  }
  return c
}

/** Unrounded points of indicator i for a measured value (a ratio or a count). */
export function rawValuePoints(c: CompiledRubric, i: number, value: number): number {
  switch (c.scoring[i]) {
    case Scoring.Ratio: {
      const x = value / c.target[i]!
      return c.points[i]! * (x < 1 ? x : 1)
    }
    case Scoring.Steps: {
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

/**
 * Unrounded points for a measured value (a ratio or a count), straight from the rubric's objects; boolean and
 * choice scoring give nothing for a number. "What would meet it" asks this of many numerators in a row.
 */
export function rawPointsForValue(indicator: Indicator, value: number): number {
  const s = indicator.scoring
  if (s.kind === 'ratio') return s.points * Math.min(1, value / s.target)
  if (s.kind === 'steps') {
    for (const st of s.steps) if ('atLeast' in st ? value >= st.atLeast : value <= st.atMost) return st.points
  }
  return 0
}

/** Unrounded points for a measured figure, straight from the rubric's objects (RUBRIC-FORMAT.md "Scoring"). */
function rawPoints(indicator: Indicator, m: Measured): number {
  const s = indicator.scoring
  if (m.kind === 'fullPoints') return indicatorMax(indicator)
  switch (s.kind) {
    case 'ratio':
    case 'steps':
      return m.kind === 'value' ? rawPointsForValue(indicator, m.value) : 0
    case 'boolean':
      return m.kind === 'yes' && m.yes ? s.points : 0
    case 'choice':
      return m.kind === 'choice' && Object.hasOwn(s.points, m.choice) ? s.points[m.choice]! : 0
  }
}

export const pointsFor = (indicator: Indicator, m: Measured): number => round2(rawPoints(indicator, m))
