import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { emptyAssessment, type Assessment } from '../../shared/assessment'
import { answerText, CSV_BOM, csvField, csvHeader, csvLine, exportColumns, exportRow, legendRows, neutraliseFormula } from '../../shared/export-columns'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment } from '../../shared/scoring'
import { asciiName, contentDisposition } from '../../functions/src/exports/content-disposition'
import { perfectAnswers, profile, rubric } from './fixtures'
import type { ReviewTier } from '../../shared/review-tier'

const indicators = flattenIndicators(rubric).map((f) => f.indicator)
const byId = (id: string) => indicators.find((i) => i.id === id)!

describe('column layout', () => {
  const columns = exportColumns(rubric)

  it('has the fixed columns, one per pillar, then value and points per indicator in rubric order', () => {
    expect(columns.slice(0, 11).map((c) => c.header.vi)).toEqual([
      'Mã xã',
      'Xã',
      'Đơn vị thẩm định',
      'Trạng thái',
      'Phiên bản bộ chỉ số',
      'Tổng điểm',
      'Kết luận',
      'Tổng điểm sau thẩm định',
      'Kết luận sau thẩm định',
      'Số quyết định',
      'Ngày quyết định',
    ])
    expect(columns.slice(11, 11 + 2 * rubric.pillars.length).map((c) => c.key)).toEqual(rubric.pillars.flatMap((p) => [`pillar.${p.id}`, `reviewedPillar.${p.id}`]))
    const perIndicator = columns.slice(11 + 2 * rubric.pillars.length).map((c) => c.key)
    expect(perIndicator).toEqual(
      indicators.flatMap((i) => [`value.${i.id}`, `points.${i.id}`, `reviewedValue.${i.id}`, `reviewedPoints.${i.id}`, `verdict.${i.id}`, `reason.${i.id}`]),
    )
    expect(columns).toHaveLength(11 + 2 * 4 + 6 * 42)
    // Every column is named in both languages; the keys are unique.
    for (const c of columns) expect(c.header.en.length).toBeGreaterThan(0)
    expect(new Set(columns.map((c) => c.key)).size).toBe(columns.length)
  })

  it('puts every indicator’s label and maximum in the legend', () => {
    const legend = legendRows(columns)
    const a31 = legend.find(([vi]) => vi === 'A3.1 giá trị')!
    expect(a31[2]).toBe(byId('A3.1').label.vi)
    expect(a31[3]).toBe(byId('A3.1').label.en)
    expect(legend.find(([vi]) => vi === 'A3.1 điểm')![3]).toMatch(/^Out of \d+(\.\d+)? points$/)
  })

  it('builds rows aligned with the columns whose points are scoreAssessment’s', () => {
    const answers = perfectAnswers()
    delete answers['B1']
    answers['A1.2'] = { count: 0 }
    const assessment: Assessment = {
      ...emptyAssessment('qng-son-dung', 2025),
      status: 'recognised',
      profile,
      answers,
      provinceDecision: { action: 'recognise', by: 'u', byName: 'U', at: '2025-07-01T00:00:00Z', decisionNumber: '12/QĐ-UBND', decisionDate: '2025-06-30' },
    }
    const row = exportRow(rubric, { assessment, communeName: 'Sơn Dung', unitName: 'Sơn Tây' })
    expect(row).toHaveLength(columns.length)
    const cell = (key: string) => row[columns.findIndex((c) => c.key === key)]
    const score = scoreAssessment(rubric, assessment)
    expect(cell('commune')).toBe('Sơn Dung')
    expect(cell('status')).toBe('Đã công nhận')
    expect(cell('total')).toBe(score.total)
    expect(cell('verdict')).toBe(score.verdict.eligible ? 'Đủ điều kiện' : 'Chưa đủ điều kiện')
    expect(cell('reviewedTotal')).toBeNull()
    expect(cell('decisionNumber')).toBe('12/QĐ-UBND')
    expect(cell('decisionDate')).toBe('2025-06-30')
    for (const p of score.pillars) expect(cell(`pillar.${p.id}`)).toBe(p.points)
    for (const i of indicators) expect(cell(`points.${i.id}`)).toBe(score.indicators[i.id]!.points)
    expect(cell('value.B1')).toBeNull()
    expect(cell('points.B1')).toBe(0)
    expect(cell('value.A1.2')).toBe(0)
  })

  it('scores the reviewed values in their own columns once a reviewer has judged', () => {
    const answers = perfectAnswers()
    const assessment: Assessment = {
      ...emptyAssessment('x', 2025),
      status: 'submitted',
      profile,
      answers,
      reviews: { 'A1.3': { decision: 'adjusted', answer: { yes: false }, reason: 'Không có minh chứng', by: 'r', byName: 'R', at: '2025-05-01T00:00:00Z' } },
    }
    const row = exportRow(rubric, { assessment, communeName: 'X', unitName: 'Y' })
    const cell = (key: string) => row[columns.findIndex((c) => c.key === key)]
    const officer = scoreAssessment(rubric, assessment)
    const reviewed = scoreAssessment(rubric, { profile, answers: { ...answers, 'A1.3': { yes: false } } })
    expect(reviewed.total).toBeLessThan(officer.total)
    expect(cell('total')).toBe(officer.total)
    expect(cell('reviewedTotal')).toBe(reviewed.total)
    // The value columns are the officer's answers as typed.
    expect(cell('value.A1.3')).toBe('có')
  })

  it('names the review level as the province does: khu vực by default, huyện when it says so', () => {
    const status = (assessment: Assessment, reviewTier?: ReviewTier) =>
      exportRow(rubric, { assessment, communeName: 'X', unitName: 'Y', ...(reviewTier ? { reviewTier } : {}) })[columns.findIndex((c) => c.key === 'status')]
    const approved: Assessment = { ...emptyAssessment('x', 2025), status: 'district_approved' }
    const rejected: Assessment = { ...emptyAssessment('x', 2025), status: 'district_rejected' }
    expect(status(approved)).toBe('Khu vực đã duyệt')
    expect(status(approved, 'area')).toBe('Khu vực đã duyệt')
    expect(status(approved, 'district')).toBe('Huyện đã duyệt')
    expect(status(rejected, 'district')).toBe('Huyện từ chối')
    expect(status({ ...approved, status: 'submitted' }, 'district')).toBe('Đã nộp')
  })
})

