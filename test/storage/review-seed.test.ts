import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_YEAR, demoOrgUnits, seedDemo } from '../../functions/src/seed'
import { DEMO_STATES } from '../../functions/src/seed/demo-review'
import { createTestTable, type TestTable } from '../support/dynamo'

let t: TestTable
const hash = async (p: string) => `plain:${p}`
const idOf = (name: string) => demoOrgUnits.find((u) => u.name === name && u.kind === 'commune')!.id

beforeAll(async () => {
  t = await createTestTable()
  await seedDemo(t.store, { hashPassword: hash })
})

describe('demo review states (npm start)', () => {
  it('puts Sơn Tây communes in each workflow state, each step in the audit log', async () => {
    for (const [name, status] of Object.entries(DEMO_STATES)) {
      const a = await t.store.assessments.get(idOf(name), DEMO_YEAR)
      expect(a?.status, name).toBe(status)
      const events = await t.store.events.list(idOf(name), DEMO_YEAR)
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: a!.version }, (_, i) => i + 1))
    }
    const returned = idOf('Sơn Lập')
    expect((await t.store.comments.list(returned, DEMO_YEAR))[0]).toMatchObject({ role: 'reviewer', byName: 'Nguyễn Văn Hùng' })
    expect((await t.store.assessments.get(returned, DEMO_YEAR))!.reviews!['A3.1']!.decision).toBe('needs_evidence')
    expect(await t.store.assessments.get(idOf('Sơn Tân'), DEMO_YEAR)).toBeUndefined()
  })

  it('makes the reviewer’s queue live', async () => {
    const sonTay = demoOrgUnits.find((u) => u.name === 'Sơn Tây')!.id
    const page = await t.store.assessments.listQueue(DEMO_YEAR, sonTay, { status: 'submitted', limit: 50 })
    expect(page.items.map((i) => i.communeName).sort()).toEqual(['Sơn Dung', 'Sơn Màu'])
    expect(page.items.find((i) => i.communeName === 'Sơn Dung')!.summary.eligible).toBe(true)
  })

  it('is idempotent and survives concurrent seeds', async () => {
    const before = await t.store.events.list(idOf('Sơn Long'), DEMO_YEAR)
    await seedDemo(t.store, { hashPassword: hash })
    expect(await t.store.events.list(idOf('Sơn Long'), DEMO_YEAR)).toEqual(before)
    const fresh = await createTestTable()
    await Promise.all([seedDemo(fresh.store, { hashPassword: hash }), seedDemo(fresh.store, { hashPassword: hash })])
    for (const [name, status] of Object.entries(DEMO_STATES)) expect((await fresh.store.assessments.get(idOf(name), DEMO_YEAR))?.status, name).toBe(status)
  })
})
