import { createRoute, z } from '@hono/zod-openapi'
import { DASHBOARD_STATUSES } from '../../../shared/dashboard'
import { loadDashboard } from './service'
import { newRouter, type Ctx } from '../http/env'
import { bearer, errors, json, orNull, YearQuery } from '../http/schemas'

const Label = z.object({ vi: z.string(), en: z.string() })

const YearStats = z
  .object({
    year: z.number().int(),
    villages: z
      .object({ villages: z.number().int(), without4g: z.number().int(), householdsWithout4g: z.number().int() })
      .nullable()
      .openapi({ description: 'Village roster (issue 13) of the communes counted (submitted or later): villages, those without 4G on any operator, their households; null when the year has no roster' }),
    communes: z.number().int().openapi({ description: 'Active communes of the unit today (the base of not_started)' }),
    counts: z.object(Object.fromEntries(DASHBOARD_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof DASHBOARD_STATUSES)[number], z.ZodNumber>),
    scored: z.number().int().openapi({ description: 'Communes whose score is counted: submitted (self-assessed) or decided (reviewed)' }),
    eligible: z.number().int(),
    averageTotal: z.number().nullable(),
    maxTotal: z.number().nullable(),
    buckets: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
    pillars: z.array(z.object({ id: z.string(), label: Label, max: z.number(), average: z.number().nullable() })),
    topFailed: z.array(
      z.object({ id: z.string(), pillarId: z.string(), label: Label, mandatory: z.boolean(), count: z.number().int(), share: z.number() }),
    ),
  })
  .openapi('DashboardYear')

const Dashboard = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), kind: z.enum(['province', 'district', 'commune']) }),
    units: z.array(z.object({ id: z.string(), name: z.string() })),
    current: YearStats,
    previous: orNull(YearStats),
    byUnit: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        communes: z.number().int(),
        started: z.number().int(),
        submitted: z.number().int(),
        approved: z.number().int(),
        recognised: z.number().int(),
        averageTotal: z.number().nullable(),
        without4g: z.number().int().nullable().openapi({ description: 'Villages without 4G (thôn chưa có sóng 4G) of the counted communes; null when the year has no roster' }),
        without4gBefore: z.number().int().nullable().openapi({ description: 'The same a year earlier; null when that year has no roster counted' }),
      }),
    ),
  })
  .openapi('Dashboard')

const UnitId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')

const dashboardRoute = createRoute({
  method: 'get',
  path: '/dashboard',
  tags: ['dashboard'],
  summary: 'Status counts, score distribution, pillar averages, most-failed indicators and last year, for a province or review unit',
  description:
    'Admin: the province (default) or any of its review units; reviewer: their own unit; officer: 403. ' +
    'Read from counters maintained in the same transaction as every assessment change; never reads assessments.',
  security: bearer,
  request: {
    query: z.object({
      year: YearQuery,
      unitId: UnitId.optional().openapi({ description: 'Default: the caller’s own unit' }),
    }),
  },
  responses: {
    200: json(Dashboard, 'The numbers'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    503: errors[503],
  },
})

export const dashboardRoutes = (ctx: Ctx) => {
  const app = newRouter()
  return app.openapi(dashboardRoute, async (c) => c.json(await loadDashboard(ctx.store, c.var.principal, c.req.valid('query')), 200))
}
