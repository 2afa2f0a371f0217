import type { Answer, Answers, Profile } from './assessment'
import { ownValue } from './own'
import { round2 } from './round'
import {
  compileRubric,
  INPUT_BOOLEAN,
  INPUT_CHOICE,
  INPUT_COUNT,
  INPUT_RATIO_LABEL,
  INPUT_RATIO_PROFILE,
  rawValuePoints,
  SCORING_BOOLEAN,
  SCORING_CHOICE,
  type CompiledRubric,
} from './rubric/compile'
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

export const STATUS_MISSING = 0
export const STATUS_INVALID = 1
export const STATUS_SCORED = 2

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

/**
 * Scores a form. With `detail` (the default) it also keeps each indicator's status, points and value, which the
 * full Score is built from; without, nothing per indicator is kept (a save, the queue, the dashboard).
 */
export function scoreCore(rubric: Rubric, doc: ScoredDoc, detail = true): CoreScore {
  const c = compileRubric(rubric)
  // Answers derived from the village roster go in first, as if typed: the loop below never knows the difference.
  if (c.derives) doc = withRosterAnswers(rubric, doc)
  const n = c.size
  const status = detail ? new Array<number>(n).fill(0) : NONE
  const points = detail ? new Array<number>(n).fill(0) : NONE
  const value = detail ? new Array<number>(n).fill(0) : NONE
  // Without detail nothing of the result outlives the call but its totals: the pillar sums go to a scratch array
  // of the compiled rubric (scoring is synchronous, so no two calls ever share it at once).
  const pillarPoints = detail ? new Array<number>(c.pillarIds.length).fill(0) : c.scratchPillars.fill(0)
  const { profile, answers } = doc
  const ids = c.ids
  let missing = 0
  let invalid = 0
  let mandatoryFails = false
  for (let i = 0; i < n; i++) {
    // Ids that Object.prototype also has are looked up as own properties; the others need only one lookup.
    const a = (c.protoName[i] ? ownValue(answers, ids[i]) : answers[ids[i]!]) as Answer | undefined
    let pts = 0
    let st = STATUS_SCORED
    let v = NaN
    // Cleared to "no answer yet" (its note or denominator kept) is unanswered, like no answer at all.
    if (a === undefined || (typeof a === 'object' && a !== null && 'noAnswer' in a)) {
      st = STATUS_MISSING
      missing++
    } else {
      const m = measure(c, i, a, profile, rubric)
      if (m === INVALID) {
        st = STATUS_INVALID
        invalid++
      } else if (m >= 0) {
        v = m
        pts = round2(rawValuePoints(c, i, m))
      } else pts = m === FULL ? round2(c.max[i]!) : m === YES ? round2(c.points[i]!) : m === CHOSEN ? chosenPoints(c, i, a) : 0
    }
    if (detail) {
      status[i] = st
      points[i] = pts
      value[i] = v
    }
    pillarPoints[c.pillarOf[i]!]! += pts
    // Met: scored at its maximum (a missing or invalid answer is never met, even where the maximum is 0).
    if (c.mandatory[i] && !(st === STATUS_SCORED && pts >= c.max[i]!)) mandatoryFails = true
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

/** What a save, the queue and the dashboard need: total, maximum, verdict, counts. No record, no message. */
export function scoreSummary(rubric: Rubric, doc: ScoredDoc): ScoreSummary {
  const s = scoreCore(rubric, doc, false)
  return { total: s.total, maxTotal: s.maxTotal, eligible: s.eligible, missing: s.missing, invalid: s.invalid }
}

// measure() answers a value ≥ 0, or one of these markers.
const INVALID = -1
const FULL = -2
const YES = -3
const NO = -4
const CHOSEN = -5

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
    case INPUT_RATIO_PROFILE: {
      const r = a as { numerator: number; denominator?: number }
      if (r.denominator !== undefined) return INVALID
      const den = c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      if (den === undefined) return INVALID // needs the profile fact first
      if (r.numerator > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return r.numerator / den
    }
    case INPUT_RATIO_LABEL: {
      const r = a as { numerator: number; denominator?: number }
      const den = r.denominator
      if (den === undefined || r.numerator > den) return INVALID
      if (den === 0) return c.zeroFull[i] ? FULL : INVALID
      return r.numerator / den
    }
    case INPUT_COUNT: {
      const count = (a as { count: number }).count
      const bound = c.fact[i] === undefined ? undefined : c.protoFact[i] ? ownValue(profile, c.fact[i]) : profile[c.fact[i]!]
      if (bound !== undefined && count > bound) return INVALID
      return count
    }
    case INPUT_BOOLEAN:
      return c.scoring[i] === SCORING_BOOLEAN && (a as { yes: boolean }).yes ? YES : NO
    default: {
      const choice = (a as { choice: string }).choice
      if (!c.options[i]!.has(choice)) return INVALID
      return c.scoring[i] === SCORING_CHOICE ? CHOSEN : NO
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
    case INPUT_RATIO_PROFILE:
    case INPUT_RATIO_LABEL:
      return isWhole(r.numerator) && (r.denominator === undefined ? true : isWhole(r.denominator))
    case INPUT_COUNT:
      return isWhole(r.count)
    case INPUT_BOOLEAN:
      return typeof r.yes === 'boolean'
    case INPUT_CHOICE:
      return typeof r.choice === 'string'
  }
  return false
}
