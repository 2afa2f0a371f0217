import type { Answers, CountAnswer, Profile, RatioAnswer } from './assessment'
import type { Localized } from './i18n'
import { ownValue } from './own'
import { coverageRank, type Roster, type Village } from './roster'
import type { Indicator, ProfileFact, Rubric, RosterCondition, RosterFlag, RosterInput } from './rubric/schema'
import { flattenIndicators } from './rubric/walk'

/*
 * Answers and profile facts computed from the village roster (issue 13; docs/RUBRIC-FORMAT.md "Answers derived
 * from the village roster"). Pure functions over plain data. The scoring core puts the derived figures into the
 * answers before it scores (scoring-core.ts), so a derived indicator is scored exactly as the same figures typed
 * into a count or a ratio, and no caller has to know which indicators are derived.
 *
 * An absent or empty roster derives nothing: the derived indicators and facts are unanswered (missing), not 0.
 * A commune always has villages, so an empty list means "not entered yet", never "confirmed none" — reading it as
 * zero would give A3.3 ("villages without 4G") full points to a commune that has typed nothing.
 */

/** The roster-related figures of one rubric, found once per rubric object. */
export type RosterPlan = {
  /** derived indicators in rubric order */
  indicators: { id: string; input: RosterInput }[]
  /** derived profile facts */
  facts: { id: string; from: NonNullable<ProfileFact['fromRoster']> }[]
  /** the rubric's operator ids (`roster.operators`), the "any operator" of a coverage condition */
  operators: string[]
  indicatorIds: ReadonlySet<string>
  factIds: ReadonlySet<string>
}

const planCache = new WeakMap<Rubric, RosterPlan>()

export function rosterPlan(rubric: Rubric): RosterPlan {
  let plan = planCache.get(rubric)
  if (!plan) {
    const indicators: RosterPlan['indicators'] = []
    for (const { indicator } of flattenIndicators(rubric))
      if (indicator.input.kind === 'roster') indicators.push({ id: indicator.id, input: indicator.input })
    const facts: RosterPlan['facts'] = []
    for (const f of rubric.profile) if (f.fromRoster) facts.push({ id: f.id, from: f.fromRoster })
    plan = {
      indicators,
      facts,
      operators: (rubric.roster?.operators ?? []).map((o) => o.id),
      indicatorIds: new Set(indicators.map((i) => i.id)),
      factIds: new Set(facts.map((f) => f.id)),
    }
    planCache.set(rubric, plan)
  }
  return plan
}

/** The rubric derives anything from the roster (cheap after the first call). */
export const derivesFromRoster = (rubric: Rubric): boolean => {
  const p = rosterPlan(rubric)
  return p.indicators.length > 0 || p.facts.length > 0
}
export const isDerivedIndicator = (rubric: Rubric, id: string): boolean => rosterPlan(rubric).indicatorIds.has(id)
export const isDerivedFact = (rubric: Rubric, id: string): boolean => rosterPlan(rubric).factIds.has(id)

const RANK: Record<string, number> = { none: 0, '2g': 1, '3g': 2, '4g': 3, '5g': 4 }

function reaches(coverage: Village['coverage'], op: string, need: number, countWeak: boolean): boolean {
  const c = Object.hasOwn(coverage, op) ? coverage[op] : undefined
  return c !== undefined && RANK[c.level]! >= need && (countWeak || c.weak !== true)
}

/** Whether one village passes one condition. `operators`: the rubric's operator ids ("any operator"). */
export function villagePasses(village: Village, cond: RosterCondition, operators: readonly string[]): boolean {
  let pass = false
  if (cond.test === 'flag') pass = village[cond.flag] === true
  else {
    const need = RANK[cond.atLeast]!
    const countWeak = cond.countWeak !== false
    // Only the rubric's operators count: coverage kept for an operator the province no longer lists is ignored.
    if (cond.operator !== undefined) pass = operators.includes(cond.operator) && reaches(village.coverage, cond.operator, need, countWeak)
    else for (let k = 0; k < operators.length && !pass; k++) pass = reaches(village.coverage, operators[k]!, need, countWeak)
  }
  return cond.negate ? !pass : pass
}

/** Whether a village meets every condition of `where` (AND). */
export function villageMatches(village: Village, where: readonly RosterCondition[], operators: readonly string[]): boolean {
  for (const cond of where) if (!villagePasses(village, cond, operators)) return false
  return true
}

// One collator: localeCompare(…, 'vi') builds one per call, which made naming 60 villages most of the advice's cost.
let collator: Intl.Collator | undefined

