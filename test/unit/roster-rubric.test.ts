import { describe, expect, it } from 'vitest'
import type { Roster } from '../../shared/roster'
import { deriveFromRoster, isDerivedFact, isDerivedIndicator } from '../../shared/roster-derive'
import { defaultRubric2025, defaultRubric2026, defaultRubricFor } from '../../shared/rubric/default'
import { applyScoringEdits, rubricForYear } from '../../shared/rubric/edit'
import { previewRow } from '../../shared/rubric/preview'
import rubric2026Json from '../../shared/rubric/rubric-2026.json'
import { Rubric } from '../../shared/rubric/schema'
import { validateRubric } from '../../shared/rubric/validate'
import { flattenIndicators, indicatorMax } from '../../shared/rubric/walk'
import { scoreAssessment, scoreIndicator } from '../../shared/scoring'
import { validateAnswer, validateForSubmit, validateProfile } from '../../shared/validation'
import { exportColumns, exportRow } from '../../shared/export-columns'
import { clone } from './fixtures'

const DERIVED = ['A3.2', 'A3.3', 'A3.5', 'A4.2', 'D8']

/** The worked example of docs/RUBRIC-FORMAT.md: four villages, two of them without 4G. */
const roster: Roster = {
  t1: { name: 'Thôn 1', kind: 'thon', order: 0, households: 120, coverage: { viettel: { level: '4g' }, vnpt: { level: '3g' } }, fiber: true, publicWifi: true, digitalTeam: true },
  t2: { name: 'Thôn 2', kind: 'thon', order: 1, households: 95, coverage: { viettel: { level: '4g', weak: true } }, fiber: true, digitalTeam: true },
  t3: { name: 'Thôn 3', kind: 'thon', order: 2, households: 60, coverage: { viettel: { level: '3g' }, mobifone: { level: '2g' } }, digitalTeam: true },
  reu: { name: 'Làng Rêu', kind: 'lang', order: 3, households: 41, coverage: {}, digitalTeam: true },
}
const profile = { population: 1500, adults: 1100, households: 316, officials: 20, businesses: 3, schools: 2 }

const problemsOf = (mutate: (r: any) => void) => {
  const r = clone(defaultRubric2026) as any
  mutate(r)
  const v = validateRubric(r)
  return v.ok ? [] : v.problems
}

describe('the 2026 default rubric', () => {
  it('is used as is and validates; it is the 2025 rubric with the village indicators and the villages fact derived', () => {
    expect(Rubric.parse(rubric2026Json)).toEqual(rubric2026Json)
    expect(validateRubric(defaultRubric2026)).toEqual({ ok: true, rubric: defaultRubric2026 })
    const old = flattenIndicators(defaultRubric2025)
    const now = flattenIndicators(defaultRubric2026)
    expect(now.map((f) => f.indicator.id)).toEqual(old.map((f) => f.indicator.id))
    now.forEach(({ indicator }, i) => {
      const before = old[i]!.indicator
      // Same scoring meaning: points, thresholds, mandatory; only the input of the derived ones changes.
      expect(indicator.scoring).toEqual(before.scoring)
      expect(indicator.mandatory).toBe(before.mandatory)
      expect(indicatorMax(indicator)).toBe(indicatorMax(before))
      if (DERIVED.includes(indicator.id)) expect(indicator.input.kind).toBe('roster')
      else expect(indicator.input).toEqual(before.input)
    })
    expect(defaultRubric2026.profile.filter((f) => f.fromRoster).map((f) => [f.id, f.fromRoster])).toEqual([['villages', 'villages']])
    expect(defaultRubric2026.roster!.operators.map((o) => o.id)).toEqual(['viettel', 'vnpt', 'mobifone'])
    expect(DERIVED.every((id) => isDerivedIndicator(defaultRubric2026, id))).toBe(true)
    expect(isDerivedIndicator(defaultRubric2026, 'A3.1') || isDerivedFact(defaultRubric2026, 'households')).toBe(false)
    expect(isDerivedIndicator(defaultRubric2025, 'A3.3')).toBe(false)
  })

  it('is the default from 2026 on; 2025 and earlier keep the 2025 rubric', () => {
    expect(defaultRubricFor(2024)).toBe(defaultRubric2025)
    expect(defaultRubricFor(2025)).toBe(defaultRubric2025)
    expect(defaultRubricFor(2026)).toBe(defaultRubric2026)
    expect(defaultRubricFor(2031)).toBe(defaultRubric2026)
  })

  it('copies into a later year with its roster section, and its numbers can be edited like any rubric', () => {
    const next = rubricForYear(defaultRubric2026, 2027)
    expect(next).toMatchObject({ id: 'xa-cds-2027', year: 2027, roster: defaultRubric2026.roster })
    expect(validateRubric(next).ok).toBe(true)
    const edited = applyScoringEdits(next, { indicators: { 'A3.3': { scoring: { kind: 'steps', steps: [{ atMost: 0, points: 30 }, { atMost: 2, points: 10 }] } } } })
    expect(edited.issues).toEqual([])
    expect(validateRubric(edited.rubric).ok).toBe(true)
    expect(scoreAssessment(edited.rubric, { profile, answers: {}, roster }).indicators['A3.3']!.points).toBe(10)
  })
})

