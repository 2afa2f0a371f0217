// openapi.json as other tools read it: Redocly's `recommended` rules report nothing (errors or warnings), every
// operation has a unique camelCase operationId, and the public operations are exactly the ones that say so.
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { deriveOperationId, PUBLIC_OPERATIONS } from '../../functions/src/http/openapi'
import { servedOpenApiDocument } from '../support/openapi'

/**
 * Findings of the recommended rules we accept, each for a stated reason. The rules stay on for everything
 * else, and each entry must still occur (a stale entry fails the test).
 * - info-license (off for the document): the API is each province's own deployment, published under no
 *   licence; naming one would state terms nobody granted.
 * - no-ambiguous-paths: /admin/users/import-jobs/{id} is DELETE only and /admin/users/{id}/… are POST only,
 *   so no request matches both; and a job id is 32 hex digits, a user id a UUID, neither "import-jobs".
 * - operation-4xx-response on /health and /ready: liveness and readiness take no input and answer 200 or 503;
 *   there is no client error to describe.
 */
const ACCEPTED: { ruleId: string; pointer: string }[] = [
  { ruleId: 'info-license', pointer: '#/info' },
  ...['reset-password', 'deactivate', 'activate'].map((action) => ({
    ruleId: 'no-ambiguous-paths',
    pointer: `#/paths/~1api~1admin~1users~1{id}~1${action}`,
  })),
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1api~1health/get/responses' },
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1api~1ready/get/responses' },
]

type Op = { operationId?: string; security?: Record<string, string[]>[] }
let doc: { openapi: string; servers?: unknown[]; paths: Record<string, Record<string, Op>> }
let problems: NormalizedProblem[]

beforeAll(async () => {
  doc = (await servedOpenApiDocument()) as typeof doc
  const config = await createConfig({ extends: ['recommended'] })
  problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config })
})

const where = (p: NormalizedProblem) => p.location[0]?.pointer ?? ''
const isAccepted = (p: NormalizedProblem) => ACCEPTED.some((a) => a.ruleId === p.ruleId && a.pointer === where(p))
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })))

describe('openapi.json under Redocly’s recommended rules', () => {
  it('has no error and no warning beyond the accepted ones', () => {
    const reported = problems.filter((p) => !isAccepted(p)).map((p) => `${p.severity} ${p.ruleId} ${where(p)}: ${p.message}`)
    expect(reported).toEqual([])
  })

  it('still meets every accepted finding (the list does not outlive its reason)', () => {
    for (const a of ACCEPTED) expect(problems.some((p) => p.ruleId === a.ruleId && where(p) === a.pointer), `${a.ruleId} ${a.pointer}`).toBe(true)
  })

  it('is OpenAPI 3.1 with one server', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toHaveLength(1)
    expect(operations().length).toBeGreaterThanOrEqual(50)
  })
})

describe('nullable named schemas', () => {
  // Redocly does not see these (both are valid 3.1), but a generated client gets them wrong: `.nullable()` on a
  // named zod schema must be written `orNull(X)` (functions/src/http/schemas.ts).
  it('no component is itself nullable, and no allOf pairs a $ref with a null type', () => {
    const components = (doc as unknown as { components: { schemas: Record<string, { type?: unknown }> } }).components.schemas
    for (const [name, schema] of Object.entries(components)) expect(JSON.stringify(schema.type ?? ''), name).not.toContain('null')
    const json = JSON.stringify(doc)
    expect(json).not.toMatch(/"allOf":\[\{"\$ref":"[^"]+"\},\{"type":\[[^\]]*"null"/)
  })
})

describe('operationIds', () => {
  it('every operation has one: unique, camelCase, the one derived centrally from method and path', () => {
    const ids = operations().map(({ method, path, op }) => {
      expect(op.operationId, `${method} ${path}`).toBe(deriveOperationId(method, path))
      return op.operationId!
    })
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
  })

  it('reads as the operation (a few by name)', () => {
    const byKey = Object.fromEntries(operations().map((o) => [o.key, o.op.operationId]))
    expect(byKey).toMatchObject({
      'POST /api/auth/login': 'login',
      'GET /api/me': 'getMe',
      'GET /api/communes/{communeId}/assessments/{year}': 'getAssessment',
      'PATCH /api/communes/{communeId}/assessments/{year}': 'patchAssessment',
      'POST /api/communes/{communeId}/assessments/{year}/submit': 'submitAssessment',
      'GET /api/review/queue': 'listReviewQueue',
      'POST /api/admin/units/{id}/retire': 'retireUnit',
      'GET /api/admin/users': 'listUsers',
      'POST /api/admin/users': 'createUser',
    })
  })
})

describe('security', () => {
  it('the public operations say `security: []`; every other one takes the bearer token or the session cookie', () => {
    for (const { key, op } of operations()) {
      if (PUBLIC_OPERATIONS.has(key)) expect(op.security, key).toEqual([])
      else expect(op.security, key).toEqual([{ bearer: [] }, { session: [] }])
    }
    expect([...PUBLIC_OPERATIONS].every((key) => operations().some((o) => o.key === key))).toBe(true)
  })
})
