import { createResource, createRoot } from 'solid-js'
import { api, type PublicYear } from './api/client'
import { session } from './auth'
import { FALLBACK_SURVEY_YEAR } from './config'

/*
 * The survey years the server has open (GET /api/years), for every page that needs "this year": the officer's
 * form and deadline, the reviewer's queue, the administrator's decisions. The newest open year is the current
 * one. The last one seen is remembered on the device, so an officer starting the app offline opens the same
 * year as last time.
 */
const STORAGE_KEY = 'xaso:year'

function remembered(): number | undefined {
  try {
    const n = Number(localStorage.getItem(STORAGE_KEY))
    return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined
  } catch {
    return undefined
  }
}

const [years, { refetch }] = createRoot(() =>
  createResource(
    () => session()?.token,
    async () => {
      const res = await api.years()
      try {
        if (res.years[0]) localStorage.setItem(STORAGE_KEY, String(res.years[0].year))
      } catch {
        /* not remembered; the server answers next time */
      }
      return res.years
    },
  ),
)

/** The current survey year: the newest open one, else the last one seen here, else the fallback. */
export const surveyYear = (): number => years.latest?.[0]?.year ?? remembered() ?? FALLBACK_SURVEY_YEAR

/** True once the list answered (or failed): pages that redirect to "this year" wait for it. */
export const yearsSettled = (): boolean => years.state === 'ready' || years.state === 'errored'

export const yearInfo = (year: number): PublicYear | undefined => years.latest?.find((y) => y.year === year)

/** After an administrator changes years or deadlines. */
export const refreshYears = () => void refetch()
