/*
 * What anyone logged in reads of the survey years (GET /years): on every page's start-up, so this module stays in
 * the Lambda's entry (issue 8) and imports only the storage reads and shared/survey-year's window; the admin's
 * use cases (opening a year, deadlines, extensions, rubric versions) are service.ts, loaded on first use.
 */
import type { AssessmentStatus } from '../../../shared/assessment'
import { submissionWindow, type SubmissionWindow, type SurveyYear } from '../../../shared/survey-year'
import type { Principal } from '../auth/token'
import type { Store } from '../storage/store'

/** What anyone logged in sees of a year: no other commune's extension. */
export type PublicYear = {
  year: number
  deadline: string
  rubricVersion: number | null
  submission?: SubmissionWindow
  /** Officer: their commune's assessment status that year (null: nothing saved). */
  status?: AssessmentStatus | null
  /** Reviewer: submissions waiting in their unit; admin: district approvals waiting for the province's decision. */
  waiting?: number
}
/** The year's current rubric version (null: none published yet). */
export async function currentVersion(store: Store, year: number): Promise<number | null> {
  return (await store.rubrics.get(year))?.version ?? null
}

/**
 * GET /years: the years (newest first), with what each year holds for the caller, so the pages can open on the
 * year that needs them (shared/season.ts): an officer's submission window and status, the work waiting for a
 * reviewer (their unit's submissions) or an administrator (district approvals). One read per year.
 */
export async function publicYears(store: Store, who: Principal, now: Date): Promise<PublicYear[]> {
  const years = await store.surveyYears.list()
  return Promise.all(
    years.map(async (y) => ({
      year: y.year,
      deadline: y.deadline,
      rubricVersion: await currentVersion(store, y.year),
      ...(await standing(store, who, y, now)),
    })),
  )
}

async function standing(store: Store, who: Principal, y: SurveyYear, now: Date): Promise<Pick<PublicYear, 'submission' | 'status' | 'waiting'>> {
  if (who.role === 'officer') {
    const assessment = await store.assessments.get(who.orgUnitId, y.year)
    return { submission: submissionWindow(y, who.orgUnitId, now), status: assessment?.status ?? null }
  }
  const totals = await store.stats.unitTotals(y.year)
  if (who.role === 'reviewer') return { waiting: totals.get(who.orgUnitId)?.['s:submitted'] ?? 0 }
  // One province per deployment: every unit counted belongs to the administrator's province.
  let waiting = 0
  for (const c of totals.values()) waiting += c['s:district_approved'] ?? 0
  return { waiting }
}
