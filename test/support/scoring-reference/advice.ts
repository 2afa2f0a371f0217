// A copy of shared/advice.ts as it was before issue 8 (the step search of neededNumerator): reference oracle only.
import { isAnswered, type Answer, type Profile } from '../../../shared/assessment'
// Numbers in Vietnamese text as the product prints them everywhere since issue 9 (1.200, not 1200), by the code
// of the time (the product's prints the same text, faster).
import { formatNumber } from './number'
import type { Localized } from '../../../shared/i18n'
import { round2 } from '../../../shared/round'
import type { Indicator, Rubric } from '../../../shared/rubric/schema'
import { indexRubric, indicatorMax } from '../../../shared/rubric/walk'
import { pointsFor, type IndicatorScore } from './scoring'

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
  const s = String(round2(n))
  return lang === 'vi' ? s.replace('.', ',') : s
}
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
}

const partsCache = new WeakMap<Indicator, Parts>()

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
  if (input.kind === 'ratio') {
    const fact = 'profile' in input.denominator ? indexRubric(rubric).facts.get(input.denominator.profile) : undefined
    const share = s.kind === 'ratio' ? { vi: ` (${pct(s.target, 'vi')})`, en: ` (${pct(s.target, 'en')})` } : { vi: '', en: '' }
    tail = { vi: `${fact ? ` ${fact.unit.vi}` : ''}${share.vi}, `, en: `${fact ? ` ${fact.unit.en}` : ''}${share.en}, ` }
    const goal = s.kind === 'ratio' ? { vi: pct(s.target, 'vi'), en: pct(s.target, 'en') } : cond
    noDenominator = { vi: `tỉ lệ ≥ ${goal.vi}, `, en: `a ratio of ${goal.en} or more, ` }
  } else if (input.kind === 'count') {
    tail = { vi: `${cond.vi}${input.unit ? ` ${input.unit.vi}` : ''}, `, en: `${cond.en}${input.unit ? ` ${input.unit.en}` : ''}, ` }
  } else if (input.kind === 'boolean') {
    tail = { vi: 'Có', en: 'Yes' }
  } else if (input.kind === 'choice') {
    const points = s.kind === 'choice' ? s.points : {}
    const top = input.options.find((o) => (points[o.id] ?? 0) >= max)
    tail = { vi: `«${top?.label.vi ?? ''}»`, en: `“${top?.label.en ?? ''}”` }
  }
  return {
    needs: input.kind === 'boolean' ? { vi: `${id} cần: `, en: `${id} needs: ` } : input.kind === 'choice' ? { vi: `${id} cần chọn `, en: `${id} needs ` } : { vi: `${id} cần `, en: `${id} needs ` },
    tail,
    noDenominator,
    mandatoryNotMet: { vi: `Chỉ tiêu bắt buộc ${id} chưa đạt`, en: `mandatory ${id} not met` },
    threshold,
  }
}

export const mandatoryNotMet = (rubric: Rubric, indicator: Indicator): Localized => partsOf(rubric, indicator).mandatoryNotMet

function earnsFull(indicator: Indicator, n: number, den: number, max: number): boolean {
  return pointsFor(indicator, { kind: 'value', value: n / den }) >= max
}

/** Smallest whole numerator in [0, den] that earns full points; undefined when none does. */
export function neededNumerator(indicator: Indicator, den: number, threshold: number | undefined): number | undefined {
  const max = indicatorMax(indicator)
  if (!earnsFull(indicator, den, den, max)) return undefined
  // Start from the exact threshold and correct by a step or two for rounding (29.995 rounds to full points).
  let n = threshold === undefined ? den : Math.min(den, Math.max(0, Math.ceil(threshold * den)))
  while (n < den && !earnsFull(indicator, n, den, max)) n++
  while (n > 0 && earnsFull(indicator, n - 1, den, max)) n--
  return n
}

export function advise(
  rubric: Rubric,
  indicator: Indicator,
  s: IndicatorScore,
  answer: Answer | undefined,
  profile: Profile,
): Localized {
  const p = partsOf(rubric, indicator)
  const id = indicator.id
  if (s.status === 'invalid') {
    const first = s.issues[0]
    return {
      vi: `${id}: số liệu chưa hợp lệ — ${first?.message.vi ?? ''}`,
      en: `${id}: figures are not valid — ${first?.message.en ?? ''}`,
    }
  }
  const missing = !isAnswered(answer)
  const input = indicator.input
  switch (input.kind) {
    case 'ratio': {
      const numerator = answer && 'numerator' in answer ? answer.numerator : 0
      const den =
        'profile' in input.denominator ? profile[input.denominator.profile] : answer && 'numerator' in answer ? answer.denominator : undefined
      const nowVi = missing ? 'chưa trả lời' : `hiện có ${formatNumber(numerator)}`
      const nowEn = missing ? 'not answered' : `has ${numerator}`
      if (den === undefined || den === 0)
        return { vi: `${p.needs.vi}${p.noDenominator.vi}${nowVi}`, en: `${p.needs.en}${p.noDenominator.en}${nowEn}` }
      const need = neededNumerator(indicator, den, p.threshold)
      if (need === undefined)
        return { vi: `${id}: không thể đạt tối đa với mẫu số ${formatNumber(den)}`, en: `${id}: full points cannot be reached with a denominator of ${den}` }
      return { vi: `${p.needs.vi}${formatNumber(need)}/${formatNumber(den)}${p.tail.vi}${nowVi}`, en: `${p.needs.en}${need} of ${den}${p.tail.en}${nowEn}` }
    }
    case 'count': {
      const value = answer && 'count' in answer ? answer.count : 0
      return {
        vi: `${p.needs.vi}${p.tail.vi}${missing ? 'chưa trả lời' : `hiện có ${formatNumber(value)}`}`,
        en: `${p.needs.en}${p.tail.en}${missing ? 'not answered' : `has ${value}`}`,
      }
    }
    case 'boolean':
      return {
        vi: `${p.needs.vi}${p.tail.vi} (${missing ? 'chưa trả lời' : 'hiện: Không'})`,
        en: `${p.needs.en}${p.tail.en} (${missing ? 'not answered' : 'now: No'})`,
      }
    case 'choice': {
      const chosen = answer && 'choice' in answer ? input.options.find((o) => o.id === answer.choice) : undefined
      return {
        vi: `${p.needs.vi}${p.tail.vi} (${missing ? 'chưa trả lời' : `hiện: «${chosen?.label.vi ?? ''}»`})`,
        en: `${p.needs.en}${p.tail.en} (${missing ? 'not answered' : `now: “${chosen?.label.en ?? ''}”`})`,
      }
    }
    case 'roster':
      // The reference predates roster-derived answers (issue 13): it is compared on rubrics without them.
      throw new Error('the reference scorer has no roster-derived answers')
  }
}
