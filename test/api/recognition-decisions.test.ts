import { beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { hashPassword } from '../../functions/src/auth/password'
import { createTestTable } from '../support/dynamo'
import { call, makeApp, PASSWORD, seedFixtures, tokensFor, units, type AccountName, type TestApp } from './harness'
import { act, addCommunes, approved, freshYear } from './review-fixtures'

/*
 * Each recognition keeps its own decision number and date: the single route and the bulk route (per item, over
 * the request's) store them with the recognition; the commune's history and the list for the decision show each.
 */

let app: TestApp
let store: Store
let t: Record<AccountName, string>

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'admin')
})

describe('decision number and date per recognition', () => {
  it('bulk items carry their own; the request’s apply to the others; history and the printed list show each', async () => {
    const y = await freshYear(store)
    const unit = 'qng-dec'
    await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực quyết định', parentId: units.province.id })
    const officers = await addCommunes(app, store, unit, ['dc-1', 'dc-2', 'dc-3'])
    await store.users.put({ id: 'u-dc-rev', username: 'reviewer.dc', name: 'Người thẩm định', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: await hashPassword(PASSWORD) })
    const reviewer = (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer.dc', password: PASSWORD } })).body.token
    const v: Record<string, number> = {}
    for (const id of ['dc-1', 'dc-2', 'dc-3']) v[id] = await approved(app, officers[id]!, reviewer, id, y)

    const single = await act(app, t.admin, 'dc-3', y, 'recognise', { version: v['dc-3'], decisionNumber: '9/QĐ-UBND', decisionDate: '2025-05-02' })
    expect(single.status).toBe(200)
    const bulk = await call(app, 'POST', '/api/recognitions', {
      token: t.admin,
      body: {
        year: y,
        decisionNumber: '20/QĐ-UBND',
        decisionDate: '2025-06-01',
        items: [
          { communeId: 'dc-1', version: v['dc-1'], decisionNumber: '21/QĐ-UBND', decisionDate: '2025-06-15' },
          { communeId: 'dc-2', version: v['dc-2'] },
        ],
      },
    })
    expect(bulk.status).toBe(200)
    expect(bulk.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true)

    const list = await call(app, 'GET', `/api/exports/recognised?year=${y}&unitId=${unit}`, { token: t.admin })
    const byId = Object.fromEntries(list.body.items.map((i: { communeId: string }) => [i.communeId, i]))
    expect(byId['dc-1']).toMatchObject({ decisionNumber: '21/QĐ-UBND', decisionDate: '2025-06-15' })
    expect(byId['dc-2']).toMatchObject({ decisionNumber: '20/QĐ-UBND', decisionDate: '2025-06-01' })
    expect(byId['dc-3']).toMatchObject({ decisionNumber: '9/QĐ-UBND', decisionDate: '2025-05-02' })

    for (const [id, number, date] of [['dc-1', '21/QĐ-UBND', '2025-06-15'], ['dc-3', '9/QĐ-UBND', '2025-05-02']] as const) {
      const history = await call(app, 'GET', `/api/communes/${id}/history`, { token: t.admin })
      const row = history.body.years.find((x: { year: number }) => x.year === y).assessments[0]
      expect(row).toMatchObject({ status: 'recognised', decisionNumber: number, decisionDate: date })
    }
  })

  it('refuses a malformed item date naming the field', async () => {
    const res = await call(app, 'POST', '/api/recognitions', {
      token: t.admin,
      body: { year: 2025, items: [{ communeId: 'x', version: 1, decisionDate: '2025-02-30' }] },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('items.0.decisionDate')
  })
})
