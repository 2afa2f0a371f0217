import { Answer, type Answers, type NoAnswer, type Profile } from './assessment'
import type { FieldIssue } from './errors'
import { localized } from './i18n'
import { formatNumber } from './number'
import type { Indicator, Rubric } from './rubric/schema'
import { ownValue } from './own'
import { indexRubric } from './rubric/walk'
import { DERIVED_TEXT, isDerivedFact, isDerivedIndicator, withRosterAnswers, type ScoredDoc } from './roster-derive'

/*
 * Validation of what a commune enters, against one rubric. Issues name the field by a dotted path and carry a
 * message in both languages, so the API can return them as-is and the form can show them beside the input.
 * Drafts may be incomplete: only validateForSubmit asks for every fact and every indicator.
 */

const issue = (field: string, code: string, vi: string, en: string): FieldIssue => ({
  field,
  code,
  message: localized(vi, en),
})

/** "A3.3: tính từ danh sách thôn, không nhập ở đây" — a derived answer or fact is never typed (issue 13). */
const derivedIssue = (field: string, id: string): FieldIssue =>
  issue(field, 'derived', `${id}: ${DERIVED_TEXT.vi}, không nhập ở đây`, `${id}: ${DERIVED_TEXT.en}, not typed`)

export function validateProfile(rubric: Rubric, profile: Record<string, unknown>): FieldIssue[] {
  return profileIssues(rubric, profile, true)
}

/** `typed`: the profile as the officer sent it, where a derived fact is refused; else the figures that count. */
function profileIssues(rubric: Rubric, profile: Record<string, unknown>, typed: boolean): FieldIssue[] {
  const { facts } = indexRubric(rubric)
  const issues: FieldIssue[] = []
  for (const [id, value] of Object.entries(profile)) {
    const field = `profile.${id}`
    const fact = facts.get(id)
    if (!fact) {
      issues.push(issue(field, 'unknown_fact', `Không có chỉ số hồ sơ "${id}" trong bộ tiêu chí`, `Unknown profile fact "${id}"`))
      continue
    }
    if (typed && fact.fromRoster) {
      issues.push(derivedIssue(field, id))
      continue
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      issues.push(issue(field, 'not_whole', `${fact.label.vi}: phải là số nguyên không âm`, `${fact.label.en}: must be a whole number ≥ 0`))
      continue
    }
    if (value === 0 && !fact.mayBeZero)
      issues.push(issue(field, 'zero', `${fact.label.vi}: phải lớn hơn 0`, `${fact.label.en}: must be greater than 0`))
    if (fact.atMost) {
      const bound = ownValue(profile, fact.atMost)
      const boundFact = facts.get(fact.atMost)
      if (typeof bound === 'number' && value > bound && boundFact)
        issues.push(
          issue(
            field,
            'above_bound',
            `${fact.label.vi} (${value}) không được lớn hơn ${boundFact.label.vi.toLowerCase()} (${bound})`,
            `${fact.label.en} (${value}) cannot exceed ${boundFact.label.en.toLowerCase()} (${bound})`,
          ),
        )
    }
  }
  return issues
}

const kindLabel: Record<Indicator['input']['kind'], [string, string]> = {
  ratio: ['{"numerator": n} (tỉ lệ)', '{"numerator": n} (ratio)'],
  count: ['{"count": n} (số lượng)', '{"count": n} (count)'],
  boolean: ['{"yes": true|false} (có/không)', '{"yes": true|false} (yes/no)'],
  choice: ['{"choice": "<mã lựa chọn>"}', '{"choice": "<option id>"}'],
  roster: [DERIVED_TEXT.vi, DERIVED_TEXT.en],
}

export function shapeMatches(indicator: Indicator, answer: Answer): boolean {
  switch (indicator.input.kind) {
    case 'ratio':
      return 'numerator' in answer
    case 'count':
      return 'count' in answer
    case 'boolean':
      return 'yes' in answer
    case 'choice':
      return 'choice' in answer
    case 'roster':
      // The shape a derived answer has (roster-derive.ts); never typed, so only scoring meets it.
      return indicator.input.measure === 'count' ? 'count' in answer : 'numerator' in answer
  }
}

