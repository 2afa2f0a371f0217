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
// Keys that an object lookup would find on Object.prototype (issue 11): they must be refused like any unknown id.
// `__proto__` cannot be an own key of a JS object literal, so it is sent as a placeholder replaced in the JSON.
const PROTO = '__fuzz_proto__'
const prototypeKeys = fc.constantFrom('toString', 'constructor', 'hasOwnProperty', 'valueOf', PROTO)
// JSON.stringify(undefined) is undefined: then no body is sent at all, as before.
const withProto = (body: unknown): string | undefined => (JSON.stringify(body) as string | undefined)?.replaceAll(`"${PROTO}"`, '"__proto__"')

const nearMissValue = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, 1e16, -1e16, 2 ** 53, Number.MAX_SAFE_INTEGER),
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
    profile: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...facts), prototypeKeys, fc.string({ maxLength: 70 })), nearMissValue, { maxKeys: 4 }), fc.anything()),
    answers: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...ids), prototypeKeys, fc.string({ maxLength: 70 })), answerLike, { maxKeys: 4 }), fc.anything()),
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
        const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id), { token, rawBody: withProto(sent) })
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
        const score = await call(app, 'POST', '/api/score', { token, rawBody: withProto(body) })
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

describe('ids that name Object.prototype members and numbers beyond 2^53 (issue 11)', () => {
  it('PATCH: toString, constructor and __proto__ as fact or answer ids are 400 naming the field, removed or set; nothing is written', async () => {
    const before = await store.assessments.get(units.sonDung.id, 2025)
    const version = before?.version ?? 0
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      for (const record of ['profile', 'answers'] as const)
        for (const value of ['null', record === 'profile' ? '5' : '{"yes":true}']) {
          const raw = `{"version":${version},"${record}":{"${key}":${value}}}`
          const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id), { token, rawBody: raw })
          expect(res.status, raw).toBe(400)
          expect(res.body.error.fields.map((f: { field: string }) => f.field), raw).toEqual([`${record}.${key}`])
        }
    expect(await store.assessments.get(units.sonDung.id, 2025)).toEqual(before)
  })

  it('a rubric with numbers beyond 2^53 (points 1e16) is 422 naming the field, never 500; so is the edit route, with 400', async () => {
    const admin = await loginAs(app, 'admin')
    // A year of its own, next year, so its deadline is in the future whatever today's date (tests hold on any date).
    const year = new Date().getUTCFullYear() + 1
    await store.rubrics.put({ ...defaultRubric2025, year })
    const deadline = `${year}-06-30`
    const opened = await call(app, 'POST', '/api/admin/years', { token: admin, body: { year, deadline, rubricSource: 'existing' } })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const path = `/api/admin/years/${year}/rubrics`
    const cases: [string, (r: any) => void][] = [
      ['rubric.pillars.0.groups.0.indicators.0.scoring.points.deputy', (r) => (r.pillars[0].groups[0].indicators[0].scoring.points.deputy = 1e16)],
      ['rubric.pillars.0.groups.0.indicators.1.scoring.steps.0.atLeast', (r) => (r.pillars[0].groups[0].indicators[1].scoring.steps[0].atLeast = 1e16)],
      ['rubric.pillars.0.groups.0.indicators.2.scoring.points', (r) => (r.pillars[0].groups[0].indicators[2].scoring.points = 1e16)],
      ['rubric.recognition.minTotal', (r) => (r.recognition.minTotal = 1e16)],
    ]
    for (const [field, spoil] of cases) {
      const rubric = structuredClone(defaultRubric2025) as any
      spoil(rubric)
      const res = await call(app, 'POST', path, { token: admin, body: { rubric } })
      expect(res.status, field).toBe(422)
      expect(res.body.error.fields.map((f: { field: string }) => f.field), field).toContain(field)
    }
    const edit = await call(app, 'PATCH', path, { token: admin, body: { baseVersion: 1, indicators: { 'A1.3': { scoring: { kind: 'boolean', points: 1e16 } } } } })
    expect(edit.status).toBe(400)
    expect(JSON.stringify(edit.body.error.fields)).toContain('points')
    expect((await store.rubrics.listVersions(year)).map((v) => v.version)).toEqual([1])
  })
})