describe('rubric versions', () => {
  it('lays out the columns by the latest version and scores with the assessment’s own version', () => {
    const columns = exportColumns(rubric)
    // Version 2 doubles A1.3's points; the assessment was submitted under version 1.
    const v2 = structuredClone(rubric)
    v2.version = rubric.version + 1
    const a13 = v2.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).find((i) => i.id === 'A1.3')!
    if (a13.scoring.kind !== 'boolean') throw new Error('A1.3 is a yes/no indicator in the 2025 rubric')
    a13.scoring.points *= 2
    const assessment: Assessment = { ...emptyAssessment('x', 2025), status: 'submitted', profile, answers: perfectAnswers(), rubricVersion: rubric.version }
    const cell = (row: unknown[], key: string) => row[columns.findIndex((c) => c.key === key)]
    const underV1 = exportRow(v2, { assessment, communeName: 'X', unitName: 'Y' }, rubric)
    const underV2 = exportRow(v2, { assessment, communeName: 'X', unitName: 'Y' })
    expect(cell(underV1, 'rubricVersion')).toBe(rubric.version)
    expect(cell(underV2, 'rubricVersion')).toBe(v2.version)
    expect(cell(underV1, 'points.A1.3')).toBe(scoreAssessment(rubric, assessment).indicators['A1.3']!.points)
    expect(cell(underV2, 'points.A1.3')).toBe(2 * (cell(underV1, 'points.A1.3') as number))
    expect(cell(underV1, 'total')).toBe(scoreAssessment(rubric, assessment).total)
  })
})

describe('answer as typed', () => {
  it('writes ratios as numerator/denominator with the percentage, the denominator from the profile when the rubric says so', () => {
    const fromProfile = indicators.find((i) => i.input.kind === 'ratio' && 'profile' in i.input.denominator)!
    const input = fromProfile.input as { denominator: { profile: string } }
    const den = profile[input.denominator.profile]!
    expect(answerText(fromProfile, { numerator: den / 2 }, profile)).toBe(`${den / 2}/${den} (50%)`)
    expect(answerText(fromProfile, { numerator: 5 }, {})).toBe('5/?')
    const typed = indicators.find((i) => i.input.kind === 'ratio' && 'label' in i.input.denominator)!
    expect(answerText(typed, { numerator: 1, denominator: 3 }, profile)).toBe('1/3 (33,33%)')
    expect(answerText(typed, { numerator: 0, denominator: 0 }, profile)).toBe('0/0')
  })

  it('writes counts as numbers, booleans as có/không, choices by their Vietnamese label', () => {
    expect(answerText(byId('A1.2'), { count: 7 }, profile)).toBe(7)
    expect(answerText(byId('A1.3'), { yes: true }, profile)).toBe('có')
    expect(answerText(byId('A1.3'), { yes: false }, profile)).toBe('không')
    const choice = byId('A1.1')
    const option = (choice.input as { options: { id: string; label: { vi: string } }[] }).options[0]!
    expect(answerText(choice, { choice: option.id }, profile)).toBe(option.label.vi)
    expect(answerText(choice, { choice: 'unknown-option' }, profile)).toBe('unknown-option')
  })
})

describe('CSV', () => {
  it('quotes per RFC 4180 and round-trips through csv-parse', () => {
    const cells = ['Sơn Dung', 'a,b', 'say "hi"', 'two\r\nlines', 12.5, null, 0]
    expect(csvLine(cells)).toBe('Sơn Dung,"a,b","say ""hi""","two\r\nlines",12.5,,0\r\n')
    const parsed = parse(CSV_BOM + csvHeader(exportColumns(rubric)) + csvLine(cells), { bom: true, relax_column_count: true }) as string[][]
    expect(parsed[0]![0]).toBe('Mã xã')
    expect(parsed[1]).toEqual(['Sơn Dung', 'a,b', 'say "hi"', 'two\r\nlines', '12.5', '', '0'])
  })

  it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+2', '-1-2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseFormula(evil)).toBe(`'${evil}`)
      expect(csvField(evil).replace(/^"/, '').startsWith("'")).toBe(true)
    }
    expect(csvField('=1,2')).toBe(`"'=1,2"`)
    expect(neutraliseFormula('Xã =')).toBe('Xã =')
    expect(csvField(-3)).toBe('-3')
    expect(csvField(Number.NaN)).toBe('')
  })
})

describe('Content-Disposition', () => {
  it('keeps diacritics in filename* and gives an ASCII fallback', () => {
    const header = contentDisposition('Đánh giá 2025 - Sơn Tây.xlsx')
    expect(header).toBe(`attachment; filename="Danh-gia-2025-Son-Tay.xlsx"; filename*=UTF-8''${encodeURIComponent('Đánh giá 2025 - Sơn Tây.xlsx')}`)
    expect(asciiName('a"b;c\\d\n.csv')).toBe('a-b-c-d.csv')
    expect(contentDisposition("it's (x).csv")).toContain("filename*=UTF-8''it%27s%20%28x%29.csv")
  })
})
