import { ScoreSchema as SharedScoreSchema } from '../../../shared/score-schema'
import { z } from '@hono/zod-openapi'
import { ROLES } from '../../../shared/roles'
import { YEAR_MAX, YEAR_MIN } from '../../../shared/year-range'
import { REVIEW_TIERS } from '../../../shared/review-tier'

// OpenAPI-only wrappers. The domain schemas stay plain zod in shared/; metadata is added here. Schemas built in
// shared/ exist before @hono/zod-openapi extends zod, so they lack `.openapi()`: name them with `.meta({ id })`.

export const FieldIssueSchema = z
  .object({
    field: z.string().openapi({ example: 'answers.A3.1.numerator' }),
    code: z.string(),
    message: z.object({ vi: z.string(), en: z.string() }),
  })
  .openapi('FieldIssue')

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'version_conflict' }),
      message: z.string(),
      fields: z.array(FieldIssueSchema).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error')

const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: ErrorBodySchema } },
  description,
})

export const errors = {
  400: errorResponse('Invalid request (malformed JSON, bad shape, unknown ids); `fields` names each problem'),
  401: errorResponse('Not logged in, or the token is invalid or expired'),
  403: errorResponse('Outside the caller’s scope or role'),
  404: errorResponse('No such commune, rubric or route'),
  409: errorResponse('`version_conflict` (stale version; `details.currentVersion`) or `not_editable`'),
  422: errorResponse('Values that break the rubric; `fields` names each problem'),
  429: errorResponse('`rate_limited`: too many failed logins for this username or address; retry after `Retry-After` seconds'),
  503: errorResponse('Storage is throttled or unreachable; retry after `Retry-After` seconds'),
} as const

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  content: { 'application/json': { schema } },
  ...(description ? { description } : {}),
})

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

export const Role = z.enum(ROLES)

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: Role,
    orgUnitId: z.string(),
  })
  .openapi('User')

export const OrgUnitSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['province', 'district', 'commune']),
    name: z.string(),
    parentId: z.string().optional(),
    code: z.string().optional(),
    reviewTier: z.enum(REVIEW_TIERS).optional().openapi({ description: 'The province only: what it calls its review level, `area` (khu vực, the default) or `district` (huyện)' }),
  })
  .openapi('OrgUnit')

/** A survey year in a query string, as the one range of shared/year-range.ts. */
export const YearQuery = z.coerce.number().int().min(YEAR_MIN).max(YEAR_MAX).openapi({ example: 2025 })

export const YearParam = z.coerce.number().int().min(YEAR_MIN).max(YEAR_MAX).openapi({ param: { name: 'year', in: 'path' }, example: 2025 })

export const CommuneIdParam = z
  .string()
  .min(1)
  .max(64)
  .openapi({ param: { name: 'communeId', in: 'path' }, example: 'qng-son-tay-son-dung' })

export const bearer = [{ bearer: [] as string[] }]

/**
 * A named schema or null, documented as `anyOf: [$ref, {type: null}]`. Not `.nullable()`: on a named schema
 * zod-to-openapi either makes the component itself nullable (when it meets this use first) or emits
 * `allOf: [$ref, {type: [object, null]}]`, which no null satisfies.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()])

// Documented field by field from shared/score-schema.ts (kept in sync with scoring.ts's types at compile time).
export const ScoreSchema = SharedScoreSchema.meta({ id: 'Score' })

