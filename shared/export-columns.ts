import type { Answer, Assessment, AssessmentStatus, Profile, ReviewDecision } from './assessment'
import { localized, type Localized } from './i18n'
import { DEFAULT_REVIEW_TIER, withTier, type ReviewTier } from './review-tier'
import { reviewedAnswers, reviewedScore, reviewedValues as reviewedDoc } from './review'
import { round2 } from './round'
import type { Indicator, Rubric } from './rubric/schema'
import { flattenIndicators, indicatorMax } from './rubric/walk'
import { scoreAssessment } from './scoring'
import { isDerivedIndicator, withRosterAnswers } from './roster-derive'

/*
 * The column layout of the assessments export (CSV and XLSX), pure so the unit tests, the API and the bench all
 * build the same rows. One row per assessment: who and where, status, the officer's total and verdict, the
 * reviewed total and verdict (once a reviewer judged an indicator), the province's decision, points per pillar
 * both ways (the commune's own values, then the reviewed ones), then for every indicator of the rubric, in rubric
 * order: the officer's answer as typed and its points, the reviewed value and its points (what the approval was
 * decided on: the adjusted value where the reviewer adjusted it, else the officer's), the reviewer's verdict on
 * that indicator and the reason given. Reviewed cells are empty until a reviewer has judged an indicator.
 *
 * Headers are Vietnamese only on the data rows' sheet: one header row keeps the file sortable and filterable, and
 * parseable by any CSV reader. English headers and every indicator's full label are in `legend` (the XLSX's
 * second sheet "Chú thích / Legend").
 */

export type Cell = string | number | null

export type ExportColumn = {
  key: string
  header: Localized
  /** What the column holds, for the legend (indicator labels, maximum points). */
  note?: Localized
  /** Character width for the XLSX. */
  width: number
  kind: 'text' | 'number'
}

export type ExportSource = {
  assessment: Assessment
  communeName: string
  unitName: string
  /** The province's word for its review level, in the status (default: today's review areas). */
  reviewTier?: ReviewTier
}

export const STATUS_LABELS: Readonly<Record<AssessmentStatus, Localized>> = {
  draft: localized('Bản nháp', 'Draft'),
  submitted: localized('Đã nộp', 'Submitted'),
  returned: localized('Bị trả lại', 'Returned'),
  // {Tier}: the province's review level (shared/review-tier.ts), filled where the label is written.
  district_approved: localized('{Tier} đã duyệt', '{Tier} approved'),
  district_rejected: localized('{Tier} từ chối', '{Tier} rejected'),
  recognised: localized('Đã công nhận', 'Recognised'),
  not_recognised: localized('Không công nhận', 'Not recognised'),
}

const ELIGIBLE = localized('Đủ điều kiện', 'Eligible')
const NOT_ELIGIBLE = localized('Chưa đủ điều kiện', 'Not eligible')
const YES = localized('có', 'yes')
export const REVIEW_DECISION_LABELS: Readonly<Record<ReviewDecision, Localized>> = {
  accepted: localized('Chấp nhận', 'Accepted'),
  adjusted: localized('Điều chỉnh', 'Adjusted'),
  needs_evidence: localized('Cần bổ sung minh chứng', 'Needs evidence'),
}
const NO = localized('không', 'no')

const text = (key: string, vi: string, en: string, width: number, note?: Localized): ExportColumn => ({
  key,
  header: localized(vi, en),
  width,
  kind: 'text',
  ...(note ? { note } : {}),
})
const number = (key: string, vi: string, en: string, width: number, note?: Localized): ExportColumn => ({
  key,
  header: localized(vi, en),
  width,
  kind: 'number',
  ...(note ? { note } : {}),
})

