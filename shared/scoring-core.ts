import type { Answer, Answers, Profile } from './assessment'
import { ownValue } from './own'
import { round2 } from './round'
import { compileRubric, Input, rawValuePoints, Scoring, type CompiledRubric } from './rubric/compile'
import type { Rubric } from './rubric/schema'
import { withRosterAnswers, type ScoredDoc } from './roster-derive'
import type { ScoreSummary } from './score-types'
import { validateAnswer } from './validation'

/*
 * The one scoring core (RUBRIC-FORMAT.md "Scoring an indicator", "Recognition"): points per indicator, pillar
 * and total sums, and the verdict's yes/no, over a compiled rubric, without building a message. Everything that
 * scores goes through it: the full Score of shared/scoring.ts adds records and words around its figures; a save,
 * the queue, the dashboard and the exports need only the figures.
 */

/** An indicator's outcome in CoreScore.status. */
export const enum Status {
  Missing = 0,
  Invalid = 1,
  Scored = 2,
}

export type CoreScore = {
  compiled: CompiledRubric
  // Plain arrays, not typed ones: a typed array of 42 doubles has its own off-heap buffer, and allocating three
  // of them per form made the garbage collector most of the cost of scoring.
  status: number[]
  /** rounded points per indicator */
  points: number[]
  /** the measured value (ratio or count); NaN when there is none (missing, invalid, yes/no, choice, 0/0) */
  value: number[]
  /** per pillar: rounded points (without detail, a scratch array the next call overwrites), rounded maximum, the minimum required */
  pillarPoints: number[]
  pillarMax: Float64Array
  pillarMin: Float64Array
  total: number
  maxTotal: number
  missing: number
  invalid: number
  /** a mandatory indicator is unmet (and the rubric requires them met) */
  mandatoryFails: boolean
  eligible: boolean
  /** the figures scored: the doc itself, or with the answers derived from its roster put in (issue 13) */
  doc: { profile: Profile; answers: Answers }
}

export { ownValue }

const NONE: number[] = []

/** The answer of indicator i among the figures scored (an id that Object.prototype also has: own property only). */
export function answerAt(core: CoreScore, i: number): Answer | undefined {
  const c = core.compiled
  return (c.protoName[i] === 0 ? core.doc.answers[c.ids[i]!] : ownValue(core.doc.answers, c.ids[i])) as Answer | undefined
}

// What indicatorPoints() found besides the points: scoring is synchronous, so the loops read these right after
// the call instead of receiving an object per indicator. The value sits in a Float64Array: a double written to
// a plain variable is boxed, one allocation per ratio scored.
let outStatus = Status.Scored
const out = new Float64Array(1)

/**
 * Scores a form. With `detail` (the default) it also keeps each indicator's status, points and value, which the
 * full Score is built from; without, nothing per indicator is kept (scoreSummary is the lean form of that).
 */
export function scoreCore(rubric: Rubric, doc: ScoredDoc, detail = true): CoreScore {
  const c = compileRubric(rubric)
  // Answers derived from the village roster go in first, as if typed: the loop below never knows the difference.
  if (c.derives) doc = withRosterAnswers(rubric, doc)
  const n = c.size
  const status = detail ? new Array<number>(n).fill(0) : NONE
  // Copies of an array of doubles: one allocation each, where an array of small integers filled with doubles
  // is allocated again when its first double goes in.
  const points = detail ? c.doubles.slice() : NONE
  const value = detail ? c.doubles.slice() : NONE
  // Without detail nothing of the result outlives the call but its totals: the pillar sums go to a scratch array
  // of the compiled rubric (scoring is synchronous, so no two calls ever share it at once).
  const pillarPoints = detail ? new Array<number>(c.pillarIds.length).fill(0) : c.scratchPillars.fill(0)
  const { profile, answers } = doc
  readFacts(c, profile)
  const ids = c.ids
  const protoName = c.protoName
  let missing = 0
  let invalid = 0
  let mandatoryFails = false
  for (let i = 0; i < n; i++) {
    // Ids that Object.prototype also has are looked up as own properties; the others need only one lookup.
    const a = (protoName[i] === 0 ? answers[ids[i]!] : ownValue(answers, ids[i])) as Answer | undefined
    out[0] = NaN
    outStatus = a === undefined ? Status.Missing : Status.Scored
    const pts = a === undefined ? 0 : indicatorPoints(c, i, a, profile)
    const st = outStatus as Status
    if (st === Status.Missing) missing++
    else if (st === Status.Invalid) invalid++
    if (detail) {
      status[i] = st
      points[i] = pts
      value[i] = out[0]!
    }
    pillarPoints[c.pillarOf[i]!]! += pts
    // Met: scored at its maximum (a missing or invalid answer is never met, even where the maximum is 0).
    if (c.mandatory[i] !== 0 && !(st === Status.Scored && pts >= c.max[i]!)) mandatoryFails = true
  }
  let total = 0
  let pillarsOk = true
  for (let p = 0; p < pillarPoints.length; p++) {
    const pts = round2(pillarPoints[p]!)
    pillarPoints[p] = pts
    if (!(pts >= c.pillarMin[p]!)) pillarsOk = false
    total += pts
  }
  total = round2(total)
  mandatoryFails = c.mandatoryMustBeMet && mandatoryFails
  const eligible = total >= c.minTotal && pillarsOk && !mandatoryFails
  return {
    compiled: c,
    status,
    points,
    value,
    pillarPoints,
    pillarMax: c.pillarMax,
    pillarMin: c.pillarMin,
    total,
    maxTotal: c.maxTotal,
    missing,
    invalid,
    mandatoryFails,
    eligible,
    doc,
  }
}

