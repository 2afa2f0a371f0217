import { createRoute, z } from '@hono/zod-openapi'
import { Evidence, SHA256_HEX, EVIDENCE_CONTENT_TYPES, EVIDENCE_FILENAME_MAX, EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES_PER_INDICATOR } from '../../../shared/evidence'
import { EventRole } from '../../../shared/review'
import { assertCanEditAssessment, assertCanRead } from '../auth/scope'
import type { BlobStore } from '../blobs/blob-store'
import { completeEvidence, declareEvidence, deleteEvidence, listEvidence, renewUpload } from './service'
import { newRouter, type Ctx } from '../http/env'
import { bearer, CommuneIdParam, errors, json, jsonBody, YearParam } from '../http/schemas'

const EvidenceSchema = Evidence.meta({ id: 'Evidence' })

const UploadSchema = z
  .object({
    url: z.string().openapi({ description: 'Absolute on AWS; relative to the API origin with the local disk store' }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).openapi({ description: 'Send exactly these with the bytes (signed)' }),
    expiresAt: z.string(),
  })
  .openapi('EvidenceUpload')

const DownloadSchema = z.object({ url: z.string(), expiresAt: z.string() }).openapi('EvidenceDownload')

const EvidenceWithUploadSchema = z.object({ evidence: EvidenceSchema, upload: UploadSchema }).openapi('EvidenceWithUpload')

const EvidenceViewSchema = EvidenceSchema.extend({ download: DownloadSchema.optional() }).openapi('EvidenceView')

