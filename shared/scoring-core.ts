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
  status: Uint8Array
  /** rounded points per indicator */
  points: Float64Array
  /** the measured value (ratio or count); NaN when there is none (missing, invalid, yes/no, choice, 0/0) */
  value: Float64Array
  /** per pillar: rounded points, rounded maximum, the minimum required */
  pillarPoints: Float64Array
  pillarMax: Float64Array
  pillarMin: Float64Array
  total: number
  maxTotal: number
  missing: number
  invalid: number
  /** a mandatory indicator is unmet (and the rubric requires them met) */
  mandatoryFails: boolean
  eligible: boolean
}

export { ownValue }

function whole(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

export function scoreCore(rubric: Rubric, doc: { profile: Profile; answers: Answers }): CoreScore {
  const c = compileRubric(rubric)
  const n = c.size
  const status = new Uint8Array(n)
  const points = new Float64Array(n)
  const value = new Float64Array(n).fill(NaN)
  const pillarRaw = new Float64Array(c.pillarIds.length)
  const { profile, answers } = doc
  let missing = 0
  let invalid = 0
  let mandatoryFails = false
  for (let i = 0; i < n; i++) {
    const a = ownValue(answers, c.ids[i]) as Answer | undefined
    let pts = 0
    // Cleared to "no answer yet" (its note or denominator kept) is unanswered, like no answer at all.
    if (a === undefined || (typeof a === 'object' && a !== null && 'noAnswer' in a)) {
      status[i] = STATUS_MISSING
      missing++
    } else {
      const v = measure(c, i, a, profile, rubric)
      if (v === INVALID) {
        status[i] = STATUS_INVALID
        invalid++
      } else {
        status[i] = STATUS_SCORED
        pts = v >= 0 ? round2(rawValuePoints(c, i, v)) : v === FULL ? round2(c.max[i]!) : v === YES ? round2(c.points[i]!) : v === CHOSEN ? chosenPoints(c, i, a) : 0
        if (v >= 0) value[i] = v
      }
    }
    points[i] = pts
    pillarRaw[c.pillarOf[i]!]! += pts
    // Met: scored at its maximum (a missing or invalid answer is never met, even where the maximum is 0).
    if (c.mandatory[i] && !(status[i] === STATUS_SCORED && pts >= c.max[i]!)) mandatoryFails = true
  }
  const pillars = pillarRaw.length
  const pillarPoints = new Float64Array(pillars)
  const pillarMax = new Float64Array(pillars)
  const pillarMin = new Float64Array(pillars)
  let total = 0
  let maxTotal = 0
  let pillarsOk = true
  for (let p = 0; p < pillars; p++) {
    const pts = round2(pillarRaw[p]!)
    const max = round2(c.pillarMaxRaw[p]!)
    const min = round2(c.share * max)
    pillarPoints[p] = pts
    pillarMax[p] = max
    pillarMin[p] = min
    if (!(pts >= min)) pillarsOk = false
    total += pts
    maxTotal += max
  }
  total = round2(total)
  maxTotal = round2(maxTotal)
  mandatoryFails = c.mandatoryMustBeMet && mandatoryFails
  const eligible = total >= c.minTotal && pillarsOk && !mandatoryFails
  return { compiled: c, status, points, value, pillarPoints, pillarMax, pillarMin, total, maxTotal, missing, invalid, mandatoryFails, eligible }
}

/** What a save, the queue and the dashboard need: total, maximum, verdict, counts. No record, no message. */
export function scoreSummary(rubric: Rubric, doc: { profile: Profile; answers: Answers }): ScoreSummary {
  const s = scoreCore(rubric, doc)
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
  if (!wellFormed(kind!, a) && validateAnswer(rubric, c.ids[i]!, a, profile).length > 0) return INVALID
  switch (kind) {
    case INPUT_RATIO_PROFILE: {
      const r = a as { numerator: number; denominator?: number }
      if (r.denominator !== undefined) return INVALID
      const den = ownValue(profile, c.fact[i])
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
      const bound = ownValue(profile, c.fact[i])
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

/** Shape and whole-number check without zod (scoring runs per keystroke, and valid answers are the norm). */
function wellFormed(kind: number, a: Answer): boolean {
  switch (kind) {
    case INPUT_RATIO_PROFILE:
    case INPUT_RATIO_LABEL:
      return 'numerator' in a && whole(a.numerator) && (a.denominator === undefined || whole(a.denominator))
    case INPUT_COUNT:
      return 'count' in a && whole(a.count)
    case INPUT_BOOLEAN:
      return 'yes' in a && typeof a.yes === 'boolean'
    case INPUT_CHOICE:
      return 'choice' in a && typeof a.choice === 'string'
  }
  return false
}
