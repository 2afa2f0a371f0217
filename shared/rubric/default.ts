import rubric2025Json from './rubric-2025.json'
import rubric2026Json from './rubric-2026.json'
import type { Rubric } from './schema'

/**
 * The default 2025 rubric shipped with the product; provinces may replace it with their own per year. A constant
 * of the build, so it is checked once by a test (test/unit/rubric-validate.test.ts: the schema parses it to
 * itself and validateRubric accepts it) instead of by a zod parse at every import: every Lambda cold start and
 * every page load paid that parse (issue 8).
 */
export const defaultRubric2025: Rubric = rubric2025Json as Rubric

/**
 * The default from 2026: the 2025 rubric with the village indicators (A3.2, A3.3, A3.5, A4.2, D8) and the number
 * of villages derived from the village roster (issue 13), same points and thresholds. Checked like 2025's.
 */
export const defaultRubric2026: Rubric = rubric2026Json as Rubric

/** The first year whose default rubric derives answers from the village roster. */
export const ROSTER_FROM_YEAR = 2026

/**
 * The shipped rubric a new survey year starts from when the province chooses "the default": 2025's before 2026
 * (assessments already exist under it), the roster-deriving one from 2026. Its `year` is the default's own; the
 * caller moves it to the year (rubric/edit.ts rubricForYear).
 */
export const defaultRubricFor = (year: number): Rubric => (year >= ROSTER_FROM_YEAR ? defaultRubric2026 : defaultRubric2025)
