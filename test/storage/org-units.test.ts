import { beforeAll, describe, expect, it } from 'vitest'
import type { OrgUnit } from '../../functions/src/storage/store'
import { createTestTable, type TestTable } from '../support/dynamo'

const province: OrgUnit = { id: 'p', kind: 'province', name: 'Quảng Ngãi', code: '51' }
const sonTay: OrgUnit = { id: 'd-st', kind: 'district', name: 'Sơn Tây', parentId: 'p' }
const lySon: OrgUnit = { id: 'd-ls', kind: 'district', name: 'Lý Sơn', parentId: 'p' }
const communes: OrgUnit[] = [
  { id: 'c-tinh', kind: 'commune', name: 'Sơn Tinh', parentId: 'd-st' },
  { id: 'c-bua', kind: 'commune', name: 'Sơn Bua', parentId: 'd-st' },
  { id: 'c-tan', kind: 'commune', name: 'Sơn Tân', parentId: 'd-st', code: '21325' },
  { id: 'c-anvinh', kind: 'commune', name: 'An Vĩnh', parentId: 'd-ls' },
]

let t: TestTable
beforeAll(async () => {
  t = await createTestTable()
  for (const unit of [province, sonTay, lySon, ...communes]) await t.store.orgUnits.put(unit)
})

describe('org units repository (DynamoDB Local)', () => {
  it('gets a unit by id, with and without optional fields', async () => {
    expect(await t.store.orgUnits.get('p')).toEqual(province)
    expect(await t.store.orgUnits.get('c-tan')).toEqual(communes[2])
    expect(await t.store.orgUnits.get('c-bua')).toEqual(communes[1])
    expect(await t.store.orgUnits.get('missing')).toBeUndefined()
  })

  it('lists the children of a parent only, sorted by Vietnamese name', async () => {
    expect((await t.store.orgUnits.listChildren('d-st')).map((u) => u.name)).toEqual(['Sơn Bua', 'Sơn Tân', 'Sơn Tinh'])
    expect(await t.store.orgUnits.listChildren('d-ls')).toEqual([communes[3]])
    expect((await t.store.orgUnits.listChildren('p')).map((u) => u.id)).toEqual(['d-ls', 'd-st'])
    expect(await t.store.orgUnits.listChildren('c-tan')).toEqual([])
  })

  it('moves a unit to its new parent on put (the index follows the item)', async () => {
    const moved: OrgUnit = { id: 'c-move', kind: 'commune', name: 'Xã Chuyển', parentId: 'd-st' }
    await t.store.orgUnits.put(moved)
    await t.store.orgUnits.put({ ...moved, parentId: 'd-ls' })
    expect((await t.store.orgUnits.listChildren('d-st')).map((u) => u.id)).not.toContain('c-move')
    expect((await t.store.orgUnits.listChildren('d-ls')).map((u) => u.id)).toContain('c-move')
  })

  it('pages through more children than one Query returns', async () => {
    // ~1 MB per page: 60 units with 20 KB names force several pages.
    const filler = 'x'.repeat(20_000)
    for (let i = 0; i < 60; i++) {
      await t.store.orgUnits.put({ id: `big-${i}`, kind: 'commune', name: `${filler}${String(i).padStart(2, '0')}`, parentId: 'd-big' })
    }
    const children = await t.store.orgUnits.listChildren('d-big')
    expect(children).toHaveLength(60)
    expect(new Set(children.map((c) => c.id)).size).toBe(60)
  })
})
