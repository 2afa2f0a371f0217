import { z } from 'zod'
import { Localized } from './i18n'
import type { Score } from './scoring'

/*
 * The Score that scoreAssessment returns, as a zod schema, so the API's OpenAPI document describes it field by
 * field instead of as an opaque object. scoring.ts keeps its plain TypeScript types (the hot path never parses);
 * the type-level check at the bottom fails to compile if the two ever drift apart.
 */

const FieldIssueSchema = z.object({ field: z.string(), code: z.string(), message: Localized })

export const IndicatorScoreSchema = z.object({
  id: z.string(),
  pillarId: z.string(),
  status: z.enum(['missing', 'invalid', 'scored']),
  points: z.number(),
  max: z.number(),
  met: z.boolean(),
  value: z.number().optional().describe('numerator ÷ denominator for a ratio, the count for a count'),
  issues: z.array(FieldIssueSchema),
})

export const PillarScoreSchema = z.object({
  id: z.string(),
  points: z.number(),
  max: z.number(),
  minRequired: z.number(),
  meetsMinimum: z.boolean(),
})

export const VerdictSchema = z.object({
  eligible: z.boolean(),
  failures: z.array(
    z.object({
      rule: z.enum(['minTotal', 'pillarShare', 'mandatory']),
      subject: z.string().optional(),
      actual: z.number(),
      required: z.number(),
      message: Localized,
    }),
  ),
  toMeet: z.array(z.object({ indicatorId: z.string(), mandatory: z.boolean(), message: Localized })),
})

export const ScoreSchema = z.object({
  total: z.number(),
  maxTotal: z.number(),
  pillars: z.array(PillarScoreSchema),
  indicators: z.record(z.string(), IndicatorScoreSchema),
  missing: z.array(z.string()),
  invalid: z.array(z.string()),
  verdict: VerdictSchema,
})

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const inSync: Same<z.infer<typeof ScoreSchema>, Score> = true
void inSync
