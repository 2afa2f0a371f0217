import { OpenAPIHono } from '@hono/zod-openapi'
import { compress } from 'hono/compress'
import { authenticate, type RouteKey } from './auth/middleware'
import { DEFAULT_TOKEN_TTL_SECONDS } from './auth/token'
import type { AppDeps, AppEnv, Ctx } from './http/env'
import { jsonContentLength } from './http/content-length'
import { limitBody } from './http/body-limit'
import { lazyEdgeKey } from './http/edge'
import { notFound, onError, validationHook } from './http/errors'
import { lazyApp, loadOnFirstUse } from './http/lazy'
import { serveOpenApi } from './http/openapi'
import { revalidate } from './http/revalidate'
import { IMPORT_PATH } from './accounts/paths'
import { assessmentRoutes } from './assessments/routes'
import { authRoutes } from './accounts/session-routes'
import { healthRoutes } from './health/routes'
import { publicYearRoutes } from './years/public-routes'
import { RUBRIC_NOT_DESCRIBED, rubricRoutes } from './years/rubric-routes'
import type { allRoutes } from './app-routes'

export type { AppDeps } from './http/env'

const MAX_BODY_BYTES = 512 * 1024

/** The only routes open without a login; every other /api route needs one (test/api/authz-matrix.test.ts). */
export const PUBLIC_ROUTES: readonly RouteKey[] = ['GET /api/health', 'GET /api/ready', 'POST /api/auth/login', 'GET /api/openapi.json']
/** Routes that also take the token of a first login with a one-time password: changing it, or giving up. */
export const PASSWORD_CHANGE_ROUTES: readonly RouteKey[] = ['POST /api/auth/change-password', 'POST /api/auth/logout']
export const COMPRESS_THRESHOLD_BYTES = 1024

export function createApp(deps: AppDeps) {
  if (!deps.auth.tokenSecret || deps.auth.tokenSecret.length < 32)
    throw new Error('createApp: auth.tokenSecret must be at least 32 characters')
  const ctx: Ctx = {
    store: deps.store,
    now: deps.clock ?? (() => new Date()),
    tokens: {
      secret: deps.auth.tokenSecret,
      ttlSeconds: deps.auth.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      now: deps.clock ?? (() => new Date()),
    },
    edgeKey: lazyEdgeKey(deps.auth.tokenSecret),
  }

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  // The only place errors become HTTP responses; sub-apps have no handlers of their own.
  app.onError(onError)
  app.notFound(notFound)
  // Officers are on weak 3G and a full score is ~12 KB of JSON (~2 KB gzipped). Lambda function URLs do not
  // compress, so the app does; hono/aws-lambda base64-encodes the gzipped body for the URL. Only above 1 KB
  // (an autosave's answer is ~120 bytes): jsonContentLength gives compress() the length its threshold needs.
  app.use('/api/*', compress({ threshold: COMPRESS_THRESHOLD_BYTES }))
  app.use('/api/*', jsonContentLength())
  // Inside compress, so the tag is of the JSON itself and a 304 has nothing to compress (issue 9).
  app.use('/api/*', revalidate)
  // A full assessment (42 answers with 2000-character notes) is under 150 KB; anything far beyond is not ours.
  // The account import (a CSV/XLSX of up to 5 MB) sets its own, larger limit in accounts/routes.ts.
  const jsonBodyLimit = limitBody(MAX_BODY_BYTES)
  app.use('/api/*', (c, next) => (c.req.path === `/api${IMPORT_PATH}` ? next() : jsonBodyLimit(c, next)))
  const gate = { open: PUBLIC_ROUTES, passwordChangeOnly: PASSWORD_CHANGE_ROUTES }
  app.use('/api/*', authenticate(ctx, gate))

  // The officer's hot path (health, login and session, and what the officer's first page reads: /me, /years, the
  // year's rubric, the assessment; then its PATCH/submit) is answered by routers in the Lambda's entry, in
  // allRoutes' order; the others (app-routes.ts lazyRoutes) are imported on the first request none of these
  // match (http/lazy.ts): a cold start, and the first page it answers, do not load them (issue 8).
  app
    .route('/api', healthRoutes(ctx))
    .route('/api', authRoutes(ctx))
    .route('/api', rubricRoutes(ctx, RUBRIC_NOT_DESCRIBED))
    .route('/api', assessmentRoutes(ctx))
    .route('/api', publicYearRoutes(ctx))

  // Servers, security schemes and operationIds are settled in one place (http/openapi.ts); the document
  // describes every route, so it is built from all the routers, loaded when it is first asked for.
  serveOpenApi(app, async () => {
    const { allRoutes } = await import('./app-routes')
    return allRoutes(new OpenAPIHono<AppEnv>({ defaultHook: validationHook }), ctx, deps.blobs)
  })
  app.all(
    '/api/*',
    loadOnFirstUse(async () => {
      const routes = await import('./app-routes')
      return lazyApp((lazy) => routes.lazyRoutes(lazy, ctx, deps.blobs), authenticate(ctx, gate))
    }),
  )
  // The served app answers every route of allRoutes (those not mounted above through the catch-all), so its
  // type is that of all the routers: what the typed client (web/src/api/client.ts) and the tests see.
  return app as unknown as ReturnType<typeof allRoutes>
}

export type ApiType = ReturnType<typeof createApp>
