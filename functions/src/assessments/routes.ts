import { createRoute, z } from '@hono/zod-openapi'
import { AssessmentPatch } from '../../../shared/assessment'
import { assertCanEditAssessment, assertCanRead } from '../auth/scope'
import { newRouter, type Ctx } from '../http/env'
import { refuseProtoKeys } from '../http/proto-keys'
import { bearer, CommuneIdParam, errors, json, jsonBody, YearParam } from '../http/schemas'
import { AssessmentViewSchema, SavedVersionSchema } from './schemas'
import { loadAssessment, patchAssessment, submitAssessment } from './service'

export { AssessmentViewSchema, SavedAssessmentSchema, SavedVersionSchema } from './schemas'

const params = z.object({ communeId: CommuneIdParam, year: YearParam })
const path = '/communes/{communeId}/assessments/{year}'

const getRoute = createRoute({
  method: 'get',
  path,
  tags: ['assessments'],
  summary: 'A commune’s assessment for a year and its live score (an empty version-0 draft if none yet)',
  security: bearer,
  request: { params },
  responses: { 200: json(AssessmentViewSchema, 'The assessment and its score'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] },
})

const patchRoute = createRoute({
  method: 'patch',
  path,
  tags: ['assessments'],
  summary: 'Change some profile facts, answers and village rows (null removes one); officer of the commune only',
  security: bearer,
  request: { params, body: jsonBody(AssessmentPatch.meta({ id: 'AssessmentPatch' })) },
  responses: {
    200: json(SavedVersionSchema, 'Saved: the new version and a score summary (GET for the full score); a patch that changes nothing answers the current version without writing'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
    503: errors[503],
  },
})

const submitRoute = createRoute({
  method: 'post',
  path: `${path}/submit`,
  tags: ['assessments'],
  summary: 'Submit a complete draft, or resubmit a returned one (reviews of changed answers are dropped); officer of the commune only',
  security: bearer,
  request: { params, body: jsonBody(z.strictObject({ version: z.number().int().min(0) }).openapi('SubmitRequest')) },
  responses: {
    200: json(AssessmentViewSchema, 'Submitted'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
    503: errors[503],
  },
})

export const assessmentRoutes = (ctx: Ctx) => {
  const app = newRouter()
  return app
    .openapi(getRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json(await loadAssessment(ctx.store, c.var.principal, communeId, year, ctx.now()), 200)
    })
    .openapi(patchRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      refuseProtoKeys(await c.req.json(), ['profile', 'answers', 'roster'])
      const result = await patchAssessment(ctx.store, c.var.principal, communeId, year, c.req.valid('json'), ctx.now())
      return c.json(result, 200)
    })
    .openapi(submitRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      const { version } = c.req.valid('json')
      return c.json(await submitAssessment(ctx.store, c.var.principal, communeId, year, version, ctx.now()), 200)
    })
}
