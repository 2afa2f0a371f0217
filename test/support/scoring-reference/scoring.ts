// A copy of shared/scoring.ts as it was before issue 8 (step-search advice, per-indicator records): the
// reference oracle that test/unit/scoring-parity.test.ts compares the compiled core with. Do not optimise it.
import type { Answer, Answers, Profile } from '../../../shared/assessment'
import type { FieldIssue } from '../../../shared/errors'
import { type Localized, localized } from '../../../shared/i18n'
import { advise, mandatoryNotMet, num, pct } from './advice'
import { round2 } from '../../../shared/round'
import type { Indicator, Rubric } from '../../../shared/rubric/schema'
import { indexRubric, indicatorMax } from '../../../shared/rubric/walk'
import { answerBoundIssues, shapeMatches, validateAnswer } from '../../../shared/validation'

/*
 * The scoring engine of RUBRIC-FORMAT.md. Pure and synchronous: the browser runs it on every keystroke and the
 * server on every request, and both must agree to the hundredth of a point.
 */

export type IndicatorStatus = 'missing' | 'invalid' | 'scored'

export type IndicatorScore = {
  id: string
  pillarId: string
  status: IndicatorStatus
  points: number
  max: number
  met: boolean
  /** numerator ÷ denominator for a ratio, the count for a count; absent when not computable */
  value?: number | undefined
  issues: FieldIssue[]
}

export type PillarScore = { id: string; points: number; max: number; minRequired: number; meetsMinimum: boolean }

export type VerdictFailure = {
  rule: 'minTotal' | 'pillarShare' | 'mandatory'
  subject?: string
  actual: number
  required: number
  message: Localized
}

export type IndicatorAdvice = { indicatorId: string; mandatory: boolean; message: Localized }

export type Verdict = { eligible: boolean; failures: VerdictFailure[]; toMeet: IndicatorAdvice[] }

export type Score = {
  total: number
  maxTotal: number
  pillars: PillarScore[]
  indicators: Record<string, IndicatorScore>
  missing: string[]
  invalid: string[]
  verdict: Verdict
}

/** What a save answers with: enough to confirm the total, small enough for 3G (the full score is ~12 KB). */
export type ScoreSummary = { total: number; maxTotal: number; eligible: boolean; missing: number; invalid: number }

export const summarizeScore = (s: Score): ScoreSummary => ({
  total: s.total,
  maxTotal: s.maxTotal,
  eligible: s.verdict.eligible,
  missing: s.missing.length,
  invalid: s.invalid.length,
})

type Measured =
  | { kind: 'fullPoints' }
  | { kind: 'value'; value: number; numerator?: number; denominator?: number }
  | { kind: 'yes'; yes: boolean }
  | { kind: 'choice'; choice: string }

/** The figure an answer measures, or undefined when it cannot be computed (e.g. a missing profile fact). */
function measure(indicator: Indicator, answer: Answer, profile: Profile): Measured | undefined {
  const input = indicator.input
  if (input.kind === 'ratio' && 'numerator' in answer) {
    const den = 'profile' in input.denominator ? profile[input.denominator.profile] : answer.denominator
    if (den === undefined) return undefined
    if (den === 0) return indicator.whenDenominatorZero === 'fullPoints' ? { kind: 'fullPoints' } : undefined
    return { kind: 'value', value: answer.numerator / den, numerator: answer.numerator, denominator: den }
  }
  if (input.kind === 'count' && 'count' in answer) return { kind: 'value', value: answer.count }
  if (input.kind === 'boolean' && 'yes' in answer) return { kind: 'yes', yes: answer.yes }
  if (input.kind === 'choice' && 'choice' in answer) return { kind: 'choice', choice: answer.choice }
  return undefined
}

/** Unrounded points for a measured figure. */
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
      return m.kind === 'choice' ? (s.points[m.choice] ?? 0) : 0
  }
}

export const pointsFor = (indicator: Indicator, m: Measured): number => round2(rawPoints(indicator, m))

