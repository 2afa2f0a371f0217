import { z } from 'zod'
import { fieldIssue as issue, type FieldIssue } from '../errors'
import { IndicatorScoring, Recognition, type Rubric } from './schema'
import type { RubricProblem } from './validate'
import { flattenIndicators } from './walk'

/*
 * Pure edits of a rubric for the administrator's "Năm khảo sát" screen: copying last year's rubric into a new
 * year, and changing the numeric parts (thresholds, points, recognition rule) of a version. The structure
 * (indicators, inputs, labels) is changed by uploading JSON instead; the form only touches numbers.
 */

/** Per indicator: its scoring (same kind, new numbers) and/or whether it is mandatory. */
export const IndicatorEdit = z.strictObject({ scoring: IndicatorScoring.optional(), mandatory: z.boolean().optional() })
export const ScoringEdits = z.strictObject({
  indicators: z.record(z.string().min(1).max(64), IndicatorEdit).optional(),
  recognition: Recognition.partial().strict().optional(),
})
export type ScoringEdits = z.infer<typeof ScoringEdits>

/**
 * The rubric with the edits applied (a new object; the input is not changed) and the problems of the edits
 * themselves: unknown indicator ids and a changed scoring kind (which would need a different answer form).
 * The result still has to pass validateRubric.
 */
export function applyScoringEdits(rubric: Rubric, edits: ScoringEdits): { rubric: Rubric; issues: FieldIssue[] } {
  const next: Rubric = structuredClone(rubric)
  const issues: FieldIssue[] = []
  const byId = new Map(flattenIndicators(next).map((f) => [f.indicator.id, f.indicator]))
  for (const [id, edit] of Object.entries(edits.indicators ?? {})) {
    const indicator = byId.get(id)
    if (!indicator) {
      issues.push(issue(`indicators.${id}`, 'unknown_indicator', `Không có chỉ tiêu ${id}`, `No indicator ${id}`))
      continue
    }
    if (edit.scoring) {
      if (edit.scoring.kind !== indicator.scoring.kind)
        issues.push(
          issue(
            `indicators.${id}.scoring.kind`,
            'kind_changed',
            'Không đổi được cách chấm điểm trong biểu mẫu; hãy tải lên tệp JSON',
            `The scoring kind cannot change here (${indicator.scoring.kind} → ${edit.scoring.kind}); upload JSON instead`,
          ),
        )
      else indicator.scoring = structuredClone(edit.scoring)
    }
    if (edit.mandatory !== undefined) indicator.mandatory = edit.mandatory
  }
  if (edits.recognition) next.recognition = { ...next.recognition, ...edits.recognition }
  return { rubric: next, issues }
}

/**
 * validateRubric's problems as the request's fields. `prefix` names where the rubric sits in the request body
 * (`rubric.` for an upload); with `edited`, a path inside an indicator is named by the indicator's id as the
 * PATCH body names it (`indicators.A1.1.scoring.target`), and the recognition rule as `recognition.…`.
 */
export function rubricProblemFields(problems: RubricProblem[], opts: { prefix?: string; edited?: Rubric } = {}): FieldIssue[] {
  return problems.map((p) => {
    let field = p.path
    if (opts.edited) {
      const m = /^pillars\.(\d+)\.groups\.(\d+)\.indicators\.(\d+)(\..*)?$/.exec(p.path)
      const indicator = m ? opts.edited.pillars[Number(m[1])]?.groups[Number(m[2])]?.indicators[Number(m[3])] : undefined
      if (m && indicator) field = `indicators.${indicator.id}${m[4] ?? ''}`
    } else if (opts.prefix) field = p.path === '(root)' ? opts.prefix.replace(/\.$/, '') : `${opts.prefix}${p.path}`
    return issue(field, 'invalid_rubric', `Bộ tiêu chí không hợp lệ: ${p.message}`, p.message)
  })
}

/**
 * A rubric of another year as the start of `year`'s: year and id follow (`xa-cds-2025` → `xa-cds-2026`), and
 * the old year in the title becomes the new one. Version 1: the caller publishes it as the next version.
 */
export function rubricForYear(source: Rubric, year: number): Rubric {
  const from = String(source.year)
  const to = String(year)
  const swap = (text: string) => text.split(from).join(to)
  return {
    ...structuredClone(source),
    id: source.id.endsWith(from) ? source.id.slice(0, -from.length) + to : source.id,
    year,
    version: 1,
    title: { vi: swap(source.title.vi), en: swap(source.title.en) },
  }
}
