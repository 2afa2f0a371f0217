import { createRoute, z } from '@hono/zod-openapi'
import { ReasonText } from '../../../shared/assessment'
import { ScoringEdits } from '../../../shared/rubric/edit'
import { Rubric } from '../../../shared/rubric/schema'
import { Extension as SharedExtension, SurveyLogEntry, SurveyYearNumber } from '../../../shared/survey-year'
import {
  changeDeadline,
  editRubric,
  grantExtension,
  listYears,
  openYear,
  previewRubric,
  revokeExtension,
  rubricVersion,
  uploadRubric,
  yearDetail,
} from './service'
import { newRouter, type Ctx } from '../http/env'
import { bearer, CommuneIdParam, errors, json, jsonBody, YearParam } from '../http/schemas'

const DateText = z.string().openapi({ example: '2025-11-30', description: 'A calendar date; the day ends at 24:00 in Vietnam (UTC+7)' })
const Year = SurveyYearNumber

const Extension = SharedExtension.meta({ id: 'SurveyExtension' })
const AdminYear = z
  .object({
    year: z.number().int(),
    deadline: z.string(),
    rubricVersion: z.number().int().nullable(),
    openedAt: z.string(),
    openedBy: z.string(),
    openedByName: z.string(),
    updatedAt: z.string(),
    extensions: z.record(z.string(), Extension),
  })
  .openapi('SurveyYear')
const VersionInfo = z
  .object({
    year: z.number().int(),
    version: z.number().int(),
    id: z.string(),
    title: z.object({ vi: z.string(), en: z.string() }),
    published: z
      .object({
        at: z.string(),
        by: z.string(),
        byName: z.string(),
        source: z.enum(['default', 'copy', 'upload', 'edit']),
        fromYear: z.number().int().optional(),
        fromVersion: z.number().int().optional(),
      })
      .optional(),
  })
  .openapi('RubricVersionInfo')
const LogEntry = SurveyLogEntry.meta({ id: 'SurveyLogEntry' })
const YearDetail = AdminYear.extend({ versions: z.array(VersionInfo), log: z.array(LogEntry) }).openapi('SurveyYearDetail')
const PreviewRow = z
  .object({
    communeId: z.string(),
    communeName: z.string(),
    status: z.string(),
    oldTotal: z.number(),
    newTotal: z.number(),
    oldEligible: z.boolean(),
    newEligible: z.boolean(),
    change: z.enum(['gained', 'lost', 'same']),
  })
  .openapi('RubricPreviewRow')
const Preview = z
  .object({
    comparedYear: z.number().int(),
    rows: z.array(PreviewRow),
    summary: z.object({ assessments: z.number().int(), gained: z.number().int(), lost: z.number().int(), unchanged: z.number().int() }),
  })
  .openapi('RubricPreview')

const RubricJson = z.unknown().openapi({ description: 'A rubric in the rubric format; `year` and `version` are set by the server' })

const OpenYear = z
  .strictObject({
    year: Year,
    deadline: DateText,
    rubricSource: z.enum(['default', 'copy', 'upload', 'existing']).openapi({
      description: '`default`: the shipped rubric; `copy`: the latest version of `copyFrom` (default: the year before); `upload`: `rubric`; `existing`: the year’s rubric already stored',
    }),
    copyFrom: Year.optional(),
    rubric: RubricJson.optional(),
  })
  .openapi('OpenSurveyYear')

const yearParams = z.object({ year: YearParam })
const adminErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422], 503: errors[503] }

const listRoute = createRoute({
  method: 'get',
  path: '/admin/years',
  tags: ['admin'],
  summary: 'Survey years with deadlines and extensions; admin',
  security: bearer,
  responses: { 200: json(z.object({ years: z.array(AdminYear) }), 'The years, newest first'), ...adminErrors },
})

const openRoute = createRoute({
  method: 'post',
  path: '/admin/years',
  tags: ['admin'],
  summary: 'Open a survey year with its first rubric version and a deadline; admin',
  security: bearer,
  request: { body: jsonBody(OpenYear) },
  responses: { 201: json(YearDetail, 'Opened'), ...adminErrors },
})

const detailRoute = createRoute({
  method: 'get',
  path: '/admin/years/{year}',
  tags: ['admin'],
  summary: 'A survey year with its rubric versions and its log; admin',
  security: bearer,
  request: { params: yearParams },
  responses: { 200: json(YearDetail, 'The year'), ...adminErrors },
})

const deadlineRoute = createRoute({
  method: 'patch',
  path: '/admin/years/{year}',
  tags: ['admin'],
  summary: 'Change the deadline (logged); admin',
  security: bearer,
  request: { params: yearParams, body: jsonBody(z.strictObject({ deadline: DateText, reason: ReasonText.optional() }).openapi('ChangeDeadline')) },
  responses: { 200: json(YearDetail, 'Changed'), ...adminErrors },
})

const extensionParams = z.object({ year: YearParam, communeId: CommuneIdParam })

