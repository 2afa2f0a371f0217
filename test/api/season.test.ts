import { beforeAll, describe, expect, it } from 'vitest'
import { addDays, vietnamDate } from '../../shared/survey-year'
import { yearNeedingAction } from '../../shared/season'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { call, makeApp, seedFixtures, tokensFor, units, YEAR, type AccountName, type TestApp } from './harness'
import { approve, submitted } from './review-fixtures'

/* GET /years says, per open year, what it holds for the caller; shared/season.ts picks the year from that. */

let app: TestApp
let store: Store
let t: Record<AccountName, string>

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'reviewer', 'admin')
})

describe('GET /years: each year’s standing for the caller', () => {
  it('officer: their status per year; reviewer: submissions waiting in their unit; admin: approvals waiting', async () => {
    // This calendar year and the next, both open, deadlines relative to today: the older round closes first.
    const today = vietnamDate(new Date())
    const older = Number(today.slice(0, 4))
    const newer = older + 1
    for (const year of [older, newer]) await store.rubrics.put({ ...(await store.rubrics.get(YEAR))!, year })
    for (const [year, days] of [[older, 20], [newer, 400]] as const) {
      const res = await call(app, 'POST', '/api/admin/years', { token: t.admin, body: { year, deadline: addDays(today, days), rubricSource: 'existing' } })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    const standing = async (who: AccountName) => {
      const res = await call(app, 'GET', '/api/years', { token: t[who] })
      expect(res.status).toBe(200)
      return res.body.years.filter((y: { year: number }) => y.year === older || y.year === newer) as any[]
    }
    const pick = async (who: 'officer' | 'reviewer' | 'admin') => yearNeedingAction(who, await standing(who), new Date())

    expect((await standing('officer')).map((y) => [y.year, y.status])).toEqual([[newer, null], [older, null]])
    expect(await pick('officer')).toBe(older)
    expect(await pick('reviewer')).toBe(newer) // nothing waiting anywhere: the newest

    const v = await submitted(app, t.officer, units.sonDung.id, older)
    expect((await standing('officer')).find((y) => y.year === older).status).toBe('submitted')
    expect(await pick('officer')).toBe(newer)
    expect((await standing('reviewer')).map((y) => [y.year, y.waiting])).toEqual([[newer, 0], [older, 1]])
    expect(await pick('reviewer')).toBe(older)
    expect(await pick('admin')).toBe(newer)

    await approve(app, t.reviewer, units.sonDung.id, older, v)
    expect((await standing('reviewer')).find((y) => y.year === older).waiting).toBe(0)
    expect((await standing('admin')).find((y) => y.year === older).waiting).toBe(1)
    expect(await pick('admin')).toBe(older)
  })
})
