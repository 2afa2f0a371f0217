import { createResource, createRoot } from 'solid-js'
import { api, type PublicYear } from './api/client'
import { session } from './auth'
import { FALLBACK_SURVEY_YEAR } from './config'
import { yearNeedingAction, type YearStanding } from '../../shared/season'
import type { WorkflowRole } from '../../shared/workflow'

/*
 * The survey years the server has open (GET /api/years), for every page that needs "this year": the officer's
 * form and deadline, the reviewer's queue, the administrator's decisions. The newest open year is the current
 * one. The last answer is kept on the device, so an officer starting the app offline opens the same year (and
 * sees the same deadline) as last time. The list never fails: a failed read answers with that copy, because a
 * resource in error would throw in every page that reads it.
 */
const STORAGE_KEY = 'xaso:years'

function remembered(): PublicYear[] | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    const list = raw ? (JSON.parse(raw) as unknown) : undefined
    return Array.isArray(list) ? (list as PublicYear[]) : undefined
  } catch {
    return undefined
  }
}

async function load(): Promise<PublicYear[]> {
  try {
    const { years } = await api.years()
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(years))
    } catch {
      /* not kept; the server answers next time */
    }
    return years
  } catch {
    return remembered() ?? []
  }
}

const [years, { refetch }] = createRoot(() => createResource(() => session()?.token, load, { initialValue: remembered() ?? [] }))

/** The current survey year: the newest open one (from the server, else as last seen here), else the fallback. */
export const surveyYear = (): number => years.latest[0]?.year ?? FALLBACK_SURVEY_YEAR

/** True once the server answered (or could not be reached): pages that redirect to "this year" wait for it. */
export const yearsSettled = (): boolean => years.state === 'ready'

export const yearInfo = (year: number): PublicYear | undefined => years.latest.find((y) => y.year === year)

/** After an administrator changes years or deadlines. */
export const refreshYears = () => void refetch()

const standingOf = (y: PublicYear): YearStanding => ({
  year: y.year,
  deadline: y.deadline,
  closesAt: y.submission?.closesAt,
  status: y.status,
  waiting: y.waiting,
})

/** The year a list opens on when its URL names none: the one that still needs this user (shared/season.ts). */
export const yearFor = (role: WorkflowRole): number => yearNeedingAction(role, years.latest.map(standingOf), new Date()) ?? surveyYear()

/** The open years, newest first (for the year pickers). */
export const openYears = (): PublicYear[] => years.latest
