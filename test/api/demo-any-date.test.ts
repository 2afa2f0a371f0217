// The demo on any date (standing rule: no dates that expire). The seed, the API and the checks all read one
// injected clock; the demo's years come from it (functions/src/seed/demo-years.ts). On each date: the seed runs
// (round + roster year), the officer opens the round's form, saves and submits, the reviewer finds it in the
// queue, the administrator opens the next year with a deadline the API accepts, and the roster year holds rosters.
import { describe, expect, it } from 'vitest'
import { addDays, vietnamDate } from '../../shared/survey-year'
import { createApp } from '../../functions/src/app'
import { hashPassword } from '../../functions/src/auth/password'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoYears, seedDemo } from '../../functions/src/seed'
import { DEMO_STATES, demoAnswers } from '../../functions/src/seed/demo-review'
import { demoCommunes } from '../../functions/src/seed/demo-province'
import { demoRosterOf } from '../../functions/src/seed/demo-roster'
import { defaultRubric2025, defaultRubric2026, defaultRubricFor } from '../../shared/rubric/default'
import { createTestTable } from '../support/dynamo'
import { call, TEST_SECRET } from './harness'

/** A clock that starts at `start` and runs with real time, so stamps still order within a run. */
const clockFrom = (start: Date) => {
  const offset = start.getTime() - Date.now()
  return () => new Date(Date.now() + offset)
}

const DATES: [string, Date][] = [
  ['today', new Date()],
  ['2028-06-15', new Date('2028-06-15T03:00:00Z')],
  ['2031-01-02', new Date('2031-01-02T09:30:00Z')],
  // 17:00 UTC on 31 December is already 1 January 2036 in Vietnam: the demo's round is 2035.
  ['2035-12-31 17:00Z (1 Jan in Vietnam)', new Date('2035-12-31T17:00:00Z')],
]

const sonTan = demoCommunes.find((c) => c.name === 'Sơn Tân')!
const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role && (role !== 'officer' || a.orgUnitId === sonTan.id))!

describe('demoYears', () => {
  it('is the year the communes assess (last calendar year in Vietnam) and the next, with the Vietnam new year at 17:00 UTC', () => {
    expect(demoYears(new Date('2026-12-05T02:00:00Z'))).toEqual({ round: 2025, roster: 2026 })
    expect(demoYears(new Date('2035-12-31T16:59:59Z'))).toEqual({ round: 2034, roster: 2035 })
    expect(demoYears(new Date('2035-12-31T17:00:00Z'))).toEqual({ round: 2035, roster: 2036 })
  })

  it('on 2026-12-05 seeds exactly the demo `npm start` showed: 2025 on rubric-2025, 2026 on rubric-2026', async () => {
    const { store } = await createTestTable()
    const fast = async (p: string) => `plain:${p}`
    const seeded = await seedDemo(store, { hashPassword: fast, rosterYear: true, now: clockFrom(new Date('2026-12-05T02:00:00Z')) })
    expect(seeded.years).toEqual({ round: 2025, roster: 2026 })
    expect(await store.rubrics.get(2025)).toEqual(defaultRubric2025)
    expect(await store.rubrics.get(2026)).toEqual(defaultRubric2026)
    expect((await store.surveyYears.get(2025))!.deadline).toBe('2027-02-03')
    expect((await store.assessments.get(demoCommunes.find((c) => c.name === 'Sơn Long')!.id, 2025))!.provinceDecision).toMatchObject({ decisionDate: '2025-06-30' })
  })
})

