import { beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../functions/src/auth/password'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, loginAs, makeApp, PASSWORD, seedFixtures, units, type TestApp } from './harness'
import { act, freshYear, submitted } from './review-fixtures'

/*
 * Two reviewers of the same unit decide the same assessment at the same moment (real DynamoDB Local, concurrent
 * requests): exactly one wins, the other gets 409, and the log has exactly one event for the version produced.
 */

let app: TestApp
let store: Store
let officer: string
let reviewerA: string
let reviewerB: string
const own = units.sonDung.id

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  await store.users.put({
    id: 'u-reviewer-b',
    username: 'reviewer2.sontay',
    name: 'Lê Thị G',
    role: 'reviewer',
    orgUnitId: units.sonTay.id,
    active: true,
    passwordHash: await hashPassword(PASSWORD),
  })
  app = makeApp(store)
  officer = await loginAs(app, 'officer')
  reviewerA = await loginAs(app, 'reviewer')
  reviewerB = (await call(app, 'POST', '/api/auth/login', { body: { username: 'reviewer2.sontay', password: PASSWORD } })).body.token
})

const races: [string, [string, Record<string, unknown>], [string, Record<string, unknown>]][] = [
  ['approve vs return', ['approve', {}], ['return', { comment: 'Bổ sung minh chứng' }]],
  ['approve vs approve', ['approve', {}], ['approve', { comment: 'Đồng ý' }]],
  ['return vs reject', ['return', { comment: 'Sửa A3.1' }], ['reject', { reason: 'Không đạt' }]],
  ['review vs approve', ['reviews/A1.2', { decision: 'accepted' }], ['approve', {}]],
]

/** Submitted, every indicator accepted (approval needs that): returns the version to race on. */
async function reviewed(y: number): Promise<number> {
  const v = await submitted(app, officer, own, y)
  return (await act(app, reviewerA, own, y, 'reviews/accept-remaining', { version: v })).body.assessment.version
}

describe('two reviewers at once', () => {
  it.each(races)('%s: exactly one wins, the other gets 409, one event', async (_name, [actionA, bodyA], [actionB, bodyB]) => {
    for (let round = 0; round < 3; round++) {
      const y = await freshYear(store)
      const v = await reviewed(y)
      const [a, b] = await Promise.all([
        act(app, reviewerA, own, y, actionA, { version: v, ...bodyA }),
        act(app, reviewerB, own, y, actionB, { version: v, ...bodyB }),
      ])
      const statuses = [a.status, b.status].sort()
      expect(statuses, JSON.stringify([a.body, b.body])).toEqual([200, 409])
      const [won, lost] = a.status === 200 ? [a, b] : [b, a]
      expect(['version_conflict', 'invalid_transition']).toContain(lost.body.error.code)

      const stored = (await call(app, 'GET', assessmentPath(own, y), { token: reviewerA })).body.assessment
      expect(stored).toEqual(won.body.assessment)
      const events = (await call(app, 'GET', `${assessmentPath(own, y)}/timeline`, { token: reviewerA })).body.events as any[]
      expect(events.filter((e) => e.version === v + 1)).toHaveLength(1)
      expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4])
      expect(events.at(-1)!.by).toBe(won === a ? 'u-reviewer' : 'u-reviewer-b')
      // A return's comment exists only if the return won.
      const comments = (await call(app, 'GET', `${assessmentPath(own, y)}/comments`, { token: reviewerA })).body.comments as any[]
      expect(comments.length).toBe(events.at(-1)!.comment ? 1 : 0)
    }
  })

  it('many concurrent approvals: one event, one winner', async () => {
    const y = await freshYear(store)
    const v = await reviewed(y)
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => act(app, i % 2 ? reviewerA : reviewerB, own, y, 'approve', { version: v, comment: `#${i}` })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(7)
    const events = (await call(app, 'GET', `${assessmentPath(own, y)}/timeline`, { token: reviewerA })).body.events as any[]
    expect(events.map((e) => e.action)).toEqual(['edit', 'submit', 'review_indicator', 'approve'])
  })
})
