import { z } from 'zod'

/** The three kinds of account (docs/REVIEW.md): the commune's officer, the review unit's reviewer, the province's administrator. */
export const ROLES = ['officer', 'reviewer', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>
