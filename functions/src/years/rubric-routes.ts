import { createRoute, z } from '@hono/zod-openapi'
import { AssessmentInput } from '../../../shared/assessment'
import { AppError } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { scoreAssessment } from '../../../shared/scoring'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody, ScoreSchema, YearParam } from '../http/schemas'
import { rubricFor } from '../assessments/service'
import { SurveyYearNumber } from '../../../shared/survey-year'

/**
 * The schema GET /rubrics/{year} describes its answer with. Answers are not validated against it: it is only read
 * when openapi.json is built, and it gives the typed client its type. The rubric's full schema
 * (shared/rubric/schema.ts, ~25 zod schemas built at import) is passed by app-routes.ts, from which the document
 * and the client's type are built; the Lambda's entry, which answers the officer's first page with this route,
 * passes RUBRIC_NOT_DESCRIBED instead, so a cold start does not build them (issue 8).
 */
export type RubricAnswer = z.ZodType<Rubric>
export const RUBRIC_NOT_DESCRIBED: RubricAnswer = z.custom<Rubric>()

const rubricRoute = (rubric: RubricAnswer) =>
  createRoute({
    method: 'get',
    path: '/rubrics/{year}',
    tags: ['rubrics'],
    summary: 'The rubric of a survey year: its current (latest) version, or the version asked for',
    security: bearer,
    request: {
      params: z.object({ year: YearParam }),
      query: z.object({
        version: z.coerce
          .number()
          .int()
          .min(1)
          .max(999_999)
          .optional()
          .openapi({ description: 'A submitted assessment is scored by the version it records (`assessment.rubricVersion`)' }),
      }),
    },
    responses: { 200: json(rubric, 'The rubric'), 400: errors[400], 401: errors[401], 404: errors[404], 503: errors[503] },
  })

const ScoreRequest = AssessmentInput.extend({ year: SurveyYearNumber }).openapi('ScoreRequest')

const scoreRoute = createRoute({
  method: 'post',
  path: '/score',
  tags: ['rubrics'],
  summary: 'Score profile and answers against a year’s rubric without storing anything',
  security: bearer,
  request: { body: jsonBody(ScoreRequest) },
  responses: { 200: json(ScoreSchema, 'The score'), 400: errors[400], 401: errors[401], 404: errors[404], 503: errors[503] },
})

export const rubricRoutes = (ctx: Ctx, rubric: RubricAnswer) => {
  const app = newRouter()
  return app
    .openapi(rubricRoute(rubric), async (c) => {
      const { year } = c.req.valid('param')
      const { version } = c.req.valid('query')
      if (version === undefined) return c.json(await rubricFor(ctx.store, year), 200)
      const rubric = await ctx.store.rubrics.getVersion(year, version)
      if (!rubric) throw new AppError('not_found', `No rubric version ${version} for ${year}`)
      return c.json(rubric, 200)
    })
    .openapi(scoreRoute, async (c) => {
      const { year, profile, answers } = c.req.valid('json')
      return c.json(scoreAssessment(await rubricFor(ctx.store, year), { profile, answers }), 200)
    })
}