export function validateAnswer(rubric: Rubric, indicatorId: string, answer: unknown, profile: Profile): FieldIssue[] {
  const field = `answers.${indicatorId}`
  const flat = indexRubric(rubric).indicators.get(indicatorId)
  if (!flat)
    return [issue(field, 'unknown_indicator', `Không có chỉ tiêu "${indicatorId}" trong bộ tiêu chí`, `Unknown indicator "${indicatorId}"`)]
  const { indicator } = flat
  const id = indicator.id
  if (indicator.input.kind === 'roster') return [derivedIssue(field, id)]
  const parsed = Answer.safeParse(answer)
  if (parsed.success && 'noAnswer' in parsed.data) return noAnswerIssues(indicator, parsed.data)
  if (!parsed.success || !shapeMatches(indicator, parsed.data)) {
    const noteTooLong = !parsed.success && parsed.error.issues.some((i) => i.path[0] === 'note')
    if (noteTooLong)
      return [issue(`${field}.note`, 'note_too_long', `${id}: ghi chú tối đa 2000 ký tự`, `${id}: note is at most 2000 characters`)]
    const [vi, en] = kindLabel[indicator.input.kind]
    return [issue(field, 'wrong_shape', `${id}: câu trả lời phải có dạng ${vi}, là số nguyên không âm`, `${id}: answer must be ${en} with whole numbers ≥ 0`)]
  }
  return answerBoundIssues(rubric, indicator, parsed.data, profile)
}

/** "No answer yet" is always acceptable as a draft; only a denominator the rubric does not ask for is refused. */
function noAnswerIssues(indicator: Indicator, a: NoAnswer): FieldIssue[] {
  const input = indicator.input
  if (a.denominator !== undefined && !(input.kind === 'ratio' && 'label' in input.denominator))
    return [issue(`answers.${indicator.id}.denominator`, 'unexpected', `${indicator.id}: chỉ tiêu này không có mẫu số để nhập`, `${indicator.id}: this indicator has no denominator to enter`)]
  return []
}

/**
 * The rules that depend on the rubric and the profile (bounds, zero denominators, known options) for an answer
 * already known to have its indicator's shape. Scoring calls this directly: the zod parse belongs at the edges.
 */
export function answerBoundIssues(rubric: Rubric, indicator: Indicator, a: Answer, profile: Profile): FieldIssue[] {
  const id = indicator.id
  const field = `answers.${id}`
  const input = indicator.input
  const issues: FieldIssue[] = []
  if (input.kind === 'ratio' && 'numerator' in a) {
    if ('profile' in input.denominator) {
      const factId = input.denominator.profile
      if (a.denominator !== undefined)
        issues.push(issue(`${field}.denominator`, 'unexpected', `${id}: mẫu số lấy từ hồ sơ xã (${factId}), không nhập ở đây`, `${id}: the denominator comes from the profile (${factId})`))
      const den = ownValue(profile, factId)
      const fact = indexRubric(rubric).facts.get(factId)
      if (den !== undefined && a.numerator > den)
        issues.push(issue(`${field}.numerator`, 'above_denominator', `${id}: ${formatNumber(a.numerator)} lớn hơn ${fact?.label.vi.toLowerCase() ?? factId} (${formatNumber(den)})`, `${id}: ${a.numerator} exceeds ${fact?.label.en.toLowerCase() ?? factId} (${den})`))
      if (den === 0 && !indicator.whenDenominatorZero)
        issues.push(issue(`profile.${factId}`, 'zero_denominator', `${id}: ${fact?.label.vi ?? factId} bằng 0 nên không tính được tỉ lệ`, `${id}: ${fact?.label.en ?? factId} is 0, so the ratio cannot be computed`))
    } else {
      if (a.denominator === undefined)
        issues.push(issue(`${field}.denominator`, 'required', `${id}: cần nhập ${input.denominator.label.vi.toLowerCase()}`, `${id}: ${input.denominator.label.en.toLowerCase()} is required`))
      else {
        if (a.numerator > a.denominator)
          issues.push(issue(`${field}.numerator`, 'above_denominator', `${id}: tử số (${formatNumber(a.numerator)}) lớn hơn mẫu số (${formatNumber(a.denominator)})`, `${id}: numerator (${a.numerator}) exceeds denominator (${a.denominator})`))
        if (a.denominator === 0 && !indicator.whenDenominatorZero)
          issues.push(issue(`${field}.denominator`, 'zero_denominator', `${id}: mẫu số bằng 0 — hãy kiểm tra lại số liệu`, `${id}: the denominator is 0 — check the figures`))
      }
    }
  }
  if (input.kind === 'count' && 'count' in a && input.max) {
    const bound = ownValue(profile, input.max.profile)
    const fact = indexRubric(rubric).facts.get(input.max.profile)
    if (bound !== undefined && a.count > bound)
      issues.push(issue(`${field}.count`, 'above_bound', `${id}: ${formatNumber(a.count)} lớn hơn ${fact?.label.vi.toLowerCase() ?? input.max.profile} (${formatNumber(bound)})`, `${id}: ${a.count} exceeds ${fact?.label.en.toLowerCase() ?? input.max.profile} (${bound})`))
  }
  if (input.kind === 'choice' && 'choice' in a && !input.options.some((o) => o.id === a.choice))
    issues.push(issue(`${field}.choice`, 'unknown_option', `${id}: lựa chọn "${a.choice}" không có trong danh sách`, `${id}: "${a.choice}" is not one of the options`))
  return issues
}