describe('validateRubric and the roster', () => {
  it('refuses roster inputs and derived facts without a roster section', () => {
    expect(problemsOf((r) => delete r.roster)).toEqual(
      expect.arrayContaining([
        { path: 'profile.3.fromRoster', message: '"villages" is derived from the village roster, but the rubric has no "roster" section' },
        { path: 'pillars.0.groups.2.indicators.2.input', message: 'A3.3: a "roster" input needs the rubric\'s "roster" section (its operators)' },
      ]),
    )
  })

  it('refuses an operator the roster does not list, duplicate operators and two facts derived from the same figure', () => {
    const problems = problemsOf((r) => {
      r.pillars[0].groups[2].indicators[2].input.where[0].operator = 'sfone'
      r.roster.operators.push({ id: 'vnpt', label: { vi: 'VNPT', en: 'VNPT' } })
      r.profile[2].fromRoster = 'villages'
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'pillars.0.groups.2.indicators.2.input.where.0.operator', message: 'A3.3: unknown operator "sfone" (not in roster.operators)' },
        { path: 'roster.operators.3.id', message: 'duplicate operator id "vnpt"' },
        { path: 'profile.3.fromRoster', message: '"villages" and "households" are both the roster\'s villages' },
      ]),
    )
  })

  it('allows steps for a derived count, ratio or steps for a share, nothing else', () => {
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[2].scoring = { kind: 'ratio', target: 1, points: 30 }))).toEqual([
      { path: 'pillars.0.groups.2.indicators.2.scoring.kind', message: 'A3.3: "ratio" scoring cannot score a "roster" input' },
    ])
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[1].scoring = { kind: 'boolean', points: 15 }))).toHaveLength(1)
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[1].scoring = { kind: 'steps', steps: [{ atLeast: 0.8, points: 15 }] }))).toEqual([])
  })

  it('refuses malformed conditions by the schema: "none" as a threshold, a sixth condition, a typo', () => {
    const at = 'pillars.0.groups.2.indicators.2.input.where'
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[2].input.where[0].atLeast = 'none')).map((p) => p.path)).toEqual([`${at}.0.atLeast`])
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[2].input.where = Array(6).fill({ test: 'flag', flag: 'fiber' }))).map((p) => p.path)).toEqual([at])
    expect(problemsOf((r) => (r.pillars[0].groups[2].indicators[2].input.where[0].countweak = false)).map((p) => p.path)).toEqual([`${at}.0`])
  })
})

describe('typed values for derived fields are refused', () => {
  it('an answer or a fact the roster computes is refused, naming the field', () => {
    expect(validateAnswer(defaultRubric2026, 'A3.3', { count: 0 }, {})).toEqual([
      {
        field: 'answers.A3.3',
        code: 'derived',
        message: { vi: 'A3.3: tính từ danh sách thôn, không nhập ở đây', en: 'A3.3: computed from the village roster, not typed' },
      },
    ])
    expect(validateProfile(defaultRubric2026, { villages: 4, households: 316 })).toEqual([expect.objectContaining({ field: 'profile.villages', code: 'derived' })])
    // The same answers are fine under 2025, where they are typed.
    expect(validateAnswer(defaultRubric2025, 'A3.3', { count: 0 }, { villages: 4 })).toEqual([])
    expect(validateProfile(defaultRubric2025, { villages: 4 })).toEqual([])
  })

  it('submission asks for the roster when derived figures cannot be computed, and accepts them when they can', () => {
    const without = validateForSubmit(defaultRubric2026, { profile, answers: {} })
    expect(without).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'answers.A3.3', code: 'missing' }), expect.objectContaining({ field: 'profile.villages', code: 'missing' })]))
    expect(without.find((i) => i.field === 'answers.A3.3')!.message.vi).toMatch(/^Chưa có danh sách thôn để tính/)
    const fields = validateForSubmit(defaultRubric2026, { profile: { ...profile, villages: 99 }, answers: { 'A3.3': { count: 0 } }, roster }).map((i) => i.field)
    for (const id of DERIVED) expect(fields).not.toContain(`answers.${id}`)
    expect(fields).not.toContain('profile.villages')
  })
})

