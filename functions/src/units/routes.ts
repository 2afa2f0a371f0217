import { createRoute, z } from '@hono/zod-openapi'
import { REVIEW_TIERS } from '../../../shared/review-tier'
import { communeHistory, createUnit, listUnits, mergeUnits, retireUnit, updateUnit } from './service'
import { newRouter, type Ctx } from '../http/env'
import { bearer, CommuneIdParam, errors, json, jsonBody, OrgUnitSchema } from '../http/schemas'

const UnitId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
const UnitName = z.string().trim().min(1).max(200)
const UnitCode = z.string().trim().min(1).max(32)

const AdminOrgUnit = OrgUnitSchema.extend({
    retired: z.boolean().optional(),
    retiredAt: z.string().optional(),
    mergedInto: z.string().optional(),
    predecessorIds: z.array(z.string()).optional(),
  })
  .openapi('AdminOrgUnit')

const CreateUnit = z
  .strictObject({
    id: UnitId.optional().openapi({ description: 'Generated from the name if omitted' }),
    kind: z.enum(['district', 'commune']).openapi({ description: '`district` is also a province’s review area' }),
    name: UnitName,
    parentId: UnitId.openapi({ description: 'The province for a district; a district for a commune' }),
    code: UnitCode.optional(),
  })
  .openapi('CreateUnit')

const UpdateUnit = z
  .strictObject({
    name: UnitName.optional(),
    parentId: UnitId.optional().openapi({ description: 'Communes only: move to another review unit' }),
    code: UnitCode.optional(),
    reviewTier: z.enum(REVIEW_TIERS).optional().openapi({ description: 'The province only: `area` (khu vực thẩm định) or `district` (huyện), the word every page and export uses for the review level' }),
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined || b.code !== undefined || b.reviewTier !== undefined, { message: 'Nothing to change', path: ['name'] })
  .openapi('UpdateUnit')

const MergeUnits = z
  .strictObject({
    into: z.strictObject({
      id: UnitId.optional().openapi({ description: 'An existing commune that absorbs the others, or the id for the new one' }),
      name: UnitName,
      parentId: UnitId,
      code: UnitCode.optional(),
    }),
    from: z.array(UnitId).min(1).max(99),
    drafts: z
      .discriminatedUnion('mode', [z.strictObject({ mode: z.literal('merge') }), z.strictObject({ mode: z.literal('keep'), communeId: UnitId })])
      .optional()
      .openapi({ description: 'The communes’ drafts (draft or returned, any year): merged field by field (default) or one commune’s kept' }),
    officers: z.enum(['move', 'deactivate']).optional().openapi({ description: 'The merged-away communes’ accounts: moved to the successor (default) or deactivated' }),
  })
  .openapi('MergeUnits')

const MergeLogSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    by: z.string(),
    byName: z.string(),
    into: z.object({ id: z.string(), name: z.string() }),
    from: z.array(z.object({ id: z.string(), name: z.string() })),
    drafts: z.object({ mode: z.enum(['merge', 'keep']), communeId: z.string().optional() }),
    officers: z.enum(['move', 'deactivate']),
    years: z.array(z.object({ year: z.number().int(), carried: z.array(z.string()), setAside: z.array(z.string()), successorVersion: z.number().int().optional() })),
    users: z.array(z.object({ username: z.string(), name: z.string(), action: z.enum(['move', 'deactivate']) })),
  })
  .openapi('MergeRecord')

const MergeResult = z.object({ into: AdminOrgUnit, from: z.array(AdminOrgUnit), merge: MergeLogSchema }).openapi('MergeResult')

const HistoryEntry = z.object({
  communeId: z.string(),
  communeName: z.string(),
  predecessor: z.boolean().openapi({ description: 'From a commune merged into this one' }),
  year: z.number().int(),
  status: z.string(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).optional(),
  mergedInto: z.string().optional().openapi({ description: 'This draft was carried to (or set aside at) a merge into that commune' }),
  decisionNumber: z.string().optional().openapi({ description: 'The province’s recognition decision of this assessment' }),
  decisionDate: z.string().optional(),
})
const CommuneHistory = z
  .object({
    commune: AdminOrgUnit,
    predecessors: z.array(AdminOrgUnit),
    years: z.array(z.object({ year: z.number().int(), assessments: z.array(HistoryEntry) })),
    merges: z.array(MergeLogSchema).openapi({ description: 'The merges this commune (or a predecessor) absorbed others in, oldest first' }),
  })
  .openapi('CommuneHistory')