/**
 * Everything a submission needs: every profile fact, every indicator answered, nothing invalid. Answers and
 * facts derived from the village roster are checked as computed from `doc.roster` (a value typed for them before
 * the rubric derived it is ignored, as scoring ignores it); when they cannot be computed the roster is missing.
 */
export function validateForSubmit(rubric: Rubric, input: ScoredDoc): FieldIssue[] {
  const { facts, indicators } = indexRubric(rubric)
  const doc = withRosterAnswers(rubric, input)
  const issues: FieldIssue[] = []
  const rosterMissing = (field: string, vi: string, en: string) =>
    issue(field, 'missing', `Chưa có danh sách thôn để tính: ${vi}`, `The village roster is needed to compute: ${en}`)
  for (const fact of facts.values())
    if (ownValue(doc.profile, fact.id) === undefined)
      issues.push(
        fact.fromRoster
          ? rosterMissing(`profile.${fact.id}`, fact.label.vi, fact.label.en)
          : issue(`profile.${fact.id}`, 'missing', `Chưa nhập: ${fact.label.vi}`, `Missing: ${fact.label.en}`),
      )
  issues.push(...profileIssues(rubric, doc.profile, false))
  for (const [id, { indicator }] of indicators) {
    const answer = ownValue(doc.answers, id)
    if (answer === undefined || 'noAnswer' in answer)
      issues.push(
        indicator.input.kind === 'roster'
          ? rosterMissing(`answers.${id}`, `${id} ${indicator.label.vi}`, `${id} ${indicator.label.en}`)
          : issue(`answers.${id}`, 'missing', `${id} chưa trả lời: ${indicator.label.vi}`, `${id} not answered: ${indicator.label.en}`),
      )
    // A derived answer has the shape and bounds of its measure by construction; only typed ones are checked.
    else if (indicator.input.kind !== 'roster') issues.push(...validateAnswer(rubric, id, answer, doc.profile))
  }
  for (const id of Object.keys(doc.answers))
    if (!indicators.has(id)) issues.push(...validateAnswer(rubric, id, doc.answers[id], doc.profile))
  return dedupe(issues)
}

/** Whether a field of a PATCH names a derived answer or fact (the form shows those as computed). */
export const isDerivedField = (rubric: Rubric, kind: 'answers' | 'profile', id: string): boolean =>
  kind === 'answers' ? isDerivedIndicator(rubric, id) : isDerivedFact(rubric, id)

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.field}|${i.code}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
