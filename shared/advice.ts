import { isAnswered, type Answer, type Profile } from './assessment'
import { formatNumber, wholeText } from './number'
import type { Localized } from './i18n'
import { round2 } from './round'
import type { Indicator, Rubric } from './rubric/schema'
import { indexRubric, indicatorMax } from './rubric/walk'
import { rawPointsForValue } from './rubric/compile'
import type { IndicatorAdvice, IndicatorScore } from './score-types'
import type { CompiledRubric } from './rubric/compile'
import { answerAt, type CoreScore } from './scoring-core'
import type { Roster } from './roster'
import { rosterAdvice } from './roster-derive'

/*
 * "What would meet it": for an unmet indicator, the figure that earns full points, in Vietnamese and English
 * ("A3.1 cần 960/1200 hộ (80%), hiện có 900"). The officer's page rebuilds this list on every keystroke for
 * up to 42 indicators, so the parts that depend only on the rubric are built once per indicator and cached;
 * only the commune's own numbers are put in per call.
 */

type Lang = 'vi' | 'en'

/** Numbers as a Vietnamese reader writes them: decimal comma, no grouping (960/1200). */
export function num(n: number, lang: Lang): string {
  if (Number.isInteger(n)) return String(n)
  const s = centsText(round2(n))
  return lang === 'vi' ? s.replace('.', ',') : s
}

/**
 * String(r) for r = round2(x), written from its whole cents (a double's shortest text is costly, and the verdict
 * prints a pillar's points on every score). Below 10^9 a number of two decimals has at most 11 digits, so the
 * double nearest it prints as exactly those digits; beyond, and for NaN or Infinity, String() itself.
 */
export function centsText(r: number): string {
  const a = r < 0 ? -r : r
  if (!(a < 1e9)) return String(r)
  const cents = Math.round(a * 100)
  const c = cents % 100
  const whole = (cents - c) / 100
  const frac = c === 0 ? '' : c % 10 === 0 ? `.${c / 10}` : c < 10 ? `.0${c}` : `.${c}`
  return r < 0 && cents !== 0 ? `-${whole}${frac}` : `${whole}${frac}`
}

/** num(n, 'vi') from num(n, 'en'): the same digits with a decimal comma (one conversion to text for both). */
export const toVi = (en: string): string => en.replace('.', ',')
export const pct = (x: number, lang: Lang): string => `${num(x * 100, lang)}%`

type Parts = {
  /** "A3.1 cần " / "A3.1 needs " */
  needs: Localized
  /** ratio: " hộ (80%), " after n/den; count: "ít nhất 4 cuộc, "; boolean/choice: the whole requirement */
  tail: Localized
  /** ratio without a known denominator: "tỉ lệ ≥ 80%, " */
  noDenominator: Localized
  mandatoryNotMet: Localized
  /** the numerator threshold when full points need value ≥ threshold */
  threshold: number | undefined
  /**
   * Whole messages that depend on the rubric only, built here once and shared (frozen) by every score: not
   * answered (count, yes/no, choice; a ratio without a known denominator), a yes/no answered, each option chosen.
   */
  unanswered: Localized
  answeredNo: Localized
  chosen: Map<string, Localized>
  /** a choice that is none of the options */
  chosenOther: Localized
}

const partsCache = new WeakMap<Indicator, Parts>()

/** The unit of a roster-derived share's figures: its denominator is the number of villages. */
const VILLAGES: Localized = { vi: 'thôn', en: 'villages' }

function partsOf(rubric: Rubric, indicator: Indicator): Parts {
  let parts = partsCache.get(indicator)
  if (!parts) {
    parts = buildParts(rubric, indicator)
    partsCache.set(indicator, parts)
  }
  return parts
}