const idParam = z.object({ id: UnitId.openapi({ param: { name: 'id', in: 'path' } }) })

const adminErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 503: errors[503] }

const listRoute = createRoute({
  method: 'get',
  path: '/admin/units',
  tags: ['admin'],
  summary: 'Children of a unit of the admin’s province (default: the province’s districts / review areas)',
  security: bearer,
  request: {
    query: z.object({
      parentId: UnitId.optional(),
      includeRetired: z.enum(['true', 'false']).optional().openapi({ description: 'Retired units are hidden unless true' }),
    }),
  },
  responses: { 200: json(z.object({ units: z.array(AdminOrgUnit) }), 'The units, by Vietnamese name'), ...adminErrors },
})

const createUnitRoute = createRoute({
  method: 'post',
  path: '/admin/units',
  tags: ['admin'],
  summary: 'Create a district / review area (under the province) or a commune (under a district); admin',
  security: bearer,
  request: { body: jsonBody(CreateUnit) },
  responses: { 201: json(AdminOrgUnit, 'Created'), ...adminErrors },
})

const updateUnitRoute = createRoute({
  method: 'patch',
  path: '/admin/units/{id}',
  tags: ['admin'],
  summary:
    'Rename a unit, or move a commune to another review unit; admin. A move takes the commune’s assessments of every year with it (queue, dashboard counters, signal-gap map) in one transaction: 409 `conflict` if anything changed meanwhile, 400 `too_large` on `parentId` beyond 100 writes. Retired units are read-only (409)',
  security: bearer,
  request: { params: idParam, body: jsonBody(UpdateUnit) },
  responses: { 200: json(AdminOrgUnit, 'Updated'), ...adminErrors },
})

const retireUnitRoute = createRoute({
  method: 'post',
  path: '/admin/units/{id}/retire',
  tags: ['admin'],
  summary: 'Retire a unit: hidden from scope lists, history kept, its assessments read-only; admin',
  security: bearer,
  request: { params: idParam },
  responses: { 200: json(AdminOrgUnit, 'Retired'), ...adminErrors },
})

const mergeRoute = createRoute({
  method: 'post',
  path: '/admin/units/merge',
  tags: ['admin'],
  summary: 'Merge communes (2025 reform): the merged commune records its predecessors, which are retired; admin',
  security: bearer,
  request: { body: jsonBody(MergeUnits) },
  responses: { 200: json(MergeResult, 'Merged, in one transaction'), ...adminErrors },
})

const historyRoute = createRoute({
  method: 'get',
  path: '/communes/{communeId}/history',
  tags: ['assessments'],
  summary: 'The commune’s assessments and its predecessors’ (merged communes), per year, newest first; scoped',
  security: bearer,
  request: { params: z.object({ communeId: CommuneIdParam }) },
  responses: { 200: json(CommuneHistory, 'History'), 401: errors[401], 403: errors[403], 404: errors[404], 503: errors[503] },
})

export const adminUnitRoutes = (ctx: Ctx) => {
  const app = newRouter()
  return app
    .openapi(listRoute, async (c) => {
      const { parentId, includeRetired } = c.req.valid('query')
      return c.json({ units: await listUnits(ctx.store, c.var.principal, parentId, includeRetired === 'true') }, 200)
    })
    .openapi(createUnitRoute, async (c) => c.json(await createUnit(ctx.store, c.var.principal, c.req.valid('json')), 201))
    .openapi(mergeRoute, async (c) => c.json(await mergeUnits(ctx.store, c.var.principal, c.req.valid('json'), ctx.now()), 200))
    .openapi(updateUnitRoute, async (c) => c.json(await updateUnit(ctx.store, c.var.principal, c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(retireUnitRoute, async (c) => c.json(await retireUnit(ctx.store, c.var.principal, c.req.valid('param').id, ctx.now()), 200))
    .openapi(historyRoute, async (c) => c.json(await communeHistory(ctx.store, c.var.principal, c.req.valid('param').communeId), 200))
}