/** The roster's villages as the officer's list orders them: by `order`, then name, then id. */
export function villagesInOrder(roster: Roster | undefined): [string, Village][] {
  if (!roster) return []
  const byName = (collator ??= new Intl.Collator('vi')).compare
  return Object.entries(roster).sort(([ia, a], [ib, b]) => {
    const oa = a.order ?? Number.MAX_SAFE_INTEGER
    const ob = b.order ?? Number.MAX_SAFE_INTEGER
    return oa - ob || byName(a.name, b.name) || (ia < ib ? -1 : ia > ib ? 1 : 0)
  })
}

/** The answer of one derived indicator, or undefined when the roster lists no village (unanswered). */
export function deriveAnswer(input: RosterInput, roster: Roster | undefined, operators: readonly string[]): CountAnswer | RatioAnswer | undefined {
  return roster ? answerOf(input, Object.values(roster), operators) : undefined
}

function answerOf(input: RosterInput, villages: readonly Village[], operators: readonly string[]): CountAnswer | RatioAnswer | undefined {
  const total = villages.length
  if (total === 0) return undefined
  let matched = 0
  for (let v = 0; v < total; v++) if (villageMatches(villages[v]!, input.where, operators)) matched++
  return input.measure === 'count' ? { count: matched } : { numerator: matched, denominator: total }
}

/** A derived profile fact, or undefined when it cannot be computed (no village; households not stated for all). */
export function deriveFact(from: NonNullable<ProfileFact['fromRoster']>, roster: Roster | undefined): number | undefined {
  return roster ? factOf(from, Object.values(roster)) : undefined
}

function factOf(from: NonNullable<ProfileFact['fromRoster']>, list: readonly Village[]): number | undefined {
  const villages = list.length
  if (villages === 0) return undefined
  if (from === 'villages') return villages
  let households = 0
  let allStated = true
  for (let v = 0; v < villages; v++) {
    const h = list[v]!.households
    if (h === undefined) allStated = false
    else households += h
  }
  // A partial sum would be a figure nobody typed or checked: households are derived only when every village has them.
  return allStated ? households : undefined
}

export type Derived = { answers: Answers; profile: Profile }

/** Every derived answer and fact of the rubric for this roster (those that cannot be computed are left out). */
export function deriveFromRoster(rubric: Rubric, roster: Roster | undefined): Derived {
  const plan = rosterPlan(rubric)
  const answers: Answers = {}
  const profile: Profile = {}
  const villages = roster ? Object.values(roster) : []
  for (const { id, input } of plan.indicators) {
    const a = answerOf(input, villages, plan.operators)
    if (a) answers[id] = a
  }
  for (const { id, from } of plan.facts) {
    const v = factOf(from, villages)
    if (v !== undefined) profile[id] = v
  }
  return { answers, profile }
}

export type ScoredDoc = { profile: Profile; answers: Answers; roster?: Roster | undefined }

/**
 * The figures that count: the typed answers and facts, with every derived one replaced by its value computed
 * from `doc.roster` (a typed value for a derived id is ignored — validation refuses it; one stored before the
 * rubric derived it must not count). The same object when the rubric derives nothing.
 */
export function withRosterAnswers<D extends ScoredDoc>(rubric: Rubric, doc: D): D {
  const plan = rosterPlan(rubric)
  if (plan.indicators.length === 0 && plan.facts.length === 0) return doc
  const derived = deriveFromRoster(rubric, doc.roster)
  return { ...doc, answers: overlay(doc.answers, derived.answers, plan.indicatorIds), profile: overlay(doc.profile, derived.profile, plan.factIds) }
}

/**
 * `typed` with the derived ids replaced by `derived`. Typed values for derived ids are rare (validation refuses
 * them), so the common case is one spread; `delete` is avoided, since it turns the object V8 then reads once per
 * indicator into a slow dictionary.
 */
function overlay<T>(typed: Record<string, T>, derived: Record<string, T>, ids: ReadonlySet<string>): Record<string, T> {
  let stale = false
  for (const id of ids) if (Object.hasOwn(typed, id)) stale = true
  if (!stale) return { ...typed, ...derived }
  const out: Record<string, T> = {}
  for (const k of Object.keys(typed)) if (!ids.has(k)) out[k] = typed[k]!
  return Object.assign(out, derived)
}

export type VillageRef = { id: string; name: string }

/**
 * The villages that keep a derived indicator from its best: for a scoring where less is better (its best step is
 * `atMost`, like A3.3 "villages without 4G ≤ 0") the villages it counts; otherwise (a share towards a target, "at
 * least n villages") the villages it does not count yet. In the officer's list order.
 */
