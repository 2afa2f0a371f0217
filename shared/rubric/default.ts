import rubric2025Json from './rubric-2025.json'
import { Rubric } from './schema'

/** The default 2025 rubric shipped with the product; provinces may replace it with their own per year. */
export const defaultRubric2025: Rubric = Rubric.parse(rubric2025Json)
