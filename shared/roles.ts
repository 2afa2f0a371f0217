/** The three kinds of account (docs/REVIEW.md): the commune's officer, the review unit's reviewer, the province's
 *  administrator. Plain data (no zod), so a page listing the roles does not pull a schema library in. */
export const ROLES = ['officer', 'reviewer', 'admin'] as const
export type Role = (typeof ROLES)[number]
