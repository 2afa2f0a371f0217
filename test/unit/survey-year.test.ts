import { describe, expect, it } from 'vitest'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { applyScoringEdits, rubricForYear, rubricProblemFields } from '../../shared/rubric/edit'
import { validateRubric } from '../../shared/rubric/validate'
import { flattenIndicators } from '../../shared/rubric/walk'
import {
  addDays,
  canSubmit,
  closedSubmission,
  deadlineIssues,
  endOfDay,
  extensionIssues,
  isCalendarDate,
  submissionWindow,
  vietnamDate,
  type SurveyYear,
} from '../../shared/survey-year'

const year: Pick<SurveyYear, 'year' | 'deadline' | 'extensions'> = {
  year: 2025,
  deadline: '2025-10-31',
  extensions: {
    late: { until: '2025-11-15', reason: 'Lũ', by: 'u', byName: 'U', at: '2025-10-01T00:00:00Z' },
    // An extension the deadline has since overtaken extends nothing.
    overtaken: { until: '2025-10-20', reason: 'x', by: 'u', byName: 'U', at: '2025-10-01T00:00:00Z' },
  },
}

describe('deadline in Vietnam time (UTC+7)', () => {
  it('closedSubmission: only a draft past its window is closed; a returned one and a year never opened are not', () => {
    const after = new Date('2025-11-01T00:00:00Z')
    expect(closedSubmission(year, { communeId: 'a', status: 'draft' }, after)).toMatchObject({ deadline: '2025-10-31', open: false })
    expect(closedSubmission(year, { communeId: 'late', status: 'draft' }, after)).toBeUndefined()
    expect(closedSubmission(year, { communeId: 'a', status: 'returned' }, after)).toBeUndefined()
    expect(closedSubmission(undefined, { communeId: 'a', status: 'draft' }, after)).toBeUndefined()
    expect(closedSubmission(year, { communeId: 'a', status: 'draft' }, new Date('2025-10-31T16:00:00Z'))).toBeUndefined()
  })

  it('a date ends at 23:59:59.999 in Vietnam, i.e. 16:59:59.999 UTC', () => {
    expect(endOfDay('2025-10-31').toISOString()).toBe('2025-10-31T16:59:59.999Z')
    expect(vietnamDate(new Date('2025-10-31T16:59:59Z'))).toBe('2025-10-31')
    expect(vietnamDate(new Date('2025-10-31T17:00:00Z'))).toBe('2025-11-01')
  })

  it('canSubmit: open until the end of the deadline day, then closed unless the commune is extended', () => {
    expect(canSubmit(year, 'a', new Date('2025-10-31T16:59:59.999Z'))).toBe(true)
    expect(canSubmit(year, 'a', new Date('2025-10-31T17:00:00Z'))).toBe(false)
    expect(canSubmit(year, 'late', new Date('2025-11-15T16:00:00Z'))).toBe(true)
    expect(canSubmit(year, 'late', new Date('2025-11-15T17:00:00Z'))).toBe(false)
    expect(canSubmit(year, 'overtaken', new Date('2025-10-25T00:00:00Z'))).toBe(true)
    expect(submissionWindow(year, 'overtaken', new Date('2025-10-25T00:00:00Z')).extendedUntil).toBeUndefined()
    expect(submissionWindow(year, 'late', new Date('2025-11-01T00:00:00Z'))).toEqual({
      deadline: '2025-10-31',
      extendedUntil: '2025-11-15',
      closesAt: '2025-11-15T16:59:59.999Z',
      open: true,
    })
  })
})

