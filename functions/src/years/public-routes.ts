import { createRoute, z } from '@hono/zod-openapi'
import { AssessmentStatus } from '../../../shared/assessment'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json } from '../http/schemas'
import { publicYears } from './public'

// GET /years is read by every page on start-up (the officer's first page among them), so it is served by the
// Lambda's entry (app.ts); the administration of years (routes.ts adminYearRoutes) is loaded on first use.

const SubmissionWindow = z
  .object({ deadline: z.string(), extendedUntil: z.string().optional(), closesAt: z.string(), open: z.boolean() })
  .openapi('SubmissionWindow')
const PublicYear = z
  .object({
    year: z.number().int(),
    deadline: z.string(),
    rubricVersion: z.number().int().nullable(),
    submission: SubmissionWindow.optional().openapi({ description: 'Officers: their commune’s deadline (with its extension) and whether submitting is open' }),
    status: AssessmentStatus.nullable().optional().openapi({ description: 'Officers: their commune’s assessment status that year (null: nothing saved)' }),
    waiting: z.number().int().optional().openapi({ description: 'Reviewers: submissions waiting in their unit; administrators: district approvals waiting for a decision' }),
  })
  .openapi('PublicSurveyYear')

const publicListRoute = createRoute({
  method: 'get',
  path: '/years',
  tags: ['years'],
  summary: 'Open survey years, newest first (any logged-in user); officers also get their own submission window',
  security: bearer,
  responses: { 200: json(z.object({ years: z.array(PublicYear) }), 'The years'), 401: errors[401], 503: errors[503] },
})

export const publicYearRoutes = (ctx: Ctx) =>
  newRouter().openapi(publicListRoute, async (c) => c.json({ years: await publicYears(ctx.store, c.var.principal, ctx.now()) }, 200))
