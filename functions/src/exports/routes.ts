import { createRoute, z } from '@hono/zod-openapi'
import { exportColumns } from '../../../shared/export-columns'
import { contentDisposition } from './content-disposition'
import { CONTENT_TYPES, csvStream, exportFilename, rowPages, xlsxStream, type ExportFormat } from './assessments'
import { recognisedList } from './recognised'
import { exportScope } from './scope'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, YearQuery } from '../http/schemas'
import { rubricFor } from '../assessments/service'

const ExportQuery = z.object({
  year: YearQuery,
  unitId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'The province or one review unit; default: the caller’s own unit (admin: the province)' }),
})

const exportErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] }

const fileRoute = (format: ExportFormat) =>
  createRoute({
    method: 'get',
    path: `/exports/assessments.${format}`,
    tags: ['exports'],
    summary: `Every assessment of a year with each indicator's value and points, as ${format.toUpperCase()}; admin (province or a review unit) or reviewer (own unit)`,
    security: bearer,
    request: { query: ExportQuery },
    responses: {
      200: {
        content: { [CONTENT_TYPES[format].split(';')[0]!]: { schema: z.string().openapi({ format: 'binary' }) } },
        description: format === 'csv' ? 'UTF-8 with BOM, RFC 4180, one header row (Vietnamese)' : 'Sheet "Đánh giá" (data) and "Chú thích - Legend"',
      },
      ...exportErrors,
    },
  })

const RecognisedRowSchema = z
  .object({
    no: z.number().int(),
    communeId: z.string(),
    communeName: z.string().openapi({ description: 'Today’s name' }),
    nameAtRecognition: z.string().nullable().openapi({ description: 'The name at recognition, when renamed since' }),
    unitId: z.string(),
    unitName: z.string(),
    points: z.number().nullable(),
    recognisedAt: z.string().nullable(),
    decisionNumber: z.string().nullable(),
    decisionDate: z.string().nullable(),
  })
  .openapi('RecognisedRow')

const RecognisedListSchema = z
  .object({
    year: z.number().int(),
    unit: z.object({ id: z.string(), name: z.string(), kind: z.enum(['province', 'district', 'commune']) }),
    province: z.object({ id: z.string(), name: z.string() }),
    items: z.array(RecognisedRowSchema),
  })
  .openapi('RecognisedList')

const recognisedRoute = createRoute({
  method: 'get',
  path: '/exports/recognised',
  tags: ['exports'],
  summary: 'The recognised communes of a year, numbered, for the province’s decision; admin',
  security: bearer,
  request: { query: ExportQuery },
  responses: { 200: json(RecognisedListSchema, 'By review unit, then commune name'), ...exportErrors },
})

export const exportRoutes = (ctx: Ctx) => {
  const app = newRouter()

  const download = (format: ExportFormat) =>
    app.openapi(fileRoute(format), async (c) => {
      const { year, unitId } = c.req.valid('query')
      // Everything that can be refused is checked before the first byte: after it, only an abort is possible.
      const { root, units } = await exportScope(ctx.store, c.var.principal, unitId)
      const rubric = await rubricFor(ctx.store, year)
      const columns = exportColumns(rubric)
      const pages = rowPages(ctx.store, rubric, year, units)
      const filename = exportFilename(year, root, format)
      const body = format === 'csv' ? csvStream(columns, pages) : xlsxStream(columns, pages, filename)
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': CONTENT_TYPES[format],
          'content-disposition': contentDisposition(filename),
          // Personal data of the province: never kept by a shared cache or the service worker.
          'cache-control': 'no-store',
        },
      })
    })
  download('csv')
  download('xlsx')
  return app.openapi(recognisedRoute, async (c) => {
    const { year, unitId } = c.req.valid('query')
    return c.json(await recognisedList(ctx.store, c.var.principal, year, unitId), 200)
  })
}
