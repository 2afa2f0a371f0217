import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { createTestTable, type TestTable } from '../support/dynamo'

let t: TestTable
beforeAll(async () => {
  t = await createTestTable()
})

describe('rubrics repository (DynamoDB Local)', () => {
  it('returns undefined for a year without a rubric', async () => {
    expect(await t.store.rubrics.get(2024)).toBeUndefined()
  })

  it('stores the 2025 rubric and reads it back unchanged', async () => {
    await t.store.rubrics.put(defaultRubric2025)
    expect(await t.store.rubrics.get(2025)).toEqual(defaultRubric2025)
  })

  it('returns the latest version of a year, by number not by string order', async () => {
    for (const version of [2, 10, 9]) {
      await t.store.rubrics.put({ ...defaultRubric2025, year: 2030, version, id: `r-v${version}` })
    }
    expect((await t.store.rubrics.get(2030))?.version).toBe(10)
    expect(await t.store.rubrics.get(2031)).toBeUndefined()
  })

  it('refuses to overwrite a published version', async () => {
    const changed = { ...defaultRubric2025, title: { vi: 'Đã sửa', en: 'Changed' } }
    const err = await t.store.rubrics.put(changed).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('conflict')
    expect((await t.store.rubrics.get(2025))?.title).toEqual(defaultRubric2025.title)
  })
})
