import type { FieldIssue } from './errors'
import type { Localized } from './i18n'

/*
 * The shapes a score is handed around in. Their own module so that the scoring core, the advice and the full
 * Score builder can share them without importing one another in a circle.
 */

export type IndicatorStatus = 'missing' | 'invalid' | 'scored'

export type IndicatorScore = {
  id: string
  pillarId: string
  status: IndicatorStatus
  points: number
  max: number
  met: boolean
  /** numerator ÷ denominator for a ratio, the count for a count; absent when not computable */
  value?: number | undefined
  issues: FieldIssue[]
}

export type PillarScore = { id: string; points: number; max: number; minRequired: number; meetsMinimum: boolean }

export type VerdictFailure = {
  rule: 'minTotal' | 'pillarShare' | 'mandatory'
  subject?: string
  actual: number
  required: number
  message: Localized
}

export type IndicatorAdvice = { indicatorId: string; mandatory: boolean; message: Localized }

export type Verdict = { eligible: boolean; failures: VerdictFailure[]; toMeet: IndicatorAdvice[] }

export type Score = {
  total: number
  maxTotal: number
  pillars: PillarScore[]
  indicators: Record<string, IndicatorScore>
  missing: string[]
  invalid: string[]
  verdict: Verdict
}

/** What a save answers with: enough to confirm the total, small enough for 3G (the full score is ~12 KB). */
export type ScoreSummary = { total: number; maxTotal: number; eligible: boolean; missing: number; invalid: number }