describe('validation of dates', () => {
  const now = new Date('2025-06-01T00:00:00Z')
  it('calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    for (const bad of ['2025-02-29', '2025-2-1', '2025-13-01', '2025-00-10', '31/10/2025', ''])
      expect(isCalendarDate(bad), bad).toBe(false)
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
  })

  it('a deadline: in the survey year up to two years after, not already over', () => {
    expect(deadlineIssues(2025, '2025-10-31', now)).toEqual([])
    expect(deadlineIssues(2025, '2025-06-01', now)).toEqual([]) // today is still allowed
    expect(deadlineIssues(2025, '2027-01-31', now)).toEqual([])
    expect(deadlineIssues(2025, '2025-05-31', now).map((i) => i.code)).toEqual(['in_past'])
    expect(deadlineIssues(2025, '2024-12-31', now).map((i) => i.code)).toEqual(['out_of_range'])
    expect(deadlineIssues(2025, '2028-01-01', now).map((i) => i.code)).toEqual(['out_of_range'])
    expect(deadlineIssues(2025, '2025-02-30', now, 'x')).toEqual([expect.objectContaining({ field: 'x', code: 'invalid_date' })])
    expect(deadlineIssues(2025, '2025-05-31', now)[0]!.message.vi).toMatch(/đã qua/)
  })

  it('an extension must end after the year’s deadline and not be over', () => {
    expect(extensionIssues(year, '2025-11-10', now)).toEqual([])
    expect(extensionIssues(year, '2025-10-31', now).map((i) => i.code)).toEqual(['not_after_deadline'])
    expect(extensionIssues(year, '2028-01-01', now).map((i) => i.code)).toEqual(['out_of_range'])
    expect(extensionIssues(year, '2025-11-10', new Date('2025-12-01T00:00:00Z')).map((i) => i.code)).toEqual(['in_past'])
    expect(extensionIssues(year, 'tomorrow', now)[0]).toMatchObject({ field: 'until', code: 'invalid_date' })
  })
})

describe('rubric edits', () => {
  const flat = flattenIndicators(defaultRubric2025)
  const ratio = flat.find((f) => f.indicator.scoring.kind === 'ratio')!.indicator
  const steps = flat.find((f) => f.indicator.scoring.kind === 'steps')!.indicator

  it('applies new numbers without touching the input; unknown ids and kind changes are reported', () => {
    const original = structuredClone(defaultRubric2025)
    const newSteps = { kind: 'steps' as const, steps: [{ atLeast: 1, points: 1 }, { atLeast: 5, points: 3 }] }
    const { rubric, issues } = applyScoringEdits(defaultRubric2025, {
      indicators: {
        [ratio.id]: { scoring: { kind: 'ratio', target: 0.5, points: 7 }, mandatory: true },
        [steps.id]: { scoring: newSteps },
        nope: { mandatory: false },
      },
      recognition: { minTotal: 10 },
    })
    expect(defaultRubric2025).toEqual(original)
    expect(issues.map((i) => i.field)).toEqual(['indicators.nope'])
    const byId = new Map(flattenIndicators(rubric).map((f) => [f.indicator.id, f.indicator]))
    expect(byId.get(ratio.id)).toMatchObject({ scoring: { kind: 'ratio', target: 0.5, points: 7 }, mandatory: true })
    expect(byId.get(steps.id)!.scoring).toEqual(newSteps)
    expect(rubric.recognition).toEqual({ ...defaultRubric2025.recognition, minTotal: 10 })

    const kind = applyScoringEdits(defaultRubric2025, { indicators: { [ratio.id]: { scoring: { kind: 'boolean', points: 1 } } } })
    expect(kind.issues).toEqual([expect.objectContaining({ field: `indicators.${ratio.id}.scoring.kind`, code: 'kind_changed' })])
  })

  it('names validateRubric’s problems by the indicator id for a form edit, and by JSON path for an upload', () => {
    const { rubric } = applyScoringEdits(defaultRubric2025, { indicators: { [ratio.id]: { scoring: { kind: 'ratio', target: 1, points: 0 } } } })
    const result = validateRubric(rubric)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(rubricProblemFields(result.problems, { edited: rubric }).map((f) => f.field)).toEqual([`indicators.${ratio.id}.scoring`])
    expect(rubricProblemFields(result.problems, { prefix: 'rubric.' })[0]!.field).toMatch(/^rubric\.pillars\.\d+\.groups\.\d+\.indicators\.\d+\.scoring$/)
    expect(rubricProblemFields([{ path: '(root)', message: 'x' }], { prefix: 'rubric.' })[0]!.field).toBe('rubric')
  })

  it('last year’s rubric as the start of a new year: year, id and title follow, content is the same', () => {
    const next = rubricForYear(defaultRubric2025, 2026)
    expect(next).toMatchObject({ id: 'xa-cds-2026', year: 2026, version: 1 })
    expect(next.title.vi).toContain('năm 2026')
    expect(next.title.vi).not.toContain('2025')
    expect(next.pillars).toEqual(defaultRubric2025.pillars)
    expect(validateRubric(next).ok).toBe(true)
  })
})