/** The columns for a rubric, in file order; exportRow returns cells in exactly this order. */
export function exportColumns(rubric: Rubric): ExportColumn[] {
  const columns: ExportColumn[] = [
    text('communeId', 'Mã xã', 'Commune id', 16),
    text('commune', 'Xã', 'Commune', 22),
    text('reviewUnit', 'Đơn vị thẩm định', 'Review unit', 20),
    text('status', 'Trạng thái', 'Status', 16),
    number('rubricVersion', 'Phiên bản bộ chỉ số', 'Rubric version', 10, localized('Phiên bản đã dùng để chấm điểm', 'The version the assessment is scored with')),
    number('total', 'Tổng điểm', 'Total points', 10, localized(`Điểm xã tự chấm, tối đa ${maxTotal(rubric)}`, `The commune's own score, out of ${maxTotal(rubric)}`)),
    text('verdict', 'Kết luận', 'Verdict', 18, localized('Theo số liệu xã khai', "On the commune's own values")),
    number('reviewedTotal', 'Tổng điểm sau thẩm định', 'Total after review', 12, localized('Trống khi chưa thẩm định chỉ tiêu nào', 'Empty until a reviewer has judged an indicator')),
    text('reviewedVerdict', 'Kết luận sau thẩm định', 'Verdict after review', 18),
    text('decisionNumber', 'Số quyết định', 'Decision number', 14, localized('Quyết định công nhận của tỉnh', "The province's recognition decision")),
    text('decisionDate', 'Ngày quyết định', 'Decision date', 12),
  ]
  for (const pillar of rubric.pillars) {
    columns.push(number(`pillar.${pillar.id}`, `Điểm trụ cột ${pillar.id}`, `Pillar ${pillar.id} points`, 10, pillar.label))
    columns.push(
      number(`reviewedPillar.${pillar.id}`, `Điểm trụ cột ${pillar.id} sau thẩm định`, `Pillar ${pillar.id} points after review`, 12, pillar.label),
    )
  }
  for (const { indicator } of flattenIndicators(rubric)) {
    const max = localized(`Tối đa ${indicatorMax(indicator)} điểm`, `Out of ${indicatorMax(indicator)} points`)
    columns.push(text(`value.${indicator.id}`, `${indicator.id} giá trị`, `${indicator.id} value`, 14, indicator.label))
    columns.push(number(`points.${indicator.id}`, `${indicator.id} điểm`, `${indicator.id} points`, 8, max))
    columns.push(
      text(
        `reviewedValue.${indicator.id}`,
        `${indicator.id} giá trị sau thẩm định`,
        `${indicator.id} value after review`,
        14,
        localized('Giá trị điều chỉnh của người thẩm định, hoặc giá trị của xã', "The reviewer's adjusted value, else the commune's"),
      ),
    )
    columns.push(number(`reviewedPoints.${indicator.id}`, `${indicator.id} điểm sau thẩm định`, `${indicator.id} points after review`, 10, max))
    columns.push(text(`verdict.${indicator.id}`, `${indicator.id} kết quả thẩm định`, `${indicator.id} review verdict`, 14))
    columns.push(text(`reason.${indicator.id}`, `${indicator.id} lý do`, `${indicator.id} reason`, 24))
  }
  return columns
}

/**
 * The cells of one assessment, aligned with exportColumns(rubric). Points are scoreAssessment's, unchanged, with
 * `scoring`: the rubric version the assessment is scored with (a submitted assessment keeps the version it was
 * submitted with, functions/src/assessments/service.ts rubricOf), which may differ from the year's latest version that
 * lays out the columns. A pillar or indicator that version lacks has empty cells.
 */
