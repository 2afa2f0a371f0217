import type { OpenAPIHono } from '@hono/zod-openapi'
import type { BlobStore } from './blobs/blob-store'
import type { AppEnv, Ctx } from './http/env'
import { adminUnitRoutes } from './units/routes'
import { adminUserRoutes } from './accounts/routes'
import { adminYearRoutes } from './years/routes'
import { publicYearRoutes } from './years/public-routes'
import { assessmentRoutes } from './assessments/routes'
import { authRoutes } from './accounts/session-routes'
import { dashboardRoutes } from './dashboard/routes'
import { evidenceRoutes } from './evidence/routes'
import { exportRoutes } from './exports/routes'
import { healthRoutes } from './health/routes'
import { assessmentReviewRoutes } from './review/assessment-routes'
import { recognitionRoutes } from './recognition/routes'
import { reviewRoutes } from './review/routes'
import { rubricRoutes } from './years/rubric-routes'
import { Rubric } from '../../shared/rubric/schema'
import { signalGapRoutes } from './signal-gaps/routes'
import { rosterRoutes } from './roster/routes'

/*
 * Every router of the API, in one chain: what the API is (ApiType, the typed client's view of it, app.ts) and
 * what the OpenAPI document describes (built from this on the first GET /api/openapi.json). The app serves
 * the same routers, split in two (app.ts): the chain's head and GET /years (what an officer's first page reads
 * and saves) in the Lambda's entry, the rest (lazyRoutes) loaded on first use. Not imported by value from the entry.
 */
export function allRoutes(app: OpenAPIHono<AppEnv>, ctx: Ctx, blobs: BlobStore | undefined) {
  return app
    .route('/api', healthRoutes(ctx))
    .route('/api', authRoutes(ctx))
    // The rubric's full schema describes GET /rubrics/{year}'s answer here; the entry does without (rubric-routes.ts).
    .route('/api', rubricRoutes(ctx, Rubric.meta({ id: 'Rubric' })))
    .route('/api', assessmentRoutes(ctx))
    .route('/api', adminUnitRoutes(ctx))
    .route('/api', adminUserRoutes(ctx))
    .route('/api', publicYearRoutes(ctx))
    .route('/api', adminYearRoutes(ctx))
    .route('/api', assessmentReviewRoutes(ctx))
    .route('/api', rosterRoutes(ctx))
    .route('/api', reviewRoutes(ctx))
    .route('/api', recognitionRoutes(ctx))
    .route('/api', evidenceRoutes(ctx, blobs))
    .route('/api', exportRoutes(ctx))
    .route('/api', dashboardRoutes(ctx))
    .route('/api', signalGapRoutes(ctx))
}

/**
 * The routers no page needs on its start-up (administration, the review desk and review notes, evidence, rosters,
 * exports, dashboard, map): allRoutes' chain without health, session, rubric, assessment and public year routes
 * (which app.ts mounts in the entry: an officer's first page reads /me, /years, /rubrics/{year} and the
 * assessment), in the same order. The only one that moved in front of these is publicYearRoutes (`GET /years`),
 * which no route of theirs can match (theirs are under /admin, /review, /communes/{id}/… and others, none
 * `/years`), so every request still meets the routes that match it in the order allRoutes gives.
 */
export function lazyRoutes(app: OpenAPIHono<AppEnv>, ctx: Ctx, blobs: BlobStore | undefined): void {
  app
    .route('/api', adminUnitRoutes(ctx))
    .route('/api', adminUserRoutes(ctx))
    .route('/api', adminYearRoutes(ctx))
    .route('/api', assessmentReviewRoutes(ctx))
    .route('/api', rosterRoutes(ctx))
    .route('/api', reviewRoutes(ctx))
    .route('/api', recognitionRoutes(ctx))
    .route('/api', evidenceRoutes(ctx, blobs))
    .route('/api', exportRoutes(ctx))
    .route('/api', dashboardRoutes(ctx))
    .route('/api', signalGapRoutes(ctx))
}
