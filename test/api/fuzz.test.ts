import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { flattenIndicators } from '../../shared/rubric/walk'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, loginAs, makeApp, seedFixtures, units, type TestApp } from './harness'

/*
 * "Every input a client can send is validated; bad input gets a 4xx, never a 500, never a partial write."
 * Random bodies, shaped to get past the first checks often (real ids, near-miss values), are thrown at the
 * routes that write; every answer must be below 500, and a refused PATCH must leave the stored copy as it was.
 */

const ids = flattenIndicators(defaultRubric2025).map((f) => f.indicator.id)
const facts = defaultRubric2025.profile.map((f) => f.id)

const nearMissValue = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
)
const answerLike = fc.oneof(
  fc.record({ numerator: nearMissValue, denominator: fc.option(nearMissValue, { nil: undefined }) }, { requiredKeys: [] }),
  fc.record({ count: nearMissValue }),
  fc.record({ yes: nearMissValue }),
  fc.record({ choice: fc.oneof(fc.constantFrom('deputy', 'none', 'secretary-or-chair'), fc.string({ maxLength: 70 })) }),
  fc.record({ numerator: fc.nat(50), note: fc.string({ maxLength: 2100 }) }),
  fc.constant(null),
  fc.anything(),
)
const patchLike = fc.record(
  {
    version: fc.oneof(fc.constant(0), nearMissValue),
    profile: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...facts), fc.string({ maxLength: 70 })), nearMissValue, { maxKeys: 4 }), fc.anything()),
    answers: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 70 })), answerLike, { maxKeys: 4 }), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
)

let app: TestApp
let store: Store
let token: string
beforeAll(async () => {
  const t = await createTestTable()
  store = t.store
  await seedFixtures(store)
  app = makeApp(store)
  token = await loginAs(app, 'officer')
})

describe('no request body makes the API answer 500', () => {
  it('PATCH: random near-miss bodies get 2xx or 4xx; a refused one changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(patchLike, fc.boolean(), async (body, useCurrent) => {
        const before = await store.assessments.get(units.sonDung.id, 2025)
        const current = before?.version ?? 0
        // Half the time send the right version, so bodies reach validation rather than the version check.
        const sent = typeof body === 'object' && body && 'version' in body && useCurrent ? { ...body, version: current } : body
        const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id), { token, body: sent })
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500)
        if (res.status >= 400) {
          expect(res.body.error.code).toEqual(expect.any(String))
          expect(await store.assessments.get(units.sonDung.id, 2025)).toEqual(before)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('POST /api/score and /api/auth/login: random bodies and raw text get 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), patchLike.map((p) => ({ year: 2025, ...p }))), fc.string({ maxLength: 40 }), async (body, raw) => {
        const score = await call(app, 'POST', '/api/score', { token, body })
        expect(score.status, JSON.stringify(score.body)).toBeLessThan(500)
        const login = await call(app, 'POST', '/api/auth/login', { body })
        expect(login.status).toBeLessThan(500)
        const text = await call(app, 'POST', '/api/auth/login', { rawBody: raw })
        expect(text.status).toBeLessThan(500)
      }),
      { numRuns: 100 },
    )
  })
})
