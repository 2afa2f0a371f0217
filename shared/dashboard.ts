import type { Assessment, AssessmentStatus } from './assessment'
import type { Localized } from './i18n'
import { reviewedScore } from './review'
import { lacks4g } from './roster'
import { reviewedRoster } from './roster-review'
import type { Rubric } from './rubric/schema'
import { flattenIndicators, indicatorMax as indicatorMaxOf } from './rubric/walk'
import { scoreAssessment, type Score } from './scoring'
import { ASSESSMENT_STATUSES } from './workflow'

/*
 * The province dashboard's numbers, pure. Each assessment contributes a small map of counters to its review unit
 * (`contributionOf`); storage adds the difference between what a save replaces and what it writes
 * (`diffContributions`) in the same transaction as the assessment, so the unit's totals are always the sum of its
 * communes' contributions and the dashboard reads a few items instead of every assessment. `summarizeTotals`
 * turns summed totals into what the page shows.
 *
 * Counters (all whole numbers, so DynamoDB's ADD and JavaScript's sums stay exact):
 *   s:<status>   communes in that status
 *   n            communes whose content counts (see FROZEN), e their eligible ones
 *   t            total points of those, in thousandths of a point
 *   b:<0..9>     score distribution: tenths of the rubric's maximum (b:9 includes the maximum)
 *   p:<pillar>   pillar points, in thousandths
 *   f:<id>       communes that do not meet indicator <id>
 *   g            villages of the roster where no operator reaches 4G ("thôn chưa có sóng 4G", issue 13), counted
 *                in every status: the roster is where the dead zones are, whatever the form's state. It changes
 *                only when a village's coverage does, so an autosave of answers still adds nothing.
 *
 * Which score: content counts once it is frozen. A draft or a returned form changes on every autosave and is only
 * counted by status, so an officer's PATCH never changes its unit's counters (no write on a shared item on the hot
 * path). A submitted form counts with the commune's own (self-assessed) score: that is what it claims, and a
 * reviewer's per-indicator adjustments in progress do not move the province's numbers at each click. Once the
 * district has decided (approved, rejected) and after the province's decision, the reviewed score counts (the
 * reviewer's adjusted values; recognition is decided on them), or the self-assessed one when nothing was adjusted.
 */

export type Contribution = Record<string, number>

export const BUCKETS = 10
/** Statuses whose content (score, pillars, failed indicators) is counted; drafts and returned forms only by status. */
export const FROZEN: readonly AssessmentStatus[] = ['submitted', 'district_approved', 'district_rejected', 'recognised', 'not_recognised']
const REVIEWED: readonly AssessmentStatus[] = ['district_approved', 'district_rejected', 'recognised', 'not_recognised']

const milli = (points: number) => Math.round(points * 1000)

/** The score a frozen assessment is counted with (see above); undefined for drafts and returned forms. */
export function countedScore(rubric: Rubric, assessment: Assessment): Score | undefined {
  if (!FROZEN.includes(assessment.status)) return undefined
  const own = () => scoreAssessment(rubric, assessment, { advice: false })
  return REVIEWED.includes(assessment.status) ? (reviewedScore(rubric, assessment) ?? own()) : own()
}

export function bucketOf(total: number, maxTotal: number): number {
  if (maxTotal <= 0) return 0
  return Math.max(0, Math.min(BUCKETS - 1, Math.floor((total / maxTotal) * BUCKETS)))
}

/** What one assessment adds to its review unit's counters. Without a rubric only its status is counted. */
export function contributionOf(rubric: Rubric | undefined, assessment: Assessment): Contribution {
  const c: Contribution = { [`s:${assessment.status}`]: 1 }
  const score = rubric ? countedScore(rubric, assessment) : undefined
  if (!score) return c
  c.n = 1
  if (score.verdict.eligible) c.e = 1
  c.t = milli(score.total)
  c[`b:${bucketOf(score.total, score.maxTotal)}`] = 1
  for (const p of score.pillars) c[`p:${p.id}`] = milli(p.points)
  for (const s of Object.values(score.indicators)) if (!s.met) c[`f:${s.id}`] = 1
  if (rubric?.roster) Object.assign(c, rosterContribution(rubric, assessment))
  return dropZeros(c)
}

/**
 * The village roster's counters (issue 13), counted like the score: the officer's rows once submitted, the
 * reviewed rows (reviewer's adjustments in place) once decided. `r:v` villages, `r:g` villages without 4G on any
 * of the year's operators ("thôn chưa có sóng 4G"), `r:gh` the households living in them.
 */
function rosterContribution(rubric: Rubric, assessment: Assessment): Contribution {
  const roster = REVIEWED.includes(assessment.status) ? reviewedRoster(assessment) : assessment.roster
  const operators = rubric.roster?.operators.map((o) => o.id) ?? []
  const c: Contribution = { 'r:v': 0, 'r:g': 0, 'r:gh': 0 }
  for (const v of Object.values(roster ?? {})) {
    c['r:v']!++
    if (lacks4g(v, operators)) {
      c['r:g']!++
      c['r:gh']! += v.households ?? 0
    }
  }
  return c
}

/** after − before, zeros dropped: the ADDs that turn the old contribution into the new one. */
export function diffContributions(before: Contribution, after: Contribution): Contribution {
  const out: Contribution = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0)
    if (d !== 0) out[key] = d
  }
  return out
}

export const negate = (c: Contribution): Contribution => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]))

