import { beforeAll, describe, expect, it } from 'vitest'
import { loadDashboard } from '../../functions/src/dashboard/service'
import { createStore, type Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'

/*
 * A rename must be seen at once by every process, whatever its org-unit cache holds (the Lambda and the local server
 * cache org units for 30 s). Two stores on one table stand for two processes: B has read (and cached) the old names,
 * A renames; B's queue, export pages, recognition list and dashboard show the new names straight away.
 */

let a: Store
let b: Store

beforeAll(async () => {
  const table = await createTestTable()
  a = createStore({ client: table.client, tableName: table.tableName, cacheTtlMs: 30_000 })
  b = createStore({ client: table.client, tableName: table.tableName, cacheTtlMs: 30_000 })
  await a.orgUnits.put({ id: 'p', kind: 'province', name: 'Tỉnh' })
  await a.orgUnits.put({ id: 'd', kind: 'district', name: 'Huyện Cũ', parentId: 'p' })
  await a.orgUnits.put({ id: 'c', kind: 'commune', name: 'Xã Cũ', parentId: 'd' })
})

describe('names resolved at read time', () => {
  it('another process’s cached copy and the assessment’s stored copy never hide a rename', async () => {
    // B saves (copying the name it has cached onto the item) and reads the units, so its cache holds the old names.
    await b.assessments.save({ communeId: 'c', year: 2031, status: 'draft', version: 1, profile: {}, answers: {}, updatedAt: null, updatedBy: null }, 0)
    expect((await b.orgUnits.get('c'))?.name).toBe('Xã Cũ')
    expect((await b.orgUnits.get('d'))?.name).toBe('Huyện Cũ')

    await a.orgUnits.replace({ id: 'c', kind: 'commune', name: 'Xã Mới', parentId: 'd' }, { mustBeActive: true })
    await a.orgUnits.replace({ id: 'd', kind: 'district', name: 'Huyện Mới', parentId: 'p' }, { mustBeActive: true })
    expect((await b.orgUnits.get('c'))?.name).toBe('Xã Cũ') // B's cache is still stale: the lists must not use it

    expect((await b.assessments.listQueue(2031, 'd', { limit: 10 })).items.map((i) => i.communeName)).toEqual(['Xã Mới'])
    const pages: string[] = []
    for await (const page of b.exports.assessmentPages(2031, 'd')) pages.push(...page.map((p) => p.communeName))
    expect(pages).toEqual(['Xã Mới'])
    const dash = await loadDashboard(b, { id: 'u', username: 'admin', role: 'admin', orgUnitId: 'p' }, { year: 2031, unitId: 'd' })
    expect(dash.unit.name).toBe('Huyện Mới')
  })
})
