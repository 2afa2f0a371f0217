import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { UserRecord } from '../../functions/src/storage/store'
import { createTestTable, type TestTable } from '../support/dynamo'

const officer: UserRecord = {
  id: 'u-sontan',
  username: 'canbo.sontan',
  name: 'Đinh Văn Tài',
  role: 'officer',
  orgUnitId: 'xa-son-tan',
  passwordHash: 'scrypt$dummy',
  active: true,
}

let t: TestTable
beforeAll(async () => {
  t = await createTestTable()
})

describe('users repository (DynamoDB Local)', () => {
  it('creates a user and reads it back by username', async () => {
    await t.store.users.put(officer)
    expect(await t.store.users.getByUsername('canbo.sontan')).toEqual(officer)
  })

  it('returns undefined for an unknown username', async () => {
    expect(await t.store.users.getByUsername('nobody')).toBeUndefined()
  })

  it('matches usernames case-insensitively but keeps the spelling given', async () => {
    const user = { ...officer, id: 'u-mixed', username: 'ThamDinh.SonTay' }
    await t.store.users.put(user)
    expect(await t.store.users.getByUsername('thamdinh.sontay')).toEqual(user)
  })

  it('refuses a second user with the same username (any case) and keeps the first', async () => {
    const other = { ...officer, id: 'u-other', name: 'Người khác', username: 'CANBO.SONTAN' }
    const err = await t.store.users.put(other).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('conflict')
    expect(await t.store.users.getByUsername('canbo.sontan')).toEqual(officer)
  })

  it('refuses a second user with the same id', async () => {
    const err = await t.store.users.put({ ...officer, username: 'canbo.khac' }).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('conflict')
    expect(await t.store.users.getByUsername('canbo.khac')).toBeUndefined()
  })

  it('lets exactly one of many concurrent creations of a username win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => t.store.users.put({ ...officer, id: `u-race-${i}`, username: 'canbo.race' })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(rejected).toHaveLength(4)
    for (const r of rejected) expect((r.reason as AppError).code).toBe('conflict')
  })
})
