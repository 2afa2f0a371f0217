import type { Answer, Answers, Profile } from './assessment'
import type { FieldIssue } from './errors'
import { localized, type Localized } from './i18n'
import { advise, adviceList, mandatoryNotMet, num, pct, toVi } from './advice'
import { pointsFor, type CompiledRubric } from './rubric/compile'
import type { Indicator, Rubric } from './rubric/schema'
import { indexRubric, indicatorMax } from './rubric/walk'
import type { IndicatorAdvice, IndicatorScore, PillarScore, Score, ScoreSummary, Verdict, VerdictFailure } from './score-types'
import { answerAt, ownValue, scoreCore, scoreSummary, Status, type CoreScore } from './scoring-core'
import { answerBoundIssues, shapeMatches, validateAnswer } from './validation'
import type { Roster } from './roster'
import { withRosterAnswers, type ScoredDoc } from './roster-derive'

/*
 * The scoring engine of RUBRIC-FORMAT.md, as the pages and the API show it: every indicator's record, the
 * verdict's reasons and "what would meet it". The figures come from the one core (shared/scoring-core.ts) that
 * every other caller uses too; this module only puts records and words around them. A save and the queue use
 * the core alone (scoreSummary); callers that show no advice pass { advice: false }.
 */

export type {
  IndicatorAdvice,
  IndicatorScore,
  IndicatorStatus,
  PillarScore,
  Score,
  ScoreSummary,
  Verdict,
  VerdictFailure,
} from './score-types'
export { pointsFor } from './rubric/compile'
export { scoreSummary } from './scoring-core'

export const summarizeScore = (s: Score): ScoreSummary => ({
  total: s.total,
  maxTotal: s.maxTotal,
  eligible: s.verdict.eligible,
  missing: s.missing.length,
  invalid: s.invalid.length,
})

