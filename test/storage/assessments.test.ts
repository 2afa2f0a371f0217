import { beforeAll, describe, expect, it } from 'vitest'
import { emptyAssessment, type Assessment } from '../../shared/assessment'
import { AppError } from '../../shared/errors'
import { assessmentsRepository } from '../../functions/src/storage/assessments'
import { createTestTable, type TestTable } from '../support/dynamo'

let t: TestTable
let repo: ReturnType<typeof assessmentsRepository>
beforeAll(async () => {
  t = await createTestTable()
  repo = assessmentsRepository({ client: t.client, tableName: t.tableName, getOrgUnit: t.store.orgUnits.get })
  await t.store.orgUnits.put({ id: 'p', kind: 'province', name: 'Quảng Ngãi' })
  await t.store.orgUnits.put({ id: 'd-st', kind: 'district', name: 'Sơn Tây', parentId: 'p' })
  await t.store.orgUnits.put({ id: 'd-ls', kind: 'district', name: 'Lý Sơn', parentId: 'p' })
  for (const [id, parentId] of [['c-tan', 'd-st'], ['c-dung', 'd-st'], ['c-mua', 'd-st'], ['c-anvinh', 'd-ls'], ['c-race', 'd-st']]) {
    await t.store.orgUnits.put({ id: id!, kind: 'commune', name: id!, parentId: parentId! })
  }
})

const draft = (communeId: string, version: number, extra: Partial<Assessment> = {}): Assessment => ({
  ...emptyAssessment(communeId, 2025),
  version,
  updatedAt: new Date().toISOString(),
  updatedBy: 'u-officer',
  ...extra,
})

async function conflictOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('assessments repository (DynamoDB Local)', () => {
  it('returns undefined before the first save', async () => {
    expect(await t.store.assessments.get('c-tan', 2025)).toBeUndefined()
  })

  it('creates with expectedVersion 0 and reads back exactly what was saved', async () => {
    const first = draft('c-tan', 1, {
      profile: { households: 1200, adults: 3000 },
      answers: { 'A3.1': { numerator: 900, note: 'Theo số liệu thôn' }, 'B1.2': { yes: true } },
    })
    await t.store.assessments.save(first, 0)
    expect(await t.store.assessments.get('c-tan', 2025)).toEqual(first)
  })

  it('updates when expectedVersion matches, and keeps years apart', async () => {
    const second = draft('c-tan', 2, { profile: { households: 1250 }, answers: {} })
    await t.store.assessments.save(second, 1)
    expect(await t.store.assessments.get('c-tan', 2025)).toEqual(second)
    expect(await t.store.assessments.get('c-tan', 2026)).toBeUndefined()
  })

  it('rejects a stale save with version_conflict and the current version, without writing', async () => {
    const err = await conflictOf(t.store.assessments.save(draft('c-tan', 2, { profile: { households: 1 } }), 1))
    expect(err.code).toBe('version_conflict')
    expect(err.details).toEqual({ currentVersion: 2 })
    expect((await t.store.assessments.get('c-tan', 2025))?.profile).toEqual({ households: 1250 })
  })

  it('rejects a create (expectedVersion 0) when the assessment already exists', async () => {
    const err = await conflictOf(t.store.assessments.save(draft('c-tan', 1), 0))
    expect(err.code).toBe('version_conflict')
    expect(err.details).toEqual({ currentVersion: 2 })
  })

  it('reports currentVersion 0 when updating an assessment that does not exist', async () => {
    const err = await conflictOf(t.store.assessments.save(draft('c-dung', 4), 3))
    expect(err.code).toBe('version_conflict')
    expect(err.details).toEqual({ currentVersion: 0 })
  })

  it('lets exactly one of two concurrent saves with the same expectedVersion win', async () => {
    await t.store.assessments.save(draft('c-race', 1), 0)
    const a = draft('c-race', 2, { profile: { households: 111 } })
    const b = draft('c-race', 2, { profile: { households: 222 } })
    const results = await Promise.allSettled([t.store.assessments.save(a, 1), t.store.assessments.save(b, 1)])

    const won = results.findIndex((r) => r.status === 'fulfilled')
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(lost?.reason).toBeInstanceOf(AppError)
    expect((lost?.reason as AppError).code).toBe('version_conflict')
    expect((lost?.reason as AppError).details).toEqual({ currentVersion: 2 })
    expect(await t.store.assessments.get('c-race', 2025)).toEqual(won === 0 ? a : b)
  })

  it('lets exactly one of many concurrent first saves (expectedVersion 0) win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => t.store.assessments.save(draft('c-mua', 1, { profile: { n: i } }), 0)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as AppError).details).toEqual({ currentVersion: 1 })
    }
  })

  it('refuses a save that does not advance the version (caller bug, not a user error)', async () => {
    await expect(t.store.assessments.save(draft('c-dung', 0), 0)).rejects.toThrow(/must be greater/)
    expect(await t.store.assessments.get('c-dung', 2025)).toBeUndefined()
  })

  it('refuses to save for a commune that is not an org unit', async () => {
    const err = await conflictOf(t.store.assessments.save(draft('c-unknown', 1), 0))
    expect(err.code).toBe('not_found')
  })

  it('indexes by year and review unit so a district can list its communes', async () => {
    await t.store.assessments.save(draft('c-dung', 1), 0)
    await t.store.assessments.save(draft('c-anvinh', 1), 0)
    await t.store.assessments.save({ ...draft('c-dung', 1), year: 2026 }, 0)

    const sonTay2025 = await repo.listByReviewUnit(2025, 'd-st')
    expect(sonTay2025.map((a) => a.communeId).sort()).toEqual(['c-dung', 'c-mua', 'c-race', 'c-tan'])
    expect(sonTay2025.every((a) => a.year === 2025)).toBe(true)
    expect((await repo.listByReviewUnit(2025, 'd-ls')).map((a) => a.communeId)).toEqual(['c-anvinh'])
    expect((await repo.listByReviewUnit(2026, 'd-st')).map((a) => a.communeId)).toEqual(['c-dung'])
  })

  it('stores fields added to Assessment later without code changes, and drops undefined values', async () => {
    const withExtra = { ...draft('c-anvinh', 2), reviewNote: 'Đạt', answers: { X: { yes: false, note: undefined } } }
    await t.store.assessments.save(withExtra as Assessment, 1)
    expect(await t.store.assessments.get('c-anvinh', 2025)).toEqual({
      ...withExtra,
      answers: { X: { yes: false } },
    })
  })
})