export function unmetVillages(rubric: Rubric, indicator: Indicator, roster: Roster | undefined): VillageRef[] {
  if (indicator.input.kind !== 'roster' || !roster) return []
  const { where } = indicator.input
  const operators = rosterPlan(rubric).operators
  const fewerIsBetter = lowerIsBetter(indicator)
  const out: VillageRef[] = []
  for (const [id, v] of villagesInOrder(roster)) if (villageMatches(v, where, operators) === fewerIsBetter) out.push({ id, name: v.name })
  return out
}

function lowerIsBetter(indicator: Indicator): boolean {
  const s = indicator.scoring
  if (s.kind !== 'steps') return false
  const best = s.steps.reduce((a, b) => (b.points > a.points ? b : a))
  return 'atMost' in best
}

// What a village has, or lacks, for one condition: "có sóng 4G" / "chưa có sóng 4G".
const FLAG_WORDS: Record<RosterFlag, { has: Localized; lacks: Localized }> = {
  fiber: { has: { vi: 'có cáp quang', en: 'with fibre' }, lacks: { vi: 'chưa có cáp quang', en: 'still without fibre' } },
  publicWifi: {
    has: { vi: 'có điểm Wi-Fi công cộng miễn phí', en: 'with free public Wi-Fi' },
    lacks: { vi: 'chưa có điểm Wi-Fi công cộng miễn phí', en: 'still without free public Wi-Fi' },
  },
  digitalTeam: {
    has: { vi: 'có Tổ công nghệ số cộng đồng', en: 'with a community digital team' },
    lacks: { vi: 'chưa có Tổ công nghệ số cộng đồng', en: 'still without a community digital team' },
  },
  smartVillage: {
    has: { vi: 'đạt chuẩn thôn thông minh', en: 'recognised as smart villages' },
    lacks: { vi: 'chưa đạt chuẩn thôn thông minh', en: 'not yet recognised as smart villages' },
  },
}

function conditionWords(rubric: Rubric, cond: RosterCondition, passing: boolean): Localized {
  const positive = cond.negate ? !passing : passing
  if (cond.test === 'flag') return FLAG_WORDS[cond.flag][positive ? 'has' : 'lacks']
  const op = cond.operator ? rubric.roster?.operators.find((o) => o.id === cond.operator) : undefined
  const level = cond.atLeast.toUpperCase()
  const steady = cond.countWeak === false ? { vi: ' ổn định', en: ' steady' } : { vi: '', en: '' }
  const vi = `sóng ${level}${steady.vi}${op ? ` ${op.label.vi}` : ''}`
  const en = `${steady.en ? 'steady ' : ''}${op ? `${op.label.en} ` : ''}${level}`
  return positive ? { vi: `có ${vi}`, en: `with ${en}` } : { vi: `chưa có ${vi}`, en: `still without ${en}` }
}

/** How many names an advice line lists before "và 3 thôn khác": the line is read on a phone. */
export const ADVICE_MAX_NAMES = 10

/**
 * The roster part of a derived indicator's advice: "Còn 2 thôn chưa có sóng 4G: Thôn 3, Làng Rêu" / "2 villages
 * still without 4G: Thôn 3, Làng Rêu". Undefined when no village keeps it from its best.
 */
export function rosterAdvice(rubric: Rubric, indicator: Indicator, roster: Roster | undefined): Localized | undefined {
  if (indicator.input.kind !== 'roster') return undefined
  const villages = unmetVillages(rubric, indicator, roster)
  if (villages.length === 0) return undefined
  const where = indicator.input.where
  // The listed villages pass `where` when fewer is better, fail it otherwise; one condition names what they lack.
  const passing = lowerIsBetter(indicator)
  const words: Localized =
    where.length === 1
      ? conditionWords(rubric, where[0]!, passing)
      : passing
        ? {
            vi: where.map((c) => conditionWords(rubric, c, true).vi).join(', '),
            en: where.map((c) => conditionWords(rubric, c, true).en).join(', '),
          }
        : { vi: 'chưa đạt điều kiện', en: 'not meeting the condition' }
  const shown = villages.slice(0, ADVICE_MAX_NAMES).map((v) => v.name)
  const more = villages.length - shown.length
  const n = villages.length
  return {
    vi: `Còn ${n} thôn ${words.vi}: ${shown.join(', ')}${more > 0 ? ` và ${more} thôn khác` : ''}`,
    en: `${n} ${n === 1 ? 'village' : 'villages'} ${words.en}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  }
}

/** "Tính từ danh sách thôn" — why a derived field cannot be typed, for validation and the form. */
export const DERIVED_TEXT: Localized = { vi: 'tính từ danh sách thôn', en: 'computed from the village roster' }
