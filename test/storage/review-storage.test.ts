import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { emptyAssessment, type Assessment } from '../../shared/assessment'
import { AppError } from '../../shared/errors'
import type { AuditEvent, Comment } from '../../shared/review'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { assessmentKey } from '../../functions/src/storage/keys'
import { createTestTable, type TestTable } from '../support/dynamo'

/* Events, comments and the queue index on DynamoDB Local (docs/REVIEW.md "Audit trail", "Queue"). */

let t: TestTable
beforeAll(async () => {
  t = await createTestTable()
  await t.store.rubrics.put(defaultRubric2025)
  await t.store.orgUnits.put({ id: 'p', kind: 'province', name: 'Quảng Ngãi' })
  await t.store.orgUnits.put({ id: 'd', kind: 'district', name: 'Sơn Tây', parentId: 'p' })
  for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) await t.store.orgUnits.put({ id, kind: 'commune', name: `Xã ${id}`, parentId: 'd' })
})

const at = (n: number) => new Date(Date.UTC(2025, 4, 1, 0, 0, n)).toISOString()
const doc = (communeId: string, version: number, extra: Partial<Assessment> = {}): Assessment => ({
  ...emptyAssessment(communeId, 2025),
  version,
  updatedAt: at(version),
  updatedBy: 'u1',
  ...extra,
})
const who = { by: 'u1', byName: 'Đinh Văn A', role: 'officer' as const }
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AppError)

describe('save writes its event in the same transaction', () => {
  it('records the caller’s event, or a system edit, one per version, oldest first', async () => {
    await t.store.assessments.save(doc('c1', 1, { profile: { households: 10 } }), 0, {
      event: { ...who, at: at(1), action: 'edit', changes: [{ field: 'profile.households', from: null, to: 10 }] },
    })
    await t.store.assessments.save(doc('c1', 2), 1) // a tool's write: still logged
    const events = await t.store.events.list('c1', 2025)
    expect(events).toEqual([
      { communeId: 'c1', year: 2025, version: 1, at: at(1), ...who, action: 'edit', changes: [{ field: 'profile.households', from: null, to: 10 }] },
      { communeId: 'c1', year: 2025, version: 2, at: at(2), by: 'u1', byName: 'u1', role: 'system', action: 'edit' },
    ])
    expect(await t.store.events.list('c1', 2026)).toEqual([])
  })

  it('stores the queue summary (computed from the rubric when not given) and keeps it out of the assessment', async () => {
    const raw = await t.client.send(new GetCommand({ TableName: t.tableName, Key: assessmentKey('c1', 2025) }))
    expect(raw.Item).toMatchObject({ summary: { total: 0, eligible: false }, communeName: 'Xã c1', gsi1sk: 'draft#c1', gsi1pk: 'ASSESS#2025#d' })
    const a = await t.store.assessments.get('c1', 2025)
    expect(a).not.toHaveProperty('summary')
    expect(a).not.toHaveProperty('communeName')
  })

  it('a stale save writes neither the assessment nor an event', async () => {
    const err = await failure(t.store.assessments.save(doc('c1', 2, { profile: { households: 99 } }), 1, { event: { ...who, at: at(9), action: 'edit' } }))
    expect(err).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } })
    expect((await t.store.events.list('c1', 2025)).map((e) => e.version)).toEqual([1, 2])
  })

  it('a save whose comment already exists is cancelled as a whole', async () => {
    const comment: Comment = { id: 'k1', text: 'Trả lại', at: at(3), ...who }
    await t.store.assessments.save(doc('c2', 1), 0, { event: { ...who, at: at(1), action: 'edit' }, comment })
    const err = await failure(t.store.assessments.save(doc('c2', 2, { status: 'returned' }), 1, { event: { ...who, at: at(3), action: 'return' }, comment }))
    expect(err).toMatchObject({ code: 'conflict' })
    expect(await t.store.assessments.get('c2', 2025)).toMatchObject({ version: 1, status: 'draft' })
    expect((await t.store.events.list('c2', 2025)).map((e) => e.version)).toEqual([1])
    expect(await t.store.comments.list('c2', 2025)).toEqual([comment])
  })
})

describe('comments', () => {
  const event = (communeId: string, version: number, n: number): AuditEvent => ({ communeId, year: 2025, version, at: at(n), ...who, action: 'comment' })

  it('are listed oldest first, and their events sort after the version they were written on', async () => {
    await t.store.assessments.save(doc('c3', 1), 0, { event: { ...who, at: at(1), action: 'edit' } })
    await t.store.comments.add(event('c3', 1, 20), { id: 'b', text: 'sau', at: at(20), ...who })
    await t.store.comments.add(event('c3', 1, 10), { id: 'a', text: 'trước', indicatorId: 'A3.1', at: at(10), ...who })
    await t.store.assessments.save(doc('c3', 2), 1, { event: { ...who, at: at(30), action: 'edit' } })
    expect((await t.store.comments.list('c3', 2025)).map((c) => c.id)).toEqual(['a', 'b'])
    expect((await t.store.events.list('c3', 2025)).map((e) => [e.version, e.action, e.at])).toEqual([
      [1, 'edit', at(1)],
      [1, 'comment', at(10)],
      [1, 'comment', at(20)],
      [2, 'edit', at(30)],
    ])
  })

  it('are refused by the transaction once the assessment is recognised', async () => {
    await t.store.assessments.save(doc('c4', 1, { status: 'recognised' }), 0)
    const err = await failure(t.store.comments.add(event('c4', 1, 5), { id: 'x', text: 'muộn', at: at(5), ...who }))
    expect(err).toMatchObject({ code: 'invalid_transition' })
    expect(await t.store.comments.list('c4', 2025)).toEqual([])
    expect((await t.store.events.list('c4', 2025)).map((e) => e.action)).toEqual(['edit'])
  })
})

describe('queue', () => {
  it('lists one status with begins_with on gsi1sk, paged by an opaque cursor', async () => {
    await t.store.assessments.save(doc('c5', 1, { status: 'submitted' }), 0)
    await t.store.assessments.save(doc('c2', 2, { status: 'submitted' }), 1)
    const first = await t.store.assessments.listQueue(2025, 'd', { status: 'submitted', limit: 1 })
    expect(first.items.map((i) => i.communeId)).toEqual(['c2'])
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)
    const second = await t.store.assessments.listQueue(2025, 'd', { status: 'submitted', limit: 1, cursor: first.nextCursor! })
    expect(second.items.map((i) => i.communeId)).toEqual(['c5'])
    const all = await t.store.assessments.listQueue(2025, 'd', { limit: 100 })
    expect(all.items.map((i) => `${i.status}#${i.communeId}`)).toEqual(['draft#c1', 'draft#c3', 'recognised#c4', 'submitted#c2', 'submitted#c5'])
    expect(all.nextCursor).toBeUndefined()
    const err = await failure(t.store.assessments.listQueue(2025, 'd', { status: 'draft', limit: 1, cursor: first.nextCursor! }))
    expect(err).toMatchObject({ code: 'validation', fields: [expect.objectContaining({ field: 'cursor' })] })
  })
})
