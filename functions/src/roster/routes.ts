import { createRoute, z } from '@hono/zod-openapi'
import { ReasonText } from '../../../shared/assessment'
import { Village, VillageId } from '../../../shared/roster'
import { assertCanRead } from '../auth/scope'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, jsonBody } from '../http/schemas'
import { SavedAssessmentSchema } from '../assessments/schemas'
import { CommuneYearParams } from '../review/schemas'
import { reviewVillage } from './review'

/*
 * The roster's own route (issue 13): the reviewer's adjustment of one village's row. The officer's roster edits go
 * through PATCH /communes/{communeId}/assessments/{year} with the answers. Mounted inside the assessments router,
 * whose /communes/* middleware authenticates; scope (404/403) here, role and status in the service.
 */

const VillageParams = CommuneYearParams.extend({
  villageId: z
    .string()
    .min(1)
    .max(40)
    .refine((id) => VillageId.safeParse(id).success, 'village id: letters, digits, "_" or "-" (≤ 40)')
    .openapi({ param: { name: 'villageId', in: 'path' }, example: 'thon-3' }),
})

export const VillageReviewBody = z
  .strictObject({
    version: z.number().int().min(0),
    /** The reviewed row; null: the village does not exist. The officer's own row withdraws the adjustment. */
    village: Village.nullable(),
    reason: ReasonText,
  })
  .openapi('VillageReviewRequest')

const reviewVillageRoute = createRoute({
  method: 'post',
  path: '/communes/{communeId}/assessments/{year}/roster-reviews/{villageId}',
  tags: ['review'],
  summary: 'Adjust one village’s row of the roster with a reason (it replaces the officer’s in the reviewed values); reviewer',
  security: bearer,
  request: { params: VillageParams, body: jsonBody(VillageReviewBody) },
  responses: {
    200: json(SavedAssessmentSchema, 'The new version (assessment.rosterReviews) and its score summary'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
    503: errors[503],
  },
})

export const rosterRoutes = (ctx: Ctx) =>
  newRouter().openapi(reviewVillageRoute, async (c) => {
    const { communeId, year, villageId } = c.req.valid('param')
    await assertCanRead(ctx.store, c.var.principal, communeId)
    return c.json(await reviewVillage(ctx.store, c.var.principal, communeId, year, villageId, c.req.valid('json'), ctx.now()), 200)
  })