function whole(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/** Shape and whole-number check without zod: scoring runs per keystroke, and valid answers are the norm. */
function wellFormed(indicator: Indicator, a: Answer): boolean {
  if (typeof a !== 'object' || a === null || !shapeMatches(indicator, a)) return false
  if ('numerator' in a) return whole(a.numerator) && (a.denominator === undefined || whole(a.denominator))
  if ('count' in a) return whole(a.count)
  if ('yes' in a) return typeof a.yes === 'boolean'
  return 'choice' in a && typeof a.choice === 'string'
}

// Shared by every scored or missing indicator: scoring allocates nothing it does not need to.
const NO_ISSUES: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[]

export function scoreIndicator(
  rubric: Rubric,
  indicator: Indicator,
  pillarId: string,
  answer: Answer | undefined,
  profile: Profile,
): IndicatorScore {
  const max = indicatorMax(indicator)
  // One object shape for every outcome (value undefined when absent) keeps this hot path monomorphic.
  // "No answer yet" (issue 9) is unanswered, like no answer at all.
  if (answer === undefined || 'noAnswer' in answer)
    return { id: indicator.id, pillarId, status: 'missing', points: 0, max, met: false, value: undefined, issues: NO_ISSUES }
  const issues = wellFormed(indicator, answer)
    ? answerBoundIssues(rubric, indicator, answer, profile)
    : validateAnswer(rubric, indicator.id, answer, profile)
  const m = issues.length === 0 ? measure(indicator, answer, profile) : undefined
  if (!m) {
    const why = issues.length > 0 ? issues : [profileMissingIssue(rubric, indicator)]
    return { id: indicator.id, pillarId, status: 'invalid', points: 0, max, met: false, value: undefined, issues: why }
  }
  const points = pointsFor(indicator, m)
  const value = m.kind === 'value' ? m.value : undefined
  return { id: indicator.id, pillarId, status: 'scored', points, max, met: points >= max, value, issues: NO_ISSUES }
}

function profileMissingIssue(rubric: Rubric, indicator: Indicator): FieldIssue {
  const input = indicator.input
  const factId = input.kind === 'ratio' && 'profile' in input.denominator ? input.denominator.profile : undefined
  const fact = factId ? indexRubric(rubric).facts.get(factId) : undefined
  return {
    field: factId ? `profile.${factId}` : `answers.${indicator.id}`,
    code: 'needs_profile',
    message: localized(
      `${indicator.id}: cần nhập ${fact?.label.vi.toLowerCase() ?? 'hồ sơ xã'} trước`,
      `${indicator.id}: enter ${fact?.label.en.toLowerCase() ?? 'the profile'} first`,
    ),
  }
}

export function scoreAssessment(rubric: Rubric, doc: { profile: Profile; answers: Answers }): Score {
  const { flat, pillarOf } = indexRubric(rubric)
  const indicators: Record<string, IndicatorScore> = {}
  const list: IndicatorScore[] = new Array(flat.length)
  const pillarPoints = new Array<number>(rubric.pillars.length).fill(0)
  const pillarMax = new Array<number>(rubric.pillars.length).fill(0)
  const missing: string[] = []
  const invalid: string[] = []
  for (let i = 0; i < flat.length; i++) {
    const { indicator, pillarId } = flat[i]!
    const s = scoreIndicator(rubric, indicator, pillarId, doc.answers[indicator.id], doc.profile)
    list[i] = s
    indicators[indicator.id] = s
    if (s.status === 'missing') missing.push(s.id)
    else if (s.status === 'invalid') invalid.push(s.id)
    const p = pillarOf[i]!
    pillarPoints[p]! += s.points
    pillarMax[p]! += s.max
  }
  const share = rubric.recognition.minPillarShare
  const pillars: PillarScore[] = rubric.pillars.map((pillar, p) => {
    const points = round2(pillarPoints[p]!)
    const max = round2(pillarMax[p]!)
    const minRequired = round2(share * max)
    return { id: pillar.id, points, max, minRequired, meetsMinimum: points >= minRequired }
  })
  let total = 0
  let maxTotal = 0
  for (const p of pillars) {
    total += p.points
    maxTotal += p.max
  }
  total = round2(total)
  maxTotal = round2(maxTotal)
  const verdict = judge(rubric, total, pillars, list, doc.profile, doc.answers)
  return { total, maxTotal, pillars, indicators, missing, invalid, verdict }
}

function judge(
  rubric: Rubric,
  total: number,
  pillars: PillarScore[],
  list: IndicatorScore[],
  profile: Profile,
  answers: Answers,
): Verdict {
  const rec = rubric.recognition
  const failures: VerdictFailure[] = []
  if (total < rec.minTotal)
    failures.push({
      rule: 'minTotal',
      actual: total,
      required: rec.minTotal,
      message: localized(
        `Tổng điểm ${num(total, 'vi')} < ${num(rec.minTotal, 'vi')}`,
        `total ${num(total, 'en')} < ${num(rec.minTotal, 'en')}`,
      ),
    })
  const shareVi = pct(rec.minPillarShare, 'vi')
  const shareEn = pct(rec.minPillarShare, 'en')
  for (const p of pillars)
    if (!p.meetsMinimum)
      failures.push({
        rule: 'pillarShare',
        subject: p.id,
        actual: p.points,
        required: p.minRequired,
        message: localized(
          `Trụ cột ${p.id}: ${num(p.points, 'vi')} < ${num(p.minRequired, 'vi')} (${shareVi} của ${num(p.max, 'vi')})`,
          `pillar ${p.id} ${num(p.points, 'en')} < ${num(p.minRequired, 'en')} (${shareEn} of ${num(p.max, 'en')})`,
        ),
      })
  const toMeet: IndicatorAdvice[] = []
  const { flat } = indexRubric(rubric)
  for (let i = 0; i < flat.length; i++) {
    const indicator = flat[i]!.indicator
    const s = list[i]!
    if (s.met) continue
    if (rec.mandatoryMustBeMet && indicator.mandatory)
      failures.push({
        rule: 'mandatory',
        subject: indicator.id,
        actual: s.points,
        required: s.max,
        message: mandatoryNotMet(rubric, indicator),
      })
    toMeet.push({
      indicatorId: indicator.id,
      mandatory: indicator.mandatory,
      message: advise(rubric, indicator, s, answers[indicator.id], profile),
    })
  }
  return { eligible: failures.length === 0, failures, toMeet }
}