describe.each(DATES)('the demo on %s', (_label, start) => {
  it('seeds, and officer, reviewer and administrator do their key steps through the API', async () => {
    const clock = clockFrom(start)
    const years = demoYears(clock())
    const { store } = await createTestTable()
    const seeded = await seedDemo(store, { hashPassword, rosterYear: true, now: clock })
    expect(seeded.years).toEqual(years)
    expect(seeded.yearOpened).toBe(true)
    expect(seeded.rosters!.length).toBeGreaterThan(0)

    const app = createApp({ store, clock, auth: { tokenSecret: TEST_SECRET } })
    const login = async (role: string) => {
      const res = await call(app, 'POST', '/api/auth/login', { body: { username: account(role).username, password: DEMO_PASSWORD } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.token as string
    }
    const [officer, reviewer, admin] = [await login('officer'), await login('reviewer'), await login('admin')]

    // Both demo years are open, their deadlines ahead on this clock; each on the default rubric of its year.
    const listed = await call(app, 'GET', '/api/years', { token: officer })
    expect(listed.status).toBe(200)
    const open = listed.body.years.map((y: { year: number }) => y.year)
    expect(open).toEqual(expect.arrayContaining([years.round, years.roster]))
    for (const year of [years.round, years.roster]) {
      const stored = (await store.rubrics.get(year))!
      expect(stored.year).toBe(year)
      expect(Boolean(stored.roster)).toBe(Boolean(defaultRubricFor(year).roster))
      expect((await store.surveyYears.get(year))!.deadline >= vietnamDate(clock())).toBe(true)
    }

    // Officer: opens the round's form (Sơn Tân starts empty), saves what they typed, reads it back, submits.
    const path = `/api/communes/${sonTan.id}/assessments/${years.round}`
    const opened = await call(app, 'GET', path, { token: officer })
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect(opened.body.assessment.version).toBe(0)
    const rubric = (await store.rubrics.get(years.round))!
    // Only what an officer types: facts the roster gives are not (the round may be on a roster-keeping rubric).
    const profile = Object.fromEntries(rubric.profile.filter((f) => !f.fromRoster).map((f) => [f.id, 1500]))
    const typed = demoAnswers(rubric, profile, 1)
    // …and, on such a rubric, the village roster those facts and answers are computed from.
    const roster = rubric.roster ? demoRosterOf(sonTan.name, 1500) : undefined
    const saved = await call(app, 'PATCH', path, { token: officer, body: { version: 0, profile, answers: typed, ...(roster ? { roster } : {}) } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const back = await call(app, 'GET', path, { token: officer })
    expect(back.body.assessment.answers).toMatchObject(typed)
    if (roster) expect(back.body.assessment.roster).toEqual(roster)
    const submit = await call(app, 'POST', `${path}/submit`, { token: officer, body: { version: back.body.assessment.version } })
    expect(submit.status, JSON.stringify(submit.body)).toBe(200)

    // Reviewer: the queue of Sơn Tây for the round holds the seeded submissions and Sơn Tân's.
    const queue = await call(app, 'GET', `/api/review/queue?year=${years.round}&status=submitted`, { token: reviewer })
    expect(queue.status, JSON.stringify(queue.body)).toBe(200)
    const waiting = queue.body.items.map((i: { communeId: string }) => i.communeId).sort()
    const seededSubmitted = Object.entries(DEMO_STATES).filter(([, s]) => s === 'submitted').map(([n]) => demoCommunes.find((c) => c.name === n)!.id)
    expect(waiting).toEqual([...seededSubmitted, sonTan.id].sort())

    // Administrator: opens the year after the roster year on the default rubric, closing at the end of its November.
    const next = years.roster + 1
    const deadline = `${next}-11-30`
    const opening = await call(app, 'POST', '/api/admin/years', { token: admin, body: { year: next, deadline, rubricSource: 'default' } })
    expect(opening.status, JSON.stringify(opening.body)).toBe(201)
    expect((await store.surveyYears.get(next))!.deadline).toBe(deadline)
    expect(Boolean((await store.rubrics.get(next))!.roster)).toBe(Boolean(defaultRubricFor(next).roster))
    // …and, for a year whose range holds yesterday, a deadline already over on this clock is refused, naming the field.
    const yesterday = addDays(vietnamDate(clock()), -1)
    const late = await call(app, 'POST', '/api/admin/years', { token: admin, body: { year: years.round - 1, deadline: yesterday, rubricSource: 'default' } })
    expect(late.status).toBe(400)
    expect(late.body.error.fields).toEqual([expect.objectContaining({ field: 'deadline', code: 'in_past' })])

    // The roster year: the officer's form carries the seeded roster.
    const rosterForm = await call(app, 'GET', `/api/communes/${sonTan.id}/assessments/${years.roster}`, { token: officer })
    expect(rosterForm.status).toBe(200)
    expect(Object.keys(rosterForm.body.assessment.roster ?? {}).length).toBeGreaterThanOrEqual(4)
  })
})