export function exportRow(rubric: Rubric, source: ExportSource, scoring: Rubric = rubric): Cell[] {
  const { assessment } = source
  const score = scoreAssessment(scoring, assessment, { advice: false })
  const reviewed = reviewedScore(scoring, assessment)
  const decision = assessment.provinceDecision
  const cells: Cell[] = [
    assessment.communeId,
    source.communeName,
    source.unitName,
    withTier(STATUS_LABELS[assessment.status]?.vi ?? assessment.status, source.reviewTier ?? DEFAULT_REVIEW_TIER, 'vi'),
    scoring.version,
    score.total,
    (score.verdict.eligible ? ELIGIBLE : NOT_ELIGIBLE).vi,
    reviewed ? reviewed.total : null,
    reviewed ? (reviewed.verdict.eligible ? ELIGIBLE : NOT_ELIGIBLE).vi : null,
    decision?.decisionNumber ?? null,
    decision?.decisionDate ?? null,
  ]
  for (const pillar of rubric.pillars) {
    cells.push(score.pillars.find((p) => p.id === pillar.id)?.points ?? null)
    cells.push(reviewed ? (reviewed.pillars.find((p) => p.id === pillar.id)?.points ?? null) : null)
  }
  const reviewedValues = reviewed ? reviewedAnswers(assessment) : undefined
  // Figures derived from the village roster (issue 13) are shown as scored; the same object when none are.
  const values = withRosterAnswers(scoring, assessment)
  // …and their reviewed figures from the reviewed roster (the reviewer's village rows in place).
  const reviewedDerived = reviewed ? withRosterAnswers(scoring, reviewedDoc(assessment)) : undefined
  for (const { indicator } of flattenIndicators(rubric)) {
    const answer = values.answers[indicator.id]
    cells.push(answer === undefined ? null : answerText(indicator, answer, values.profile))
    cells.push(score.indicators[indicator.id]?.points ?? null)
    // A reviewer corrects a derived figure through the roster, so its reviewed value is derived from the reviewed roster.
    const reviewedAnswer = reviewedDerived && isDerivedIndicator(scoring, indicator.id) ? reviewedDerived.answers[indicator.id] : reviewedValues?.[indicator.id]
    cells.push(reviewedAnswer === undefined ? null : answerText(indicator, reviewedAnswer, values.profile))
    cells.push(reviewed ? (reviewed.indicators[indicator.id]?.points ?? null) : null)
    const review = assessment.reviews?.[indicator.id]
    cells.push(review ? (REVIEW_DECISION_LABELS[review.decision]?.vi ?? review.decision) : null)
    cells.push(review?.reason ?? null)
  }
  return cells
}

/**
 * The answer as the officer typed it: `900/1200 (75%)` for a ratio (the denominator from the profile when the
 * rubric takes it from there), the count as a number, `có`/`không`, the choice's Vietnamese label.
 */
export function answerText(indicator: Indicator, answer: Answer, profile: Profile): string | number {
  if ('numerator' in answer) {
    const input = indicator.input
    const den = input.kind === 'ratio' && 'profile' in input.denominator ? profile[input.denominator.profile] : answer.denominator
    if (den === undefined) return `${answer.numerator}/?`
    if (den === 0) return `${answer.numerator}/0`
    return `${answer.numerator}/${den} (${formatPercent((answer.numerator / den) * 100)}%)`
  }
  if ('count' in answer) return answer.count
  if ('yes' in answer) return (answer.yes ? YES : NO).vi
  if ('noAnswer' in answer) return ''
  const option = indicator.input.kind === 'choice' ? indicator.input.options.find((o) => o.id === answer.choice) : undefined
  return option?.label.vi ?? answer.choice
}

/** Vietnamese decimal comma: 75,5. */
const formatPercent = (x: number): string => String(round2(x)).replace('.', ',')

const maxTotal = (rubric: Rubric): number => round2(flattenIndicators(rubric).reduce((sum, f) => sum + indicatorMax(f.indicator), 0))

/** Rows of the legend sheet: column header in both languages and what it holds. */
export function legendRows(columns: ExportColumn[]): [string, string, string, string][] {
  return columns.map((c) => [c.header.vi, c.header.en, c.note?.vi ?? '', c.note?.en ?? ''])
}

// ---- CSV (RFC 4180) ----

/** Excel on Windows reads a CSV as the ANSI code page unless it starts with a UTF-8 byte order mark. */
export const CSV_BOM = '\uFEFF'
export const CSV_EOL = '\r\n'

/**
 * Text a spreadsheet would run as a formula (= + - @, and tab / carriage return, which some parsers strip before
 * looking) gets a leading apostrophe: shown as text, never evaluated (OWASP "CSV injection"). Only text cells:
 * numbers are written by us and a negative number is not a formula.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** One field: numbers as they are, text guarded and quoted when it holds a comma, quote or line break. */
export function csvField(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  const safe = neutraliseFormula(cell)
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export const csvLine = (cells: Cell[]): string => cells.map(csvField).join(',') + CSV_EOL

export const csvHeader = (columns: ExportColumn[]): string => csvLine(columns.map((c) => c.header.vi))
