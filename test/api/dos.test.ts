import { beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { assessmentPath, call, makeApp, seedFixtures, tokensFor, units, type TestApp } from './harness'
import { freshYear, perfectAnswers, profile, submitted } from './review-fixtures'

/*
 * Issue 8: "what would meet it" searched for the needed numerator one step at a time, so one request with a huge
 * denominator froze the server (households = 3e11 took 2.9 s; 2^53 − 1 never answered; a stored 1e12 made every
 * GET of that assessment take 11–15 s). Each input below is one the schema accepts; each request must answer
 * within a bound that a step search cannot meet on any machine (it walks ~10^12 numerators here) and that a
 * loaded CI box meets with room to spare (scoring itself is well under a millisecond).
 */

const HUGE = Number.MAX_SAFE_INTEGER // 2^53 − 1, the largest whole number the schema accepts
const BOUND_MS = 3_000

let app: TestApp
let store: Store
let t: Record<'officer' | 'reviewer', string>
beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
  app = makeApp(store)
  t = await tokensFor(app, 'officer', 'reviewer')
})

async function timed<T>(run: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const out = await run()
  expect(performance.now() - started).toBeLessThan(BOUND_MS)
  return out
}

// Every ratio indicator left unmet, over the largest denominators: a profile fact and a typed denominator.
const hugeProfile = { ...profile, population: HUGE, adults: HUGE, households: HUGE, villages: HUGE, officials: HUGE, businesses: HUGE, schools: HUGE }
const hugeAnswers = { 'A3.1': { numerator: 900 }, B1: { numerator: 1, denominator: HUGE }, B6: { numerator: HUGE - 1, denominator: HUGE }, C5: { numerator: 0, denominator: 3e11 } }

describe('no accepted input makes scoring slow', () => {
  it('POST /api/score with denominators of 2^53 − 1 answers at once, advice included', async () => {
    const res = await timed(() => call(app, 'POST', '/api/score', { token: t.officer, body: { year: 2025, profile: hugeProfile, answers: hugeAnswers } }))
    expect(res.status).toBe(200)
    const advice = res.body.verdict.toMeet.find((a: { indicatorId: string }) => a.indicatorId === 'A3.1')
    // 0.8 × (2^53 − 1), less the rounding slack of 30 points to the hundredth: a number, not a timeout.
    expect(advice.message.en).toMatch(/^A3\.1 needs \d+ of 9007199254740991 households \(80%\), has 900$/)
  })

  it('PATCH storing them answers at once, and every GET of that assessment after it too (officer and reviewer)', async () => {
    const year = await freshYear(store)
    const saved = await timed(() =>
      call(app, 'PATCH', assessmentPath(units.sonDung.id, year), { token: t.officer, body: { version: 0, profile: hugeProfile, answers: hugeAnswers } }),
    )
    expect(saved.status).toBe(200)
    expect(saved.body.version).toBe(1)
    for (const token of [t.officer, t.reviewer]) {
      const read = await timed(() => call(app, 'GET', assessmentPath(units.sonDung.id, year), { token }))
      expect(read.status).toBe(200)
      expect(read.body.assessment.profile.households).toBe(HUGE)
      expect(read.body.score.verdict.toMeet.length).toBeGreaterThan(0)
    }
  })

  it('the reviewer’s adjusted value with a huge denominator answers at once, and so does the reviewed score', async () => {
    const year = await freshYear(store)
    const v = await submitted(app, t.officer, units.sonDung.id, year, perfectAnswers())
    const adjusted = await timed(() =>
      call(app, 'POST', `${assessmentPath(units.sonDung.id, year)}/reviews/B1`, {
        token: t.reviewer,
        body: { version: v, decision: 'adjusted', answer: { numerator: 1, denominator: HUGE }, reason: 'Theo sổ theo dõi' },
      }),
    )
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200)
    expect(adjusted.body.summary.reviewedEligible).toBe(false)
    const read = await timed(() => call(app, 'GET', assessmentPath(units.sonDung.id, year), { token: t.reviewer }))
    const advice = read.body.reviewedScore.verdict.toMeet.find((a: { indicatorId: string }) => a.indicatorId === 'B1')
    expect(advice.message.en).toMatch(/^B1 needs \d+ of 9007199254740991/)
  })
})
