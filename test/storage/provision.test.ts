import { describe, expect, it } from 'vitest'
import { verifyPassword, hashPassword } from '../../functions/src/auth/password'
import { provisionProvince, type ProvinceUnits } from '../../functions/src/provision/provision-province'
import { createTestTable } from '../support/dynamo'

const units: ProvinceUnits = {
  province: { id: 'qng', name: 'Quảng Ngãi', code: '51' },
  units: [
    { id: 'qng-ly-son', kind: 'district', name: 'Lý Sơn', parentId: 'qng' },
    { id: 'qng-an-vinh', kind: 'commune', name: 'An Vĩnh', parentId: 'qng-ly-son' },
    { id: 'qng-an-hai', kind: 'commune', name: 'An Hải', parentId: 'qng-ly-son' },
  ],
}

// The clock provisioning sees: in the shipped rubric's year, so the default deadline (today + 60 days) falls in
// the years it may, whatever today's date is.
const NOW = new Date('2025-03-01T00:00:00Z')

describe('provisionProvince (first load of a deployed province)', () => {
  it('stores the units, the default rubric and an admin whose one-time password works; re-running changes nothing', async () => {
    const { store } = await createTestTable()
    const first = await provisionProvince(store, { units, admin: { username: 'quantri.qng', name: 'Trần Thị Thu Hà' }, hashPassword, now: NOW })
    expect(first).toMatchObject({ units: 4, rubricStored: true, yearOpened: true, adminCreated: true })
    const admin = await store.users.getByUsername('quantri.qng')
    expect(admin).toMatchObject({ role: 'admin', orgUnitId: 'qng', active: true })
    expect(await verifyPassword(first.adminPassword!, admin!.passwordHash)).toBe(true)
    expect(admin!.mustChangePassword).toBe(true)
    expect((await store.orgUnits.listChildren('qng-ly-son')).map((u) => u.name)).toEqual(['An Hải', 'An Vĩnh'])
    expect((await store.rubrics.get(2025))?.pillars).toHaveLength(4)
    expect(await store.surveyYears.get(2025)).toMatchObject({ year: 2025, extensions: {} })

    const again = await provisionProvince(store, { units, admin: { username: 'quantri.qng', name: 'X' }, hashPassword, now: NOW })
    expect(again).toEqual({ units: 4, rubricStored: false, yearOpened: false, adminCreated: false })
    expect((await store.users.getByUsername('quantri.qng'))?.passwordHash).toBe(admin!.passwordHash)
  })

  it('opens a later first year with the shipped rubric re-dated to it; a past deadline is refused', async () => {
    const { store } = await createTestTable()
    const now = new Date('2026-03-01T00:00:00Z')
    await expect(
      provisionProvince(store, { units, admin: { username: 'qt', name: 'Q' }, survey: { year: 2026, deadline: '2026-02-01' }, hashPassword, now }),
    ).rejects.toMatchObject({ code: 'validation' })
    expect(await store.orgUnits.get('qng')).toBeUndefined()
    const result = await provisionProvince(store, { units, admin: { username: 'qt', name: 'Q' }, survey: { year: 2026, deadline: '2026-10-31' }, hashPassword, now })
    expect(result).toMatchObject({ rubricStored: true, yearOpened: true })
    expect(await store.rubrics.get(2026)).toMatchObject({ id: 'xa-cds-2026', year: 2026, version: 1 })
    expect(await store.surveyYears.list()).toEqual([expect.objectContaining({ year: 2026, deadline: '2026-10-31', openedBy: 'system' })])
    expect((await store.surveyYears.log(2026)).map((e) => e.action)).toEqual(['opened'])
  })

  it('rejects a units file with a broken hierarchy before writing anything', async () => {
    const { store } = await createTestTable()
    const bad: ProvinceUnits = {
      province: units.province,
      units: [
        { id: 'qng-an-vinh', kind: 'commune', name: 'An Vĩnh', parentId: 'qng-ly-son' },
        { id: 'qng-ly-son', kind: 'district', name: 'Lý Sơn', parentId: 'qng' },
        { id: 'qng-ly-son', kind: 'district', name: 'Lý Sơn 2', parentId: 'qng' },
      ],
    }
    await expect(provisionProvince(store, { units: bad, admin: { username: 'a', name: 'A' }, hashPassword, now: NOW })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('units.0.parentId'),
    })
    expect(await store.orgUnits.get('qng')).toBeUndefined()
    expect(await store.users.getByUsername('a')).toBeUndefined()
  })
})