/**
 * What a save, the queue and the dashboard need: total, maximum, verdict, counts. No record, no message, and
 * nothing allocated but the answer: the same per-indicator rule as scoreCore (indicatorPoints), in a loop of its
 * own so that the full score's detail never reaches it.
 */
export function scoreSummary(rubric: Rubric, doc: ScoredDoc): ScoreSummary {
  const c = compileRubric(rubric)
  if (c.derives) doc = withRosterAnswers(rubric, doc)
  const profile = doc.profile
  const answers = doc.answers
  readFacts(c, profile)
  const n = c.size
  const ids = c.ids
  const protoName = c.protoName
  const pillarOf = c.pillarOf
  const mandatory = c.mandatory
  const max = c.max
  const pillarPoints = c.scratchSums
  pillarPoints.fill(0)
  let missing = 0
  let invalid = 0
  let mandatoryFails = false
  for (let i = 0; i < n; i++) {
    const a = (protoName[i] === 0 ? answers[ids[i]!] : ownValue(answers, ids[i])) as Answer | undefined
    if (a === undefined) {
      missing++
      if (mandatory[i] !== 0) mandatoryFails = true
      continue
    }
    outStatus = Status.Scored
    const pts = indicatorPoints(c, i, a, profile)
    const st = outStatus as Status
    if (st !== Status.Scored) {
      if (st === Status.Missing) missing++
      else invalid++
      if (mandatory[i] !== 0) mandatoryFails = true
    } else if (mandatory[i] !== 0 && !(pts >= max[i]!)) mandatoryFails = true
    pillarPoints[pillarOf[i]!]! += pts
  }
  let total = 0
  let pillarsOk = true
  const pillarMin = c.pillarMin
  for (let p = 0; p < pillarPoints.length; p++) {
    const pts = round2(pillarPoints[p]!)
    if (!(pts >= pillarMin[p]!)) pillarsOk = false
    total += pts
  }
  total = round2(total)
  const eligible = total >= c.minTotal && pillarsOk && !(c.mandatoryMustBeMet && mandatoryFails)
  return { total, maxTotal: c.maxTotal, eligible, missing, invalid }
}

/**
 * Each profile fact an indicator reads (c.factIds), read once per form rather than once per indicator. NaN where
 * the quick path cannot use it (absent, not a number, NaN): those indicators are measured as before, from the
 * profile itself. The last slot, a count without a bound, stays Infinity.
 */
function readFacts(c: CompiledRubric, profile: Profile): void {
  const ids = c.factIds
  const values = c.factValue
  for (let f = 0; f < ids.length; f++) {
    const v: unknown = c.protoFactId[f] === 0 ? profile[ids[f]!] : ownValue(profile, ids[f])
    values[f] = typeof v === 'number' ? v : NaN
  }
}

/**
 * Rounded points of indicator i for an answer `a` (undefined is the caller's: missing). The caller sets outStatus
 * to Scored; any other status is put there, and a measured value (a ratio or
 * a count) to out[0] (left as it was otherwise: the caller that keeps values resets it). Only the norm is
 * scored here: the well-formed, valid answer of the indicator's shape (whole numbers below 2^32, a profile fact
 * that is a number). Everything else, errors included, takes slowPoints, the rules as they were. Kept under V8's
 * inlining limit (460 bytes of bytecode), so that it costs no call in the loops.
 */