function whole(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

function wellFormed(indicator: Indicator, a: Answer): boolean {
  if (typeof a !== 'object' || a === null || !shapeMatches(indicator, a)) return false
  if ('numerator' in a) return whole(a.numerator) && (a.denominator === undefined || whole(a.denominator))
  if ('count' in a) return whole(a.count)
  if ('yes' in a) return typeof a.yes === 'boolean'
  return 'choice' in a && typeof a.choice === 'string'
}

// Shared by every scored or missing indicator: scoring allocates nothing it does not need to.
const NO_ISSUES: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[]

/** Why an answer the core found invalid is invalid, as the form shows it beside the field. */
function invalidIssues(rubric: Rubric, indicator: Indicator, answer: Answer, profile: Profile): FieldIssue[] {
  const issues = wellFormed(indicator, answer)
    ? answerBoundIssues(rubric, indicator, answer, profile)
    : validateAnswer(rubric, indicator.id, answer, profile)
  return issues.length > 0 ? issues : [profileMissingIssue(rubric, indicator)]
}

/** One indicator's record, from the core's figures (the answer itself is read only to say why it is invalid). */
function indicatorScore(core: CoreScore, i: number): IndicatorScore {
  const c = core.compiled
  const { indicator, pillarId } = c.flat[i]!
  const max = c.max[i]!
  const st = core.status[i]
  // One object shape for every outcome (value undefined when absent) keeps the consumers monomorphic.
  if (st === Status.Missing)
    return { id: indicator.id, pillarId, status: 'missing', points: 0, max, met: false, value: undefined, issues: NO_ISSUES }
  if (st === Status.Invalid)
    return { id: indicator.id, pillarId, status: 'invalid', points: 0, max, met: false, value: undefined, issues: invalidIssues(c.rubric, indicator, answerAt(core, i)!, core.doc.profile) }
  const points = core.points[i]!
  const v = core.value[i]!
  return { id: indicator.id, pillarId, status: 'scored', points, max, met: points >= max, value: Number.isNaN(v) ? undefined : v, issues: NO_ISSUES }
}

/**
 * One indicator scored on its own (the reviewer's page shows an adjusted answer's points before saving). A
 * derived indicator (issue 13) is scored from `roster`, whatever `answer` says.
 */
export function scoreIndicator(
  rubric: Rubric,
  indicator: Indicator,
  pillarId: string,
  answer: Answer | undefined,
  profile: Profile,
  roster?: Roster,
): IndicatorScore {
  const core = scoreCore(rubric, { profile, answers: answer === undefined ? {} : { [indicator.id]: answer }, roster })
  const i = core.compiled.ids.indexOf(indicator.id)
  const s = indicatorScore(core, i)
  return s.pillarId === pillarId ? s : { ...s, pillarId }
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

export type ScoreOptions = {
  /**
   * Build "what would meet it" (`verdict.toMeet`), most of a full score's cost. Only where it is shown (the
   * officer's summary, the API's GET and /score); the dashboard, the exports and recognition pass false.
   */
  advice?: boolean
}

/** The full score with its records, reasons and advice. Same signature as ever (options added). */
export function scoreAssessment(rubric: Rubric, doc: ScoredDoc, options: ScoreOptions = {}): Score {
  const core = scoreCore(rubric, doc)
  const c = core.compiled
  // The figures scored (core.doc): with a roster-deriving rubric, the answers computed from the roster are in them.
  const roster = doc.roster
  const indicators: Record<string, IndicatorScore> = {}
  const list: IndicatorScore[] = new Array(c.size)
  const missing: string[] = []
  const invalid: string[] = []
  for (let i = 0; i < c.size; i++) {
    const s = indicatorScore(core, i)
    list[i] = s
    indicators[s.id] = s
    if (s.status === 'missing') missing.push(s.id)
    else if (s.status === 'invalid') invalid.push(s.id)
  }
  const pillars: PillarScore[] = c.pillarIds.map((id, p) => {
    const points = core.pillarPoints[p]!
    const minRequired = core.pillarMin[p]!
    return { id, points, max: core.pillarMax[p]!, minRequired, meetsMinimum: points >= minRequired }
  })
  const verdict = judge(core, pillars, list, roster, options.advice !== false)
  return { total: core.total, maxTotal: core.maxTotal, pillars, indicators, missing, invalid, verdict }
}

/**
 * The words of the verdict's reasons that depend on the rubric only (a pillar's minimum, its share and maximum,
 * the minimum total), written once per compiled rubric: only the commune's own points are put in per score.
 */
type VerdictWords = {
  minTotal: Localized
  /** per pillar: the text after its points, "< 60 (60% của 100)" */
  pillarTail: Localized[]
}

const verdictWordsCache = new WeakMap<CompiledRubric, VerdictWords>()

function verdictWords(c: CompiledRubric): VerdictWords {
  let w = verdictWordsCache.get(c)
  if (!w) {
    const shareVi = pct(c.share, 'vi')
    const shareEn = pct(c.share, 'en')
    w = {
      minTotal: localized(num(c.minTotal, 'vi'), num(c.minTotal, 'en')),
      pillarTail: c.pillarIds.map((_, p) =>
        localized(
          ` < ${num(c.pillarMin[p]!, 'vi')} (${shareVi} của ${num(c.pillarMax[p]!, 'vi')})`,
          ` < ${num(c.pillarMin[p]!, 'en')} (${shareEn} of ${num(c.pillarMax[p]!, 'en')})`,
        ),
      ),
    }
    verdictWordsCache.set(c, w)
  }
  return w
}

function judge(core: CoreScore, pillars: PillarScore[], list: IndicatorScore[], roster: Roster | undefined, advice: boolean): Verdict {
  const c = core.compiled
  const rubric = c.rubric
  const total = core.total
  const failures: VerdictFailure[] = []
  const words = verdictWords(c)
  if (total < c.minTotal) {
    const en = num(total, 'en')
    failures.push({
      rule: 'minTotal',
      actual: total,
      required: c.minTotal,
      message: localized(`Tổng điểm ${toVi(en)} < ${words.minTotal.vi}`, `total ${en} < ${words.minTotal.en}`),
    })
  }
  for (let k = 0; k < pillars.length; k++) {
    const p = pillars[k]!
    if (p.meetsMinimum) continue
    // The pillar's points as num() writes them, converted to text once for both languages.
    const en = num(p.points, 'en')
    const tail = words.pillarTail[k]!
    failures.push({
      rule: 'pillarShare',
      subject: p.id,
      actual: p.points,
      required: p.minRequired,
      message: localized(`Trụ cột ${p.id}: ${toVi(en)}${tail.vi}`, `pillar ${p.id} ${en}${tail.en}`),
    })
  }
  if (c.mandatoryMustBeMet)
    for (let i = 0; i < c.size; i++) {
      const s = list[i]!
      if (s.met || !c.mandatory[i]) continue
      failures.push({ rule: 'mandatory', subject: s.id, actual: s.points, required: s.max, message: mandatoryNotMet(rubric, c.flat[i]!.indicator) })
    }
  // Advice strings are most of a full score's cost: built once, when something reads them. One getter for every
  // verdict (a closure per verdict gave each its own hidden class, and the garbage collector most of the time).
  // Built here, not on first read: a getter on each verdict cost more than the advice itself (measured).
  return { eligible: core.eligible, failures, toMeet: advice ? adviceList(core, list, roster) : [] }
}

/** "What would meet it" for one indicator only (the indicators on screen), from its record. */
export function adviceFor(rubric: Rubric, s: IndicatorScore, doc: ScoredDoc): IndicatorAdvice | undefined {
  if (s.met) return undefined
  const flat = indexRubric(rubric).indicators.get(s.id)
  if (!flat) return undefined
  const values = withRosterAnswers(rubric, doc)
  return { indicatorId: s.id, mandatory: flat.indicator.mandatory, message: advise(rubric, flat.indicator, s, ownValue(values.answers, s.id), values.profile, doc.roster) }
}