const grantRoute = createRoute({
  method: 'put',
  path: '/admin/years/{year}/extensions/{communeId}',
  tags: ['admin'],
  summary: 'Grant or change a commune’s extension (reason required, logged); admin',
  security: bearer,
  request: { params: extensionParams, body: jsonBody(z.strictObject({ until: DateText, reason: ReasonText }).openapi('GrantExtension')) },
  responses: { 200: json(YearDetail, 'Granted'), ...adminErrors },
})

const revokeRoute = createRoute({
  method: 'post',
  path: '/admin/years/{year}/extensions/{communeId}/revoke',
  tags: ['admin'],
  summary: 'Revoke a commune’s extension (reason required, logged); admin',
  security: bearer,
  request: { params: extensionParams, body: jsonBody(z.strictObject({ reason: ReasonText }).openapi('RevokeExtension')) },
  responses: { 200: json(YearDetail, 'Revoked'), ...adminErrors },
})

const versionRoute = createRoute({
  method: 'get',
  path: '/admin/years/{year}/rubrics/{version}',
  tags: ['admin'],
  summary: 'One rubric version (to download or start from); admin',
  security: bearer,
  request: { params: z.object({ year: YearParam, version: z.coerce.number().int().min(1).max(999_999).openapi({ param: { name: 'version', in: 'path' } }) }) },
  responses: { 200: json(Rubric.meta({ id: 'RubricVersion' }), 'The rubric'), ...adminErrors },
})

const uploadRoute = createRoute({
  method: 'post',
  path: '/admin/years/{year}/rubrics',
  tags: ['admin'],
  summary: 'Publish an uploaded rubric as the next version (422 lists every problem by JSON path); admin',
  security: bearer,
  request: {
    params: yearParams,
    body: jsonBody(
      z
        .strictObject({
          rubric: RubricJson,
          baseVersion: z.number().int().min(1).optional().openapi({ description: 'The version the upload replaces; 409 if another was published meanwhile' }),
        })
        .openapi('UploadRubric'),
    ),
  },
  responses: { 201: json(VersionInfo, 'Published'), ...adminErrors },
})

const editRoute = createRoute({
  method: 'patch',
  path: '/admin/years/{year}/rubrics',
  tags: ['admin'],
  summary: 'Change thresholds/points of the current version, published as the next version; admin',
  security: bearer,
  request: {
    params: yearParams,
    body: jsonBody(ScoringEdits.extend({ baseVersion: z.number().int().min(1) }).meta({ id: 'EditRubric' })),
  },
  responses: { 201: json(VersionInfo, 'Published'), ...adminErrors },
})

const previewRoute = createRoute({
  method: 'post',
  path: '/admin/years/{year}/rubrics/preview',
  tags: ['admin'],
  summary: 'Score the year before’s assessments of the province with a candidate rubric (nothing is stored); admin',
  security: bearer,
  request: { params: yearParams, body: jsonBody(z.strictObject({ rubric: RubricJson }).openapi('PreviewRubric')) },
  responses: { 200: json(Preview, 'Old and new score per assessment'), ...adminErrors },
})

export const adminYearRoutes = (ctx: Ctx) => {
  const app = newRouter()
  return app
    .openapi(listRoute, async (c) => c.json({ years: await listYears(ctx.store, c.var.principal) }, 200))
    .openapi(openRoute, async (c) => c.json(await openYear(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 201))
    .openapi(detailRoute, async (c) => c.json(await yearDetail(ctx.store, c.var.principal, c.req.valid('param').year), 200))
    .openapi(deadlineRoute, async (c) => {
      const { deadline, reason } = c.req.valid('json')
      return c.json(await changeDeadline(ctx.store, c.var.principal, c.req.valid('param').year, deadline, reason, ctx.now()), 200)
    })
    .openapi(grantRoute, async (c) => {
      const { year, communeId } = c.req.valid('param')
      return c.json(await grantExtension(ctx.store, c.var.principal, year, communeId, c.req.valid('json'), ctx.now()), 200)
    })
    .openapi(revokeRoute, async (c) => {
      const { year, communeId } = c.req.valid('param')
      return c.json(await revokeExtension(ctx.store, c.var.principal, year, communeId, c.req.valid('json').reason, ctx.now()), 200)
    })
    .openapi(previewRoute, async (c) => c.json(await previewRubric(ctx.store, c.var.principal, c.req.valid('param').year, c.req.valid('json').rubric), 200))
    .openapi(versionRoute, async (c) => {
      const { year, version } = c.req.valid('param')
      return c.json(await rubricVersion(ctx.store, c.var.principal, year, version), 200)
    })
    .openapi(uploadRoute, async (c) => c.json(await uploadRubric(ctx.store, c.var.principal, c.req.valid('param').year, c.req.valid('json'), ctx.now()), 201))
    .openapi(editRoute, async (c) => c.json(await editRubric(ctx.store, c.var.principal, c.req.valid('param').year, c.req.valid('json'), ctx.now()), 201))
}