function indicatorPoints(c: CompiledRubric, i: number, a: Answer, profile: Profile): number {
  if (typeof a === 'object' && a !== null) {
    const r = a as Record<string, unknown>
    const kind = c.input[i]
    if (kind === Input.RatioProfile) {
      const num = r.numerator
      const f = c.factOf[i]!
      if (typeof num === 'number' && num >>> 0 === num && r.denominator === undefined) {
        // den NaN (no usable fact) fails num <= den
        const den = c.factValue[f]!
        if (num <= den && den !== 0) return ratioPoints(c, i, num / den)
      }
    } else if (kind === Input.RatioLabel) {
      const num = r.numerator
      const den = r.denominator
      if (typeof num === 'number' && typeof den === 'number' && num >>> 0 === num && den >>> 0 === den && num <= den && den !== 0)
        return ratioPoints(c, i, num / den)
    } else if (kind === Input.Count) {
      const count = r.count
      const f = c.factOf[i]!
      // within its bound (Infinity where there is none; NaN, a fact not usable here, fails)
      if (typeof count === 'number' && count >>> 0 === count && count <= c.factValue[f]!)
        return ratioPoints(c, i, count)
    } else if (kind === Input.Boolean) {
      const yes = r.yes
      if (typeof yes === 'boolean') return yes && c.scoring[i] === Scoring.Boolean ? c.pointsRounded[i]! : 0
    } else {
      const choice = r.choice
      if (typeof choice === 'string') {
        const pts = c.optionPoints[i]!.get(choice)
        if (pts !== undefined) return pts
      }
    }
  }
  return slowPoints(c, i, a, profile)
}

/** Points for a measured value (a valid ratio or count), which is kept in out[0]. */
function ratioPoints(c: CompiledRubric, i: number, v: number): number {
  out[0] = v
  return valuePoints(c, i, v)
}

/** indicatorPoints for anything but the norm: as the core always scored it (quickMeasure, then measure). */
function slowPoints(c: CompiledRubric, i: number, a: Answer, profile: Profile): number {
  const m = quickMeasure(c, i, a, profile)
  if (m >= 0) {
    out[0] = m
    return valuePoints(c, i, m)
  }
  if (m === INVALID) {
    outStatus = Status.Invalid
    return 0
  }
  if (m === YES) return c.pointsRounded[i]!
  if (m === NO) return 0
  if (m === FULL) return c.maxRounded[i]!
  if (m === CHOSEN) return c.optionPoints[i]!.get((a as { choice: string }).choice)!
  // Cleared to "no answer yet" (its note or denominator kept) is unanswered, like no answer at all. Asked
  // only here: a "no answer yet" has no value field (Answer's shapes are strict), so it never reaches the
  // lines above, and the common case does not pay for a lookup of a key it never has.
  if ('noAnswer' in a) {
    outStatus = Status.Missing
    return 0
  }
  // Anything else (a wrong shape, a fraction, a negative…) as before: measure() and its zod parse.
  const slow = measure(c, i, a, profile, c.rubric)
  if (slow === INVALID) {
    outStatus = Status.Invalid
    return 0
  }
  if (slow >= 0) {
    out[0] = slow
    return valuePoints(c, i, slow)
  }
  return slow === FULL ? c.maxRounded[i]! : slow === YES ? c.pointsRounded[i]! : slow === CHOSEN ? chosenPoints(c, i, a) : 0
}

// measure() answers a value ≥ 0, or one of these markers.
const INVALID = -1
const FULL = -2
const YES = -3
const NO = -4
const CHOSEN = -5
/** quickMeasure() could not tell: the answer is not the well-formed shape of its indicator, measure() decides. */
const SLOW = -6

/** Rounded points for a measured value: a ratio's share of its points, or the step it reaches. */
function valuePoints(c: CompiledRubric, i: number, value: number): number {
  const scoring = c.scoring[i]
  // rawValuePoints' ratio rule, inline: the most common scoring by far.
  if (scoring === Scoring.Ratio) {
    const x = value / c.target[i]!
    return round2(c.points[i]! * (x < 1 ? x : 1))
  }
  if (scoring === Scoring.Steps) {
    for (let k = c.stepStart[i]!, end = c.stepStart[i + 1]!; k < end; k++)
      if (c.stepAtLeast[k] ? value >= c.stepBound[k]! : value <= c.stepBound[k]!) return c.stepPointsRounded[k]!
    return 0
  }
  return round2(rawValuePoints(c, i, value))
}

