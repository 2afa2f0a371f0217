/** The survey years the product accepts anywhere (a path, a query, a body, a rubric, a form field). No zod here:
 *  the web's year fields read these bounds without pulling a schema library into their chunk. */
export const YEAR_MIN = 2000
export const YEAR_MAX = 2100
