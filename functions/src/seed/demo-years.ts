// One clock for the demo: which survey years `npm start` and the tests seed is read from `now`, never written as
// a literal, so the demo (and every test that seeds it) works on any date. On 2026-12-05 this gives the 2025
// round on rubric-2025 and the 2026 roster year on rubric-2026, exactly what the demo showed before.
import { defaultRubricFor } from '../../../shared/rubric/default'
import { rubricForYear } from '../../../shared/rubric/edit'
import type { Rubric } from '../../../shared/rubric/schema'
import { vietnamDate } from '../../../shared/survey-year'
import { YEAR_MAX, YEAR_MIN } from '../../../shared/year-range'

export type DemoYears = {
  /** The round the communes are assessing now: last calendar year in Vietnam (2025 during 2026). */
  round: number
  /** The next round, which the demo opens with village rosters (`rosterYear`). */
  roster: number
}

/** Vietnam's calendar year at `now` (31 Dec 17:00 UTC is already 1 January there). */
export const vietnamYear = (now: Date): number => Number(vietnamDate(now).slice(0, 4))

export function demoYears(now: Date = new Date()): DemoYears {
  const round = vietnamYear(now) - 1
  return { round, roster: round + 1 }
}

/** The rubric the demo publishes for `year`: the shipped default for that year, moved to it. */
export const demoRubric = (year: number): Rubric => rubricForYear(defaultRubricFor(year), year)

/** Whether the shipped default rubric for `year` keeps village rosters (its `roster` section). */
export const defaultHasRoster = (year: number): boolean => defaultRubricFor(year).roster !== undefined

/**
 * The first year from `from` whose default rubric has (or lacks) the roster section: tests pick a year by what its
 * rubric holds rather than by a literal that stops meaning "the roster year" when the defaults change.
 */
export function firstYearWhere(roster: boolean, from = YEAR_MIN): number {
  for (let year = from; year <= YEAR_MAX; year++) if (defaultHasRoster(year) === roster) return year
  throw new Error(`no year from ${from} whose default rubric ${roster ? 'has' : 'lacks'} a roster`)
}