/**
 * measure() for a well-formed answer of the indicator's shape, each field read once; SLOW for anything else
 * (a wrong shape, a fraction, a negative, a denominator where the profile gives it), which measure() and its
 * zod parse decide exactly as before.
 */
function quickMeasure(c: CompiledRubric, i: number, a: Answer, profile: Profile): number {
  if (typeof a !== 'object' || a === null) return INVALID
  const r = a as Record<string, unknown>
  switch (c.input[i]) {
    case Input.RatioProfile: {
      const num = r.numerator
      if (typeof num !== 'number' || !isWholeNumber(num) || r.denominator !== undefined) return SLOW
      const den = c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      if (den === undefined || num > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return num / den
    }
    case Input.RatioLabel: {
      const num = r.numerator
      const den = r.denominator
      if (typeof num !== 'number' || typeof den !== 'number' || !isWholeNumber(num) || !isWholeNumber(den)) return SLOW
      if (num > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return num / den
    }
    case Input.Count: {
      const count = r.count
      if (typeof count !== 'number' || !isWholeNumber(count)) return SLOW
      const bound = c.fact[i] === undefined ? undefined : c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      return bound !== undefined && count > bound ? INVALID : count
    }
    case Input.Boolean: {
      const yes = r.yes
      if (typeof yes !== 'boolean') return SLOW
      return c.scoring[i] === Scoring.Boolean && yes ? YES : NO
    }
    default: {
      const choice = r.choice
      if (typeof choice !== 'string') return SLOW
      return c.optionPoints[i]!.has(choice) ? CHOSEN : INVALID
    }
  }
}

// `n >>> 0 === n` answers for every whole number below 2^32 in one operation; the rest take the full check.
const isWholeNumber = (n: number): boolean => n >>> 0 === n || (n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n)

/**
 * The measured value of answer `a` to indicator i, or a marker. The rules are those of validation.ts's
 * answerBoundIssues (an answer it finds an issue with is INVALID), checked inline because valid answers are
 * the norm; a malformed answer goes through validateAnswer's zod parse, as before.
 */
function measure(c: CompiledRubric, i: number, a: Answer, profile: Profile, rubric: Rubric): number {
  if (typeof a !== 'object' || a === null) return INVALID
  const kind = c.input[i]
  // The common case first: a well-formed answer of the indicator's shape (whole numbers, the right keys).
  // Anything else takes validateAnswer's zod parse, which names what is wrong, as before.
  if (!wellFormed(kind!, a) && validateAnswer(rubric, c.ids[i]!, a, profile).length > 0) return INVALID
  switch (kind) {
    case Input.RatioProfile: {
      const r = a as { numerator: number; denominator?: number }
      if (r.denominator !== undefined) return INVALID
      const den = c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      if (den === undefined) return INVALID // needs the profile fact first
      if (r.numerator > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return r.numerator / den
    }
    case Input.RatioLabel: {
      const r = a as { numerator: number; denominator?: number }
      const den = r.denominator
      if (den === undefined || r.numerator > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return r.numerator / den
    }
    case Input.Count: {
      const count = (a as { count: number }).count
      const bound = c.fact[i] === undefined ? undefined : c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      if (bound !== undefined && count > bound) return INVALID
      return count
    }
    case Input.Boolean:
      return c.scoring[i] === Scoring.Boolean && (a as { yes: boolean }).yes ? YES : NO
    default: {
      const choice = (a as { choice: string }).choice
      if (!c.options[i]!.has(choice)) return INVALID
      return c.scoring[i] === Scoring.Choice ? CHOSEN : NO
    }
  }
}

function chosenPoints(c: CompiledRubric, i: number, a: Answer): number {
  return round2(c.choice[i]!.get((a as { choice: string }).choice) ?? 0)
}

const isWhole = (n: unknown): boolean => typeof n === 'number' && n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n

/**
 * Shape and whole-number check without zod (scoring runs per keystroke, and valid answers are the norm). A key
 * that is absent reads as undefined and fails the number check, so `in` is only needed where undefined passes.
 */
function wellFormed(kind: number, a: Answer): boolean {
  const r = a as Record<string, unknown>
  switch (kind) {
    case Input.RatioProfile:
    case Input.RatioLabel:
      return isWhole(r.numerator) && (r.denominator === undefined ? true : isWhole(r.denominator))
    case Input.Count:
      return isWhole(r.count)
    case Input.Boolean:
      return typeof r.yes === 'boolean'
    case Input.Choice:
      return typeof r.choice === 'string'
  }
  return false
}
