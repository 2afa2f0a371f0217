import { beforeAll, describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../functions/src/auth/password'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoOrgUnits, demoRubric, seedDemo, type SeedResult } from '../../functions/src/seed'
import { createTestTable, type TestTable } from '../support/dynamo'

let t: TestTable
let first: SeedResult
let hashCalls = 0
const countingHash = async (plain: string) => {
  hashCalls++
  return hashPassword(plain)
}

beforeAll(async () => {
  t = await createTestTable()
  first = await seedDemo(t.store, { hashPassword: countingHash })
})

describe('seedDemo (DynamoDB Local)', () => {
  it('creates every demo account with the demo password, hashing it once', async () => {
    expect(first.usersCreated.sort()).toEqual(['canbo.anvinh', 'canbo.sontan', 'quantri.quangngai', 'thamdinh.sontay'])
    expect(hashCalls).toBe(1)
    for (const account of DEMO_ACCOUNTS) {
      const user = await t.store.users.getByUsername(account.username)
      expect(user).toMatchObject({ id: account.id, name: account.name, role: account.role, orgUnitId: account.orgUnitId, active: true })
      expect(await verifyPassword(DEMO_PASSWORD, user!.passwordHash)).toBe(true)
      expect(await t.store.orgUnits.get(account.orgUnitId)).toBeDefined()
    }
  })

  it('builds the real org tree: Sơn Tây has its nine communes, Lý Sơn its three', async () => {
    const [province] = demoOrgUnits
    const districts = await t.store.orgUnits.listChildren(province!.id)
    expect(districts.map((d) => d.name)).toEqual(expect.arrayContaining(['Sơn Tây', 'Lý Sơn']))

    const sonTay = districts.find((d) => d.name === 'Sơn Tây')!
    expect((await t.store.orgUnits.listChildren(sonTay.id)).map((c) => c.name)).toEqual([
      'Sơn Bua', 'Sơn Dung', 'Sơn Lập', 'Sơn Liên', 'Sơn Long', 'Sơn Màu', 'Sơn Mùa', 'Sơn Tân', 'Sơn Tinh',
    ])
    const lySon = districts.find((d) => d.name === 'Lý Sơn')!
    expect((await t.store.orgUnits.listChildren(lySon.id)).map((c) => c.name)).toEqual(['An Bình', 'An Hải', 'An Vĩnh'])
  })

  it('puts each account where its role needs it', async () => {
    const unitOf = async (username: string) =>
      t.store.orgUnits.get((await t.store.users.getByUsername(username))!.orgUnitId)
    expect(await unitOf('canbo.sontan')).toMatchObject({ kind: 'commune', name: 'Sơn Tân' })
    expect(await unitOf('canbo.anvinh')).toMatchObject({ kind: 'commune', name: 'An Vĩnh' })
    expect(await unitOf('thamdinh.sontay')).toMatchObject({ kind: 'district', name: 'Sơn Tây' })
    expect(await unitOf('quantri.quangngai')).toMatchObject({ kind: 'province', name: 'Quảng Ngãi' })
    expect(DEMO_ACCOUNTS.map((a) => a.unitName)).toEqual(['Xã Sơn Tân', 'Xã An Vĩnh', 'Khu vực Sơn Tây', 'Tỉnh Quảng Ngãi'])
  })

  it('stores the demo round’s default rubric (the round read from the clock: demo-years.ts)', async () => {
    expect(first.rubricStored).toBe(true)
    expect(await t.store.rubrics.get(first.years.round)).toEqual(demoRubric(first.years.round))
  })

  it('is idempotent: a second run changes nothing and keeps existing passwords', async () => {
    const before = await t.store.users.getByUsername('canbo.sontan')
    hashCalls = 0
    const again = await seedDemo(t.store, { hashPassword: countingHash })
    expect(again).toEqual({ orgUnits: demoOrgUnits.length, usersCreated: [], rubricStored: false, years: first.years, yearOpened: false })
    expect(hashCalls).toBe(0)
    expect(await t.store.users.getByUsername('canbo.sontan')).toEqual(before)
    expect(await t.store.orgUnits.listChildren(demoOrgUnits[0]!.id)).toHaveLength(3)
  })

  it('survives two seeds racing on a fresh table', async () => {
    const fresh = await createTestTable()
    const hash = async (p: string) => `plain:${p}`
    const [a, b] = await Promise.all([seedDemo(fresh.store, { hashPassword: hash }), seedDemo(fresh.store, { hashPassword: hash })])
    expect([...a.usersCreated, ...b.usersCreated].sort()).toEqual(DEMO_ACCOUNTS.map((x) => x.username).sort())
    expect(Number(a.rubricStored) + Number(b.rubricStored)).toBe(1)
  })
})