function buildParts(rubric: Rubric, indicator: Indicator): Parts {
  const id = indicator.id
  const input = indicator.input
  const s = indicator.scoring
  const max = indicatorMax(indicator)
  const best = s.kind === 'steps' ? s.steps.find((st) => st.points >= max) : undefined
  const cond: Localized =
    s.kind === 'ratio'
      ? { vi: `≥ ${num(s.target, 'vi')}`, en: `≥ ${num(s.target, 'en')}` }
      : best && 'atLeast' in best
        ? { vi: `ít nhất ${num(best.atLeast, 'vi')}`, en: `at least ${num(best.atLeast, 'en')}` }
        : best
          ? { vi: `không quá ${num(best.atMost, 'vi')}`, en: `at most ${num(best.atMost, 'en')}` }
          : { vi: '', en: '' }
  const threshold = s.kind === 'ratio' ? s.target : best && 'atLeast' in best ? best.atLeast : undefined
  let tail: Localized = { vi: '', en: '' }
  let noDenominator: Localized = { vi: '', en: '' }
  // A roster-derived share reads like a ratio over the villages, a derived count like a count.
  const share = input.kind === 'roster' && input.measure === 'share'
  if (input.kind === 'ratio' || share) {
    const fact = input.kind === 'ratio' && 'profile' in input.denominator ? indexRubric(rubric).facts.get(input.denominator.profile) : undefined
    const unit = input.kind === 'roster' ? (input.unit ?? VILLAGES) : fact?.unit
    const share = s.kind === 'ratio' ? { vi: ` (${pct(s.target, 'vi')})`, en: ` (${pct(s.target, 'en')})` } : { vi: '', en: '' }
    tail = { vi: `${unit ? ` ${unit.vi}` : ''}${share.vi}, `, en: `${unit ? ` ${unit.en}` : ''}${share.en}, ` }
    const goal = s.kind === 'ratio' ? { vi: pct(s.target, 'vi'), en: pct(s.target, 'en') } : cond
    noDenominator = { vi: `tỉ lệ ≥ ${goal.vi}, `, en: `a ratio of ${goal.en} or more, ` }
  } else if (input.kind === 'count' || input.kind === 'roster') {
    tail = { vi: `${cond.vi}${input.unit ? ` ${input.unit.vi}` : ''}, `, en: `${cond.en}${input.unit ? ` ${input.unit.en}` : ''}, ` }
  } else if (input.kind === 'boolean') {
    tail = { vi: 'Có', en: 'Yes' }
  } else if (input.kind === 'choice') {
    const points = s.kind === 'choice' ? s.points : {}
    const top = input.options.find((o) => (points[o.id] ?? 0) >= max)
    tail = { vi: `«${top?.label.vi ?? ''}»`, en: `“${top?.label.en ?? ''}”` }
  }
  const needs: Localized =
    input.kind === 'boolean' ? { vi: `${id} cần: `, en: `${id} needs: ` } : input.kind === 'choice' ? { vi: `${id} cần chọn `, en: `${id} needs ` } : { vi: `${id} cần `, en: `${id} needs ` }
  const whole = (vi: string, en: string): Localized => Object.freeze({ vi, en })
  const unanswered =
    input.kind === 'ratio' || share
      ? whole(`${needs.vi}${noDenominator.vi}chưa trả lời`, `${needs.en}${noDenominator.en}not answered`)
      : input.kind === 'count' || input.kind === 'roster'
        ? whole(`${needs.vi}${tail.vi}chưa trả lời`, `${needs.en}${tail.en}not answered`)
        : whole(`${needs.vi}${tail.vi} (chưa trả lời)`, `${needs.en}${tail.en} (not answered)`)
  const chosen = new Map<string, Localized>()
  const chosenText = (label: Localized | undefined) => whole(`${needs.vi}${tail.vi} (hiện: «${label?.vi ?? ''}»)`, `${needs.en}${tail.en} (now: “${label?.en ?? ''}”)`)
  // The first option of an id, as options.find() picks it.
  if (input.kind === 'choice') for (const o of input.options) if (!chosen.has(o.id)) chosen.set(o.id, chosenText(o.label))
  return {
    needs,
    tail,
    noDenominator,
    mandatoryNotMet: { vi: `Chỉ tiêu bắt buộc ${id} chưa đạt`, en: `mandatory ${id} not met` },
    threshold,
    unanswered,
    answeredNo: whole(`${needs.vi}${tail.vi} (hiện: Không)`, `${needs.en}${tail.en} (now: No)`),
    chosen,
    chosenOther: chosenText(undefined),
  }
}

export const mandatoryNotMet = (rubric: Rubric, indicator: Indicator): Localized => partsOf(rubric, indicator).mandatoryNotMet

// pointsFor(indicator, { kind: 'value', value: n / den }), without an object per numerator tried.
function earnsFull(indicator: Indicator, n: number, den: number, max: number): boolean {
  return round2(rawPointsForValue(indicator, n / den)) >= max
}

