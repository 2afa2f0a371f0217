import type { OpenAPIHono } from '@hono/zod-openapi'
import { SESSION_COOKIE } from '../auth/session'
import type { AppEnv } from './env'

// The one place the API description is put together, so what other tools read (Redocly's recommended rules,
// openapi-typescript, the authorization matrix) is decided here and not in each route file:
// - OpenAPI 3.1, where a nullable value is `type: [..., 'null']` (3.0's `nullable` without a `type` is invalid);
// - security: routes say `security: bearer`; here that becomes "bearer token or session cookie", the only
//   public operations are listed below with `security: []`, and any other route without `security` is left
//   undeclared so the lint test fails on it (a route nobody decided about);
// - every operation gets a stable, unique operationId derived from its method and path (overrides below).

export const OPENAPI_PATH = '/api/openapi.json'

/** The operations anyone may call. Everything else needs a login (Authorization: Bearer, or the cookie). */
export const PUBLIC_OPERATIONS = new Set(['GET /api/health', 'GET /api/ready', 'POST /api/auth/login'])

/** Where the derived name reads badly or two paths would derive the same one. Keyed by "METHOD path". */
const OPERATION_ID_OVERRIDES: Record<string, string> = {
  'GET /api/me': 'getMe',
  'POST /api/score': 'scoreAnswers',
  'GET /api/years': 'listOpenYears',
  'GET /api/rubrics/{year}': 'getYearRubric',
  'GET /api/admin/years/{year}/rubrics/{version}': 'getRubricVersion',
  'POST /api/admin/years/{year}/rubrics': 'publishRubric',
  'PATCH /api/admin/years/{year}/rubrics': 'patchRubric',
  'POST /api/admin/years/{year}/rubrics/preview': 'previewRubric',
  'PUT /api/admin/years/{year}/extensions/{communeId}': 'putExtension',
  'POST /api/admin/years': 'openYear',
  'POST /api/admin/units/merge': 'mergeUnits',
  'POST /api/admin/users/import': 'importUsers',
  'DELETE /api/admin/users/import-jobs/{id}/passwords': 'deleteImportJobPasswords',
  'POST /api/admin/users/{id}/reset-password': 'resetUserPassword',
  'POST /api/communes/{communeId}/assessments/{year}/reviews/{indicatorId}': 'reviewIndicator',
  'POST /api/communes/{communeId}/assessments/{year}/reviews/accept-remaining': 'acceptRemainingIndicators',
  'POST /api/communes/{communeId}/assessments/{year}/comments': 'createComment',
  'GET /api/communes/{communeId}/assessments/{year}/previous': 'getPreviousAssessment',
  'POST /api/communes/{communeId}/assessments/{year}/evidence': 'declareEvidence',
  'GET /api/communes/{communeId}/assessments/{year}/evidence': 'listEvidence',
  'GET /api/communes/{communeId}/assessments/{year}/evidence-log': 'listDeletedEvidence',
  'PUT /api/review/assignments': 'assignReviewer',
  'POST /api/recognitions': 'recogniseMany',
  'GET /api/exports/assessments.csv': 'exportAssessmentsCsv',
  'GET /api/exports/assessments.xlsx': 'exportAssessmentsXlsx',
  'GET /api/exports/recognised': 'exportRecognised',
  'GET /api/communes/{communeId}/history': 'getCommuneHistory',
  'GET /api/review/queue': 'listReviewQueue',
  'GET /api/review/reviewers': 'listReviewers',
}

const isParam = (segment: string) => segment.startsWith('{')
const pascal = (word: string) =>
  word
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
const singular = (word: string) => (/ies$/.test(word) ? word.replace(/ies$/, 'y') : /[^s]s$/.test(word) ? word.slice(0, -1) : word)
const isPlural = (word: string) => /[^s]s$/.test(word)

/**
 * A readable camelCase id from method and path: `/api`, `admin`, `auth` and the scoping `communes/{communeId}` say
 * nothing about the operation and are dropped; a segment naming one item (followed by a parameter) is singular.
 * GET on an item → getX, on a collection → listXs; POST to a collection → createX; POST to a verb segment
 * (…/{id}/retire, …/submit) → retireUnit, submitAssessment; PATCH/PUT/DELETE → patchX, putX, deleteX.
 */
export function deriveOperationId(method: string, path: string): string {
  const key = `${method.toUpperCase()} ${path}`
  const override = OPERATION_ID_OVERRIDES[key]
  if (override) return override
  let segments = path.split('/').filter(Boolean)
  if (segments[0] === 'api') segments = segments.slice(1)
  if (segments[0] === 'admin' || segments[0] === 'auth') segments = segments.slice(1)
  if (segments[0] === 'communes' && segments.length > 2) segments = segments.slice(2)
  const words = segments.flatMap((s, i) => (isParam(s) ? [] : [isParam(segments[i + 1] ?? '') ? singular(s) : s]))
  const last = segments.at(-1) ?? ''
  const m = method.toLowerCase()
  if (isParam(last) || m !== 'post' && m !== 'get') return m + pascal(words.slice(-1).join('-'))
  const lastWord = words.at(-1)!
  const before = words.slice(0, -1).at(-1) ?? ''
  if (m === 'get') return isPlural(lastWord) ? `list${pascal(before)}${pascal(lastWord)}` : `get${pascal(before)}${pascal(lastWord)}`
  if (isPlural(lastWord)) return `create${pascal(singular(lastWord))}`
  // A verb on the item before it (…/assessments/{year}/submit) or on the resource (…/auth/login).
  return `${lastWord.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}${pascal(before)}`
}

type Operation = { security?: Record<string, string[]>[]; operationId?: string }
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** The document as served: the generated 3.1 document with servers, security and operationIds settled. */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Xã Số API',
      version: '1',
      description: 'Đánh giá xã hoàn thành chuyển đổi số — commune digital-transformation self-assessment',
    },
    // Each province deploys its own copy (`sst deploy --stage <province>`) and serves the API beside its web
    // app, so the one server is "this origin".
    servers: [{ url: '/', description: 'This deployment (one per province), on the origin that serves the web app' }],
  })
  doc.components ??= {}
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'API clients: the `token` from POST /api/auth/login' },
    session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browsers: the HttpOnly session cookie set by POST /api/auth/login' },
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method]
      if (!op) continue
      op.operationId ??= deriveOperationId(method, path)
      const key = `${method.toUpperCase()} ${path}`
      if (PUBLIC_OPERATIONS.has(key)) op.security = []
      // requireAuth takes the bearer header or, without one, the session cookie: either satisfies the route.
      else if (op.security?.some((s) => 'bearer' in s)) op.security = [{ bearer: [] }, { session: [] }]
    }
  }
  return doc
}

/**
 * Serves the document; built once, on first request, from `source` (by default the serving app itself): the
 * app passes one with every router, since some of its routers are only loaded on first use (http/lazy.ts).
 * A failed build is retried on the next request.
 */
export function serveOpenApi(app: OpenAPIHono<AppEnv>, source: () => OpenAPIHono<AppEnv> | Promise<OpenAPIHono<AppEnv>> = () => app) {
  let doc: Promise<ReturnType<typeof buildOpenApiDocument>> | undefined
  app.get(OPENAPI_PATH, async (c) => {
    doc ??= Promise.resolve()
      .then(source)
      .then(buildOpenApiDocument)
      .catch((err: unknown) => {
        doc = undefined
        throw err
      })
    return c.json(await doc)
  })
}