const DeletionSchema = z
  .object({
    communeId: z.string(),
    year: z.number().int(),
    version: z.number().int().openapi({ description: 'The assessment version the deletion happened on' }),
    at: z.string(),
    by: z.string(),
    byName: z.string(),
    role: EventRole,
    action: z.literal('evidence_deleted'),
    indicatorId: z.string(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
    evidence: z.object({
      id: z.string(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      status: z.enum(['pending', 'stored']),
      sha256: z.string().optional(),
    }),
  })
  .openapi('EvidenceDeletion')

// contentType is a plain string here so a wrong type gets the service's message naming the accepted ones.
const DeclareSchema = z
  .strictObject({
    indicatorId: z.string().min(1).max(64),
    filename: z.string().min(1).max(1000).openapi({ description: `Stored sanitised: last path segment, ≤ ${EVIDENCE_FILENAME_MAX} characters` }),
    contentType: z.string().min(1).max(200).openapi({ example: 'image/jpeg', description: `One of ${EVIDENCE_CONTENT_TYPES.join(', ')}` }),
    size: z
      .number()
      .int()
      .min(1)
      .openapi({ description: `Bytes; at most ${Object.entries(EVIDENCE_MAX_BYTES).map(([t, b]) => `${b / 1024 / 1024} MB for ${t}`).join(', ')}` }),
    sha256: z
      .string()
      .regex(SHA256_HEX, 'sha256 must be 64 lower-case hex digits')
      .openapi({ description: 'SHA-256 of the bytes, lower-case hex: the upload URL accepts these bytes only, once' }),
  })
  .openapi('DeclareEvidence')

const params = z.object({ communeId: CommuneIdParam, year: YearParam })
const idParams = params.extend({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const path = '/communes/{communeId}/assessments/{year}/evidence'
const tags = ['evidence']

const declareRoute = createRoute({
  method: 'post',
  path,
  tags,
  summary: `Declare an evidence file for an indicator and get its upload URL; officer, while the assessment is editable (≤ ${EVIDENCE_MAX_FILES_PER_INDICATOR} files per indicator)`,
  security: bearer,
  request: { params, body: jsonBody(DeclareSchema) },
  responses: {
    201: json(EvidenceWithUploadSchema, 'Recorded as pending: PUT the bytes to `upload.url` with `upload.headers`, then POST …/complete'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    503: errors[503],
  },
})

const renewRoute = createRoute({
  method: 'post',
  path: `${path}/{id}/upload`,
  tags,
  summary: 'A fresh upload URL for a pending file (the previous one expired or the upload is being retried); officer. 409 reason `redeclare` for a file declared without its SHA-256',
  security: bearer,
  request: { params: idParams },
  responses: { 200: json(EvidenceWithUploadSchema, 'A new upload URL'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 503: errors[503] },
})

const completeRoute = createRoute({
  method: 'post',
  path: `${path}/{id}/complete`,
  tags,
  summary: 'Confirm the upload: the file must be in storage with the declared size, type and SHA-256; logged with the hash; officer. Repeatable',
  security: bearer,
  request: { params: idParams },
  responses: {
    200: json(z.object({ evidence: EvidenceSchema }).openapi('CompletedEvidence'), 'Stored'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    503: errors[503],
  },
})

const listRoute = createRoute({
  method: 'get',
  path,
  tags,
  summary: 'Evidence files per indicator with short-lived download URLs (pending files only for the officer)',
  security: bearer,
  request: { params, query: z.object({ indicatorId: z.string().min(1).max(64).optional() }) },
  responses: {
    200: json(z.object({ indicators: z.record(z.string(), z.array(EvidenceViewSchema)) }).openapi('EvidenceList'), 'Files by indicator id'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    503: errors[503],
  },
})

const deleteRoute = createRoute({
  method: 'delete',
  path: `${path}/{id}`,
  tags,
  summary: 'Delete an evidence file and its bytes; logged. Officer, while the assessment is editable',
  security: bearer,
  request: { params: idParams },
  responses: {
    200: json(z.object({ deletion: DeletionSchema }), 'Deleted; the audit event written with it'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    503: errors[503],
  },
})

const logRoute = createRoute({
  method: 'get',
  path: '/communes/{communeId}/assessments/{year}/evidence-log',
  tags,
  summary: 'Deleted evidence files of an assessment, oldest first (the evidence_deleted events of its timeline)',
  security: bearer,
  request: { params },
  responses: {
    200: json(z.object({ deletions: z.array(DeletionSchema) }).openapi('EvidenceLog'), 'The deletion log'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    503: errors[503],
  },
})

/** Stands in when createApp got no blob store: a deployment bug, reported as such rather than as bad input. */
const missingBlobStore: BlobStore = new Proxy({} as BlobStore, {
  get: () => () => Promise.reject(new Error('createApp: no blob store configured (deps.blobs)')),
})

export const evidenceRoutes = (ctx: Ctx, blobs: BlobStore = missingBlobStore) => {
  const app = newRouter()
  return app
    .openapi(declareRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      return c.json(await declareEvidence(ctx.store, blobs, c.var.principal, communeId, year, c.req.valid('json'), ctx.now()), 201)
    })
    .openapi(renewRoute, async (c) => {
      const { communeId, year, id } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      return c.json(await renewUpload(ctx.store, blobs, communeId, year, id), 200)
    })
    .openapi(completeRoute, async (c) => {
      const { communeId, year, id } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      return c.json({ evidence: await completeEvidence(ctx.store, blobs, c.var.principal, communeId, year, id, ctx.now()) }, 200)
    })
    .openapi(listRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      const { indicatorId } = c.req.valid('query')
      return c.json(await listEvidence(ctx.store, blobs, c.var.principal, communeId, year, indicatorId), 200)
    })
    .openapi(deleteRoute, async (c) => {
      const { communeId, year, id } = c.req.valid('param')
      await assertCanEditAssessment(ctx.store, c.var.principal, communeId)
      return c.json({ deletion: await deleteEvidence(ctx.store, blobs, c.var.principal, communeId, year, id, ctx.now()) }, 200)
    })
    .openapi(logRoute, async (c) => {
      const { communeId, year } = c.req.valid('param')
      await assertCanRead(ctx.store, c.var.principal, communeId)
      return c.json({ deletions: await ctx.store.evidence.listDeletions(communeId, year) }, 200)
    })
}
