import type { AssessmentStatus } from './assessment'
import { endOfDay } from './survey-year'
import type { WorkflowRole } from './workflow'

/*
 * Several survey years can be open at once (2025 until its deadline while 2026 has opened). Every list takes a
 * year; this decides which one a page opens on when the URL names none: the year that still needs this user.
 */

/** What the server tells one user about one year (GET /years); fields that do not apply to the role are absent. */
export type YearStanding = {
  year: number
  /** The year's deadline, YYYY-MM-DD (Vietnam). */
  deadline: string
  /** Officer: when submitting closes for their commune (their extension included), ISO. */
  closesAt?: string | undefined
  /** Officer: their commune's assessment status that year; null when nothing was saved yet. */
  status?: AssessmentStatus | null | undefined
  /** Reviewer: submissions waiting in their unit; administrator: district approvals waiting for a decision. */
  waiting?: number | undefined
}

const NOT_YET_SUBMITTED: readonly (AssessmentStatus | null)[] = [null, 'draft', 'returned']

const closesAt = (y: YearStanding) => y.closesAt ?? endOfDay(y.deadline).toISOString()
const newest = (years: readonly YearStanding[]) => years.reduce<YearStanding | undefined>((a, y) => (!a || y.year > a.year ? y : a), undefined)

/**
 * The year a page should open on for this user, or undefined when no year is open.
 * - officer: of the rounds their commune has not submitted yet and can still submit (open window, or returned
 *   by the reviewer, which may always be resubmitted), the one that closes first;
 * - reviewer / administrator: of the years where something waits for them, the oldest (its round ends first);
 * - otherwise the newest year.
 */
export function yearNeedingAction(role: WorkflowRole, years: readonly YearStanding[], now: Date): number | undefined {
  const at = now.toISOString()
  if (role === 'officer') {
    const candidates = years.filter(
      (y) => NOT_YET_SUBMITTED.includes(y.status ?? null) && (y.status === 'returned' || closesAt(y) >= at),
    )
    const first = candidates.reduce<YearStanding | undefined>(
      (a, y) => (!a || closesAt(y) < closesAt(a) || (closesAt(y) === closesAt(a) && y.year < a.year) ? y : a),
      undefined,
    )
    return (first ?? newest(years))?.year
  }
  const waiting = years.filter((y) => (y.waiting ?? 0) > 0)
  const oldest = waiting.reduce<YearStanding | undefined>((a, y) => (!a || y.year < a.year ? y : a), undefined)
  return (oldest ?? newest(years))?.year
}

/** Whole days from `from` to `now` (for "days waiting"); 0 for a date in the future. */
export function daysBetween(from: string, now: Date): number {
  const ms = now.getTime() - new Date(from).getTime()
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 86_400_000) : 0
}