describe('the worked example (docs/RUBRIC-FORMAT.md)', () => {
  it('4 villages, 2 without 4G on any operator: A3.3 counts 2, earns 0 of 30, and its advice names them', () => {
    expect(deriveFromRoster(defaultRubric2026, roster)).toEqual({
      answers: {
        'A3.2': { numerator: 2, denominator: 4 },
        'A3.3': { count: 2 },
        'A3.5': { numerator: 1, denominator: 4 },
        'A4.2': { numerator: 4, denominator: 4 },
        D8: { count: 0 },
      },
      profile: { villages: 4 },
    })
    const s = scoreAssessment(defaultRubric2026, { profile, answers: {}, roster })
    expect(s.indicators['A3.3']).toMatchObject({ status: 'scored', value: 2, points: 0, max: 30, met: false })
    expect(s.indicators['A3.2']).toMatchObject({ value: 0.5, points: 7.5 })
    expect(s.indicators['A4.2']).toMatchObject({ points: 35, met: true })
    expect(s.verdict.failures.map((f) => f.message.en)).toContain('mandatory A3.3 not met')
    expect(s.verdict.toMeet.find((t) => t.indicatorId === 'A3.3')!.message).toEqual({
      vi: 'A3.3 cần không quá 0 thôn, hiện có 2. Còn 2 thôn chưa có sóng 4G: Thôn 3, Làng Rêu',
      en: 'A3.3 needs at most 0 villages, has 2. 2 villages still without 4G: Thôn 3, Làng Rêu',
    })
    expect(s.verdict.toMeet.find((t) => t.indicatorId === 'A3.2')!.message.vi).toBe('A3.2 cần 4/4 thôn (100%), hiện có 2. Còn 2 thôn chưa có cáp quang: Thôn 3, Làng Rêu')
  })

  it('Thôn 3 gains 4G on Viettel, Làng Rêu 5G on MobiFone: A3.3 is met (30 points), no advice', () => {
    const better: Roster = {
      ...roster,
      t3: { ...roster.t3!, coverage: { ...roster.t3!.coverage, viettel: { level: '4g' } } },
      reu: { ...roster.reu!, coverage: { mobifone: { level: '5g', weak: true } } },
    }
    const s = scoreAssessment(defaultRubric2026, { profile, answers: {}, roster: better })
    expect(s.indicators['A3.3']).toMatchObject({ value: 0, points: 30, met: true })
    expect(s.verdict.toMeet.find((t) => t.indicatorId === 'A3.3')).toBeUndefined()
    expect(scoreIndicator(defaultRubric2026, flattenIndicators(defaultRubric2026).find((f) => f.indicator.id === 'A3.3')!.indicator, 'A', undefined, profile, better)).toMatchObject({ id: 'A3.3', points: 30 })
  })

  it('an empty or absent roster leaves the derived indicators unanswered, not zero (A3.3 would otherwise be met)', () => {
    for (const r of [undefined, {}]) {
      const s = scoreAssessment(defaultRubric2026, { profile, answers: {}, roster: r })
      for (const id of DERIVED) expect(s.indicators[id]).toMatchObject({ status: 'missing', points: 0 })
    }
  })

  it('a long list names ten villages and counts the rest', () => {
    const many: Roster = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`v${i}`, { name: `Thôn ${i + 1}`, kind: 'thon' as const, order: i, coverage: {} }]))
    const s = scoreAssessment(defaultRubric2026, { profile, answers: {}, roster: many })
    expect(s.verdict.toMeet.find((t) => t.indicatorId === 'A3.3')!.message.vi).toBe(
      'A3.3 cần không quá 0 thôn, hiện có 13. Còn 13 thôn chưa có sóng 4G: Thôn 1, Thôn 2, Thôn 3, Thôn 4, Thôn 5, Thôn 6, Thôn 7, Thôn 8, Thôn 9, Thôn 10 và 3 thôn khác',
    )
  })

  it('previewing the 2026 rubric on a 2025 assessment scores the derived indicators from its roster', () => {
    const assessment = { communeId: 'x', year: 2025, status: 'draft' as const, version: 1, profile: { ...profile, villages: 4 }, answers: {}, roster, updatedAt: null, updatedBy: null }
    const row = previewRow(defaultRubric2025, defaultRubric2026, assessment)
    const expected = scoreAssessment(defaultRubric2026, { profile, answers: {}, roster }, { advice: false }).total
    expect(row.newTotal).toBe(expected)
    expect(row.newTotal).toBeGreaterThan(row.oldTotal) // the typed form answered none of them
  })

  it('the export shows the derived figures as scored, beside their points', () => {
    const assessment = { communeId: 'x', year: 2026, status: 'draft' as const, version: 1, profile, answers: { 'A3.3': { count: 0 } }, roster, updatedAt: null, updatedBy: null }
    const keys = exportColumns(defaultRubric2026).map((c) => c.key)
    const row = exportRow(defaultRubric2026, { assessment, communeName: 'X', unitName: 'U' })
    const cell = (key: string) => row[keys.indexOf(key)]
    expect([cell('value.A3.3'), cell('points.A3.3')]).toEqual([2, 0])
    expect([cell('value.A3.2'), cell('points.A3.2')]).toEqual(['2/4 (50%)', 7.5])
  })
})
