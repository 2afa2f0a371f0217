import rubric2025Json from './rubric-2025.json'
import type { Rubric } from './schema'

/**
 * The default 2025 rubric shipped with the product; provinces may replace it with their own per year. A constant
 * of the build, so it is checked once by a test (test/unit/rubric-validate.test.ts: the schema parses it to
 * itself and validateRubric accepts it) instead of by a zod parse at every import: every Lambda cold start and
 * every page load paid that parse (issue 8).
 */
export const defaultRubric2025: Rubric = rubric2025Json as Rubric
