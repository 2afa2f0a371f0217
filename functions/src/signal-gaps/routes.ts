import { createRoute, z } from '@hono/zod-openapi'
import { OperatorId } from '../../../shared/roster'
import { contentDisposition } from '../exports/content-disposition'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json } from '../http/schemas'
import { csvSignalStream, geojsonStream, SIGNAL_CONTENT_TYPES, signalFilename, type SignalExportFormat } from './export'
import { loadSignalGaps } from './service'

const Label = z.object({ vi: z.string(), en: z.string() })

const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).openapi({ example: 2026 }),
  unit: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .optional()
    .openapi({ description: 'Admin: the province (default) or a unit of it; reviewer: their own unit only' }),
  operator: OperatorId.optional().openapi({ description: 'Gaps on this operator; default: no 4G on any operator' }),
  weak: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'Count weak or intermittent 4G as a gap' }),
})

const VillageRow = z
  .tuple([
    z.string(),
    z.string(),
    z.enum(['thon', 'ban', 'lang', 'to_dan_pho']),
    z.number().int().nullable(),
    z.number().nullable(),
    z.number().nullable(),
    z.record(z.string(), z.string()),
  ])
  .openapi('SignalVillage', {
    description: '[id, name, kind, households, lat, lng, coverage per operator ("4g", "3gw" = 3G weak)]',
  })

const SignalGapsSchema = z
  .object({
    year: z.number().int(),
    unit: z.object({ id: z.string(), name: z.string() }),
    operators: z.array(z.object({ id: z.string(), label: Label })),
    filter: z.object({ operator: z.string().nullable(), weak: z.boolean() }),
    communes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        unitId: z.string(),
        unitName: z.string(),
        villages: z.array(VillageRow),
        previous: z.record(z.string(), z.record(z.string(), z.string())).nullable(),
      }),
    ),
    compare: z.object({ gained: z.number().int(), stillMissing: z.number().int(), newGaps: z.number().int() }),
    previousCommunes: z.number().int(),
  })
  .openapi('SignalGaps')

const refusals = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] }

const mapRoute = createRoute({
  method: 'get',
  path: '/signal-gaps',
  tags: ['signal-gaps'],
  summary: 'Every village of the scope with its coverage per operator, and this year against last (the signal-gap map)',
  description: 'Admin: the province or a unit of it; reviewer: their own unit; officer: 403. Read from per-commune items kept at each roster save.',
  security: bearer,
  request: { query: Query },
  responses: { 200: json(SignalGapsSchema, 'The villages, by unit then commune name'), ...refusals },
})

const fileRoute = (format: SignalExportFormat) =>
  createRoute({
    method: 'get',
    path: `/signal-gaps.${format}`,
    tags: ['signal-gaps'],
    summary: `The villages without (usable) 4G under the filter, as ${format === 'csv' ? 'CSV' : 'GeoJSON'}, for the network operators`,
    security: bearer,
    request: { query: Query },
    responses: {
      200: {
        content: { [SIGNAL_CONTENT_TYPES[format].split(';')[0]!]: { schema: z.string().openapi({ format: 'binary' }) } },
        description: format === 'csv' ? 'UTF-8 with BOM, RFC 4180, one header row (Vietnamese)' : 'RFC 7946 FeatureCollection; unlocated villages have a null geometry',
      },
      ...refusals,
    },
  })

export const signalGapRoutes = (ctx: Ctx) => {
  const app = newRouter()
  const download = (format: SignalExportFormat) =>
    app.openapi(fileRoute(format), async (c) => {
      // Everything that can be refused is checked before the first byte.
      const data = await loadSignalGaps(ctx.store, c.var.principal, c.req.valid('query'))
      const body = format === 'csv' ? csvSignalStream(data) : geojsonStream(data)
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': SIGNAL_CONTENT_TYPES[format],
          'content-disposition': contentDisposition(signalFilename(data, format)),
          'cache-control': 'no-store',
        },
      })
    })
  download('geojson')
  download('csv')
  return app.openapi(mapRoute, async (c) => c.json(await loadSignalGaps(ctx.store, c.var.principal, c.req.valid('query')), 200))
}