/** The smallest n in [lo, hi) with test(n), for a test that is false then true as n grows; hi when none. */
function firstTrue(lo: number, hi: number, test: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2) // no lo + hi: it may pass 2^53 and lose the last bit
    if (test(mid)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * The smallest n in [0, den] that earns full points, for a scoring that only grows with n and earns them at den:
 * from a guess, steps of 1, 2, 4… towards the answer, then bisection in the last step (O(log of the guess's
 * error)); a guess that is not a number starts at den. Plain loops, no closure: advice runs per unmet indicator.
 */
function firstFull(indicator: Indicator, den: number, max: number, guess: number): number {
  const start = Number.isFinite(guess) ? Math.min(den, Math.max(0, guess)) : den
  // Full points hold at hi; the answer is in [lo, hi].
  let lo = 0
  let hi = den
  if (earnsFull(indicator, start, den, max)) {
    hi = start
    for (let step = 1; ; step *= 2) {
      const below = hi - step
      if (below < 0) break
      if (!earnsFull(indicator, below, den, max)) {
        lo = below + 1
        break
      }
      hi = below
    }
  } else {
    lo = start + 1
    for (let step = 1; ; step *= 2) {
      const above = start + step
      if (above >= den) break
      if (earnsFull(indicator, above, den, max)) {
        hi = above
        break
      }
      lo = above + 1
    }
  }
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2) // no lo + hi: it may pass 2^53 and lose the last bit
    if (earnsFull(indicator, mid, den, max)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Where "n of den earns full points" can change as n goes from 0 to den: the first numerator of each run of
 * numerators on which it is constant. n/den only grows with n, so each condition the scoring tests on it
 * (value ≥ atLeast, value ≤ atMost, points × min(1, value ÷ target) rounding to full) flips at most once, at a
 * point found by bisection: O(conditions × log den) evaluations whatever den is.
 */
function runStarts(indicator: Indicator, den: number, full: (n: number) => boolean): number[] {
  const s = indicator.scoring
  const starts = [0]
  if (s.kind === 'ratio') starts.push(firstTrue(0, den + 1, full))
  else if (s.kind === 'steps')
    for (const st of s.steps)
      starts.push(
        'atLeast' in st ? firstTrue(0, den + 1, (n) => n / den >= st.atLeast) : firstTrue(0, den + 1, (n) => !(n / den <= st.atMost)),
      )
  return [...new Set(starts.filter((n) => n <= den))].sort((a, b) => a - b)
}

/**
 * Smallest whole numerator in [0, den] that earns full points; undefined when none does. It answers what the
 * step-by-step search did (start at ceil(threshold × den), step up to the first numerator that earns full
 * points, then down while the one below still does; test/unit/advice.property.test.ts compares the two), but
 * over runs of numerators instead of one numerator at a time, so a denominator of 2^53 costs what 12 does.
 */
export function neededNumerator(indicator: Indicator, den: number, threshold: number | undefined, max = indicatorMax(indicator)): number | undefined {
  if (!earnsFull(indicator, den, den, max)) return undefined
  // Ratio scoring only grows with the numerator: the answer is where full points start, wherever the search
  // starts. Rounding to the hundredth gives full points from points × value ÷ target ≥ points − 0.005, so the
  // search starts there and gallops: a few evaluations, whatever the denominator.
  const s = indicator.scoring
  if (s.kind === 'ratio') return firstFull(indicator, den, max, Math.ceil((den * s.target * (s.points - 0.005)) / s.points))
  const full = (n: number) => earnsFull(indicator, n, den, max)
  const start = threshold === undefined ? den : Math.min(den, Math.max(0, Math.ceil(threshold * den)))
  const starts = runStarts(indicator, den, full)
  const earns = starts.map(full)
  // The run holding the start, then the first run at or after it that earns full points (den's run does).
  let r = 0
  while (r + 1 < starts.length && starts[r + 1]! <= start) r++
  while (!earns[r]) r++
  // Down through the runs just below that still earn full points.
  while (r > 0 && earns[r - 1]) r--
  return starts[r]!
}

export function advise(
  rubric: Rubric,
  indicator: Indicator,
  s: IndicatorScore,
  answer: Answer | undefined,
  profile: Profile,
  roster?: Roster,
): Localized {
  const text = adviseTyped(indicator, partsOf(rubric, indicator), indicatorMax(indicator), s, answer, profile)
  return withVillages(rubric, indicator, text, roster)
}

/**
 * "What would meet it" for every unmet indicator of a full score, in rubric order (verdict.toMeet): the parts
 * of each indicator's text and its maximum taken by position from the compiled rubric, not looked up per indicator.
 */
export function adviceList(core: CoreScore, list: IndicatorScore[], roster: Roster | undefined): IndicatorAdvice[] {
  const c = core.compiled
  const parts = partsList(c)
  const profile = core.doc.profile
  const out: IndicatorAdvice[] = []
  for (let i = 0; i < c.size; i++) {
    const s = list[i]!
    if (s.met) continue
    const indicator = c.flat[i]!.indicator
    const text = adviseTyped(indicator, parts[i]!, c.max[i]!, s, answerAt(core, i), profile)
    out.push({ indicatorId: s.id, mandatory: indicator.mandatory, message: withVillages(c.rubric, indicator, text, roster) })
  }
  return out
}

const partsListCache = new WeakMap<CompiledRubric, Parts[]>()

function partsList(c: CompiledRubric): Parts[] {
  let list = partsListCache.get(c)
  if (!list) {
    list = c.flat.map(({ indicator }) => partsOf(c.rubric, indicator))
    partsListCache.set(c, list)
  }
  return list
}

function withVillages(rubric: Rubric, indicator: Indicator, text: Localized, roster: Roster | undefined): Localized {
  // A derived indicator also names the villages that keep it from its best ("Còn 2 thôn chưa có sóng 4G: …").
  const villages = indicator.input.kind === 'roster' ? rosterAdvice(rubric, indicator, roster) : undefined
  return villages ? { vi: `${text.vi}. ${villages.vi}`, en: `${text.en}. ${villages.en}` } : text
}

function adviseTyped(indicator: Indicator, p: Parts, max: number, s: IndicatorScore, answer: Answer | undefined, profile: Profile): Localized {
  const id = indicator.id
  if (s.status === 'invalid') {
    const first = s.issues[0]
    return {
      vi: `${id}: số liệu chưa hợp lệ — ${first?.message.vi ?? ''}`,
      en: `${id}: figures are not valid — ${first?.message.en ?? ''}`,
    }
  }
  // "No answer yet" (a cleared value keeping its note or denominator) is unanswered here too.
  const missing = !isAnswered(answer)
  const input = indicator.input
  const kind = input.kind === 'roster' ? (input.measure === 'count' ? 'count' : 'ratio') : input.kind
  switch (kind) {
    case 'ratio': {
      const numerator = answer && 'numerator' in answer ? answer.numerator : 0
      const den =
        input.kind === 'ratio' && 'profile' in input.denominator ? (Object.hasOwn(profile, input.denominator.profile) ? profile[input.denominator.profile] : undefined) : answer && 'numerator' in answer ? answer.denominator : undefined
      const nowVi = missing ? 'chưa trả lời' : `hiện có ${formatNumber(numerator)}`
      const nowEn = missing ? 'not answered' : `has ${wholeText(numerator)}`
      if (den === undefined || den === 0)
        return missing ? p.unanswered : { vi: `${p.needs.vi}${p.noDenominator.vi}${nowVi}`, en: `${p.needs.en}${p.noDenominator.en}${nowEn}` }
      const need = neededNumerator(indicator, den, p.threshold, max)
      if (need === undefined)
        return { vi: `${id}: không thể đạt tối đa với mẫu số ${formatNumber(den)}`, en: `${id}: full points cannot be reached with a denominator of ${den}` }
      return { vi: `${p.needs.vi}${formatNumber(need)}/${formatNumber(den)}${p.tail.vi}${nowVi}`, en: `${p.needs.en}${wholeText(need)} of ${wholeText(den)}${p.tail.en}${nowEn}` }
    }
    case 'count': {
      if (missing) return p.unanswered
      const value = answer && 'count' in answer ? answer.count : 0
      return { vi: `${p.needs.vi}${p.tail.vi}hiện có ${formatNumber(value)}`, en: `${p.needs.en}${p.tail.en}has ${wholeText(value)}` }
    }
    case 'boolean':
      return missing ? p.unanswered : p.answeredNo
    case 'choice':
      if (missing) return p.unanswered
      return (answer && 'choice' in answer ? p.chosen.get(answer.choice) : undefined) ?? p.chosenOther
  }
}
