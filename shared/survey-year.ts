import { z } from 'zod'
import { fieldIssue as issue, type FieldIssue } from './errors'
import { YEAR_MAX, YEAR_MIN } from './year-range'

/*
 * A survey year: the annual round in which communes assess themselves. It has a deadline (a calendar date: the
 * round closes at the end of that day in Vietnam) and per-commune extensions. After the deadline an officer can
 * no longer submit unless their commune has an extension; drafts are kept and may still be edited.
 * The year's rubric is its latest published version (storage/rubrics.ts); it is not stored here.
 */

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975), so a fixed offset is exact. */
export const VIETNAM_OFFSET = '+07:00'
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** `2025-02-30` matches the pattern but is no day; round-tripping through Date catches it. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

export const IsoDate = z.string().refine(isCalendarDate, { message: 'a calendar date YYYY-MM-DD' })

export const SurveyYearNumber = z.number().int().min(YEAR_MIN).max(YEAR_MAX)

/** A commune's extension: it may submit until the end of `until` (Vietnam time). Who, when and why are kept. */
export const Extension = z.object({
  until: IsoDate,
  reason: z.string(),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
})
export type Extension = z.infer<typeof Extension>

export const SurveyYear = z.object({
  year: SurveyYearNumber,
  deadline: IsoDate,
  openedAt: z.string(),
  openedBy: z.string(),
  openedByName: z.string(),
  updatedAt: z.string(),
  /** Per commune id; a revoked extension is removed here and stays in the year's log. */
  extensions: z.record(z.string(), Extension),
})
export type SurveyYear = z.infer<typeof SurveyYear>

/** The instant a calendar date ends in Vietnam: submissions at or before it are on time. */
export const endOfDay = (date: string): Date => new Date(`${date}T23:59:59.999${VIETNAM_OFFSET}`)

/** Today's calendar date in Vietnam. */
export const vietnamDate = (now: Date): string => new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10)

export type SubmissionWindow = {
  deadline: string
  /** Set when the commune has an extension beyond the year's deadline. */
  extendedUntil?: string
  /** The instant submitting closes for this commune (ISO). */
  closesAt: string
  open: boolean
}

/** The deadline that applies to one commune: the year's, or its extension when that is later. */
export function submissionWindow(year: Pick<SurveyYear, 'deadline' | 'extensions'>, communeId: string, now: Date): SubmissionWindow {
  const extension = year.extensions[communeId]
  const extendedUntil = extension && extension.until > year.deadline ? extension.until : undefined
  const closes = endOfDay(extendedUntil ?? year.deadline)
  return {
    deadline: year.deadline,
    ...(extendedUntil ? { extendedUntil } : {}),
    closesAt: closes.toISOString(),
    open: now.getTime() <= closes.getTime(),
  }
}

export const canSubmit = (year: Pick<SurveyYear, 'deadline' | 'extensions'>, communeId: string, now: Date): boolean =>
  submissionWindow(year, communeId, now).open

/**
 * The window that keeps this assessment from being submitted now, or undefined when the deadline does not stop it.
 * The deadline closes first submissions only: a draft stays editable after it, and an assessment the reviewer
 * returned may always be resubmitted (the reviewer asked for it). A year that was never opened as a survey year
 * (data from before survey years) has no deadline.
 */
export function closedSubmission(
  year: Pick<SurveyYear, 'deadline' | 'extensions'> | undefined,
  assessment: { communeId: string; status: string },
  now: Date,
): SubmissionWindow | undefined {
  if (!year || assessment.status !== 'draft') return undefined
  const window = submissionWindow(year, assessment.communeId, now)
  return window.open ? undefined : window
}

const MAX_YEARS_AFTER = 2

/** `date` plus `days` calendar days (for defaults such as "60 days from today"). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A calendar date as people write it in messages: 31/01/2027. */
export const dmy = (date: string): string => (isCalendarDate(date) ? date.split('-').reverse().join('/') : date)

/**
 * A deadline for `year`: a calendar date, not already over, and at most two calendar years after it (a 2025
 * round may close in 2026, or be reopened late for stragglers; anything later is a typo).
 */
export function deadlineIssues(year: number, deadline: string, now: Date, field = 'deadline'): FieldIssue[] {
  if (!isCalendarDate(deadline)) return [issue(field, 'invalid_date', 'Ngày không hợp lệ, hãy chọn một ngày có thật.', 'Not a real date: choose a date.')]
  const y = Number(deadline.slice(0, 4))
  if (y < year || y > year + MAX_YEARS_AFTER)
    return [issue(field, 'out_of_range', `Hạn nộp phải trong khoảng năm ${year}–${year + MAX_YEARS_AFTER}.`, `The deadline must fall in ${year}–${year + MAX_YEARS_AFTER}.`)]
  if (deadline < vietnamDate(now))
    return [issue(field, 'in_past', 'Hạn nộp không được là một ngày đã qua.', 'The deadline cannot be a day already over.')]
  return []
}

/** An extension must reach past the year's deadline (otherwise it extends nothing) and not be over already. */
export function extensionIssues(year: Pick<SurveyYear, 'year' | 'deadline'>, until: string, now: Date, field = 'until'): FieldIssue[] {
  if (!isCalendarDate(until)) return [issue(field, 'invalid_date', 'Ngày không hợp lệ, hãy chọn một ngày có thật.', 'Not a real date: choose a date.')]
  if (until <= year.deadline)
    return [issue(field, 'not_after_deadline', `Ngày gia hạn phải sau hạn chung (${dmy(year.deadline)}).`, `An extension must end after the year’s deadline (${dmy(year.deadline)}).`)]
  if (Number(until.slice(0, 4)) > year.year + MAX_YEARS_AFTER)
    return [issue(field, 'out_of_range', `Gia hạn tối đa đến hết năm ${year.year + MAX_YEARS_AFTER}.`, `An extension may not go beyond ${year.year + MAX_YEARS_AFTER}.`)]
  if (until < vietnamDate(now)) return [issue(field, 'in_past', 'Ngày gia hạn đã qua.', 'That date is already over.')]
  return []
}

/** What the year's log records (an audit item per change: who, when, why). */
export const SURVEY_LOG_ACTIONS = ['opened', 'deadline_changed', 'extension_granted', 'extension_revoked', 'rubric_published'] as const
export type SurveyLogAction = (typeof SURVEY_LOG_ACTIONS)[number]

export const SurveyLogEntry = z.object({
  year: SurveyYearNumber,
  action: z.enum(SURVEY_LOG_ACTIONS),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  communeId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  reason: z.string().optional(),
  rubricVersion: z.number().int().optional(),
})
export type SurveyLogEntry = z.infer<typeof SurveyLogEntry>