export function addContributions(...parts: Contribution[]): Contribution {
  const out: Contribution = {}
  for (const part of parts) for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0) + v
  return dropZeros(out)
}

export const isEmptyContribution = (c: Contribution) => Object.values(c).every((v) => v === 0)

/** One string per contribution, independent of key order: stored on the item to know exactly what it added. */
export function contributionKey(c: Contribution): string {
  return JSON.stringify(
    Object.keys(c)
      .filter((k) => c[k] !== 0)
      .sort()
      .map((k) => [k, c[k]]),
  )
}

export function parseContributionKey(key: string): Contribution {
  const pairs = JSON.parse(key) as unknown
  if (!Array.isArray(pairs)) throw new Error('contribution key: not a list')
  const out: Contribution = {}
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'number') throw new Error('contribution key: bad pair')
    out[pair[0]] = pair[1]
  }
  return out
}

function dropZeros(c: Contribution): Contribution {
  for (const k of Object.keys(c)) if (c[k] === 0) delete c[k]
  return c
}

// ---- what the page shows -------------------------------------------------------------------------------------

export type DashboardStatus = AssessmentStatus | 'not_started'
export const DASHBOARD_STATUSES: readonly DashboardStatus[] = ['not_started', ...ASSESSMENT_STATUSES]

export type ScoreBucket = { from: number; to: number; count: number }
export type PillarAverage = { id: string; label: Localized; max: number; average: number | null }
export type FailedIndicator = { id: string; pillarId: string; label: Localized; mandatory: boolean; count: number; share: number }

/** Villages of the counted communes (submitted or later) and those without 4G on any operator, with households. */
export type VillageStats = { villages: number; without4g: number; householdsWithout4g: number }

export type YearStats = {
  year: number
  /** The village roster's counts (issue 13); null for a year whose rubric has no roster. */
  villages: VillageStats | null
  /** Active communes of the unit today (the org tree), the base of `not_started`. */
  communes: number
  counts: Record<DashboardStatus, number>
  /** Communes whose score is counted (submitted or later) and how many of them meet the recognition rule. */
  scored: number
  eligible: number
  averageTotal: number | null
  maxTotal: number | null
  buckets: ScoreBucket[]
  pillars: PillarAverage[]
  /** Indicators not met by the most scored communes, most first (what to invest in next year). */
  topFailed: FailedIndicator[]
}

const round1 = (x: number) => Math.round(x * 10) / 10

/**
 * The page's numbers from summed counters. `communes` comes from the org tree: communes that never opened the
 * form have no assessment and so no counter; they are the difference. A rubric-less year shows counts only.
 */
export function summarizeTotals(year: number, totals: Contribution, communes: number, rubric: Rubric | undefined, top = 10): YearStats {
  const counts = Object.fromEntries(DASHBOARD_STATUSES.map((s) => [s, 0])) as Record<DashboardStatus, number>
  let started = 0
  for (const s of ASSESSMENT_STATUSES) {
    counts[s] = Math.max(0, totals[`s:${s}`] ?? 0)
    started += counts[s]
  }
  counts.not_started = Math.max(0, communes - started)
  const scored = Math.max(0, totals.n ?? 0)
  const avg = (milliSum: number | undefined) => (scored > 0 ? round1((milliSum ?? 0) / 1000 / scored) : null)

  const maxTotal = rubric ? rubricMax(rubric) : null
  const buckets: ScoreBucket[] =
    maxTotal === null
      ? []
      : Array.from({ length: BUCKETS }, (_, i) => ({
          from: round1((maxTotal * i) / BUCKETS),
          to: round1((maxTotal * (i + 1)) / BUCKETS),
          count: Math.max(0, totals[`b:${i}`] ?? 0),
        }))

  const flat = rubric ? flattenIndicators(rubric) : []
  const pillars: PillarAverage[] = (rubric?.pillars ?? []).map((p) => ({
    id: p.id,
    label: p.label,
    max: flat.filter((f) => f.pillarId === p.id).reduce((sum, f) => sum + indicatorMaxOf(f.indicator), 0),
    average: avg(totals[`p:${p.id}`]),
  }))
  const topFailed: FailedIndicator[] = flat
    .map((f, order) => ({ f, order, count: Math.max(0, totals[`f:${f.indicator.id}`] ?? 0) }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, top)
    .map(({ f, count }) => ({
      id: f.indicator.id,
      pillarId: f.pillarId,
      label: f.indicator.label,
      mandatory: f.indicator.mandatory === true,
      count,
      share: scored > 0 ? round1((count / scored) * 100) / 100 : 0,
    }))

  return {
    year,
    villages: villageStats(totals, rubric),
    communes,
    counts,
    scored,
    eligible: Math.max(0, totals.e ?? 0),
    averageTotal: avg(totals.t),
    maxTotal,
    buckets,
    pillars,
    topFailed,
  }
}

/** From the counters alone when no rubric is at hand (the per-unit rows): a unit that counted any village. */
export function villageStats(totals: Contribution, rubric?: Rubric): VillageStats | null {
  if (!rubric?.roster && totals['r:v'] === undefined) return null
  return {
    villages: Math.max(0, totals['r:v'] ?? 0),
    without4g: Math.max(0, totals['r:g'] ?? 0),
    householdsWithout4g: Math.max(0, totals['r:gh'] ?? 0),
  }
}

function rubricMax(rubric: Rubric): number {
  return flattenIndicators(rubric).reduce((sum, f) => sum + indicatorMaxOf(f.indicator), 0)
}
