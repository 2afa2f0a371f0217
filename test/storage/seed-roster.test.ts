import { beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../functions/src/auth/password'
import { seedDemo, type SeedResult } from '../../functions/src/seed'
import { demoCommunes } from '../../functions/src/seed/demo-province'
import { bestCoverage, coverageRank, VIETNAM_BBOX } from '../../shared/roster'
import { validateRosterPatch } from '../../shared/roster-validate'
import { scoreAssessment } from '../../shared/scoring'
import { createTestTable, type TestTable } from '../support/dynamo'

// The demo's roster year (issue 13; 2026 on today's date), as `npm start` seeds it: rubric-2026, rosters with signal gaps.
let t: TestTable
let first: SeedResult

beforeAll(async () => {
  t = await createTestTable()
  first = await seedDemo(t.store, { hashPassword, rosterYear: true })
})

describe('seedDemo with the roster year', () => {
  it('opens the roster year on its roster-keeping default and gives ten communes a valid roster, some villages without 4G, located in Quảng Ngãi', async () => {
    const rubric = (await t.store.rubrics.get(first.years.roster))!
    expect(rubric.roster?.operators.map((o) => o.id)).toEqual(['viettel', 'vnpt', 'mobifone'])
    expect(await t.store.surveyYears.get(first.years.roster)).toBeDefined()
    expect(first.rosters).toHaveLength(10)
    let gaps = 0
    for (const id of first.rosters!) {
      const a = (await t.store.assessments.get(id, first.years.roster))!
      const villages = Object.values(a.roster ?? {})
      expect(villages.length).toBeGreaterThanOrEqual(4)
      // What the API would accept from an officer (names unique, households within the commune's, operators known).
      expect(validateRosterPatch(rubric, {}, a.roster!, a.profile).issues).toEqual([])
      for (const v of villages) {
        // Quảng Ngãi, well inside Vietnam's box.
        expect(v.location!.lat).toBeGreaterThan(14.5)
        expect(v.location!.lat).toBeLessThan(15.6)
        expect(v.location!.lng).toBeGreaterThan(108)
        expect(v.location!.lng).toBeLessThan(VIETNAM_BBOX.maxLng)
        if (coverageRank(bestCoverage(v)) < coverageRank('4g')) gaps++
      }
      // The derived A3.3 counts them.
      const score = scoreAssessment(rubric, a)
      const without4g = villages.filter((v) => coverageRank(bestCoverage(v)) < coverageRank('4g')).length
      expect(score.indicators['A3.3']?.value).toBe(without4g)
    }
    expect(gaps).toBeGreaterThan(3)
    // Sơn Tân, the demo officer's commune, has one to carry on from.
    expect(first.rosters).toContain(demoCommunes.find((c) => c.name === 'Sơn Tân')!.id)
  })

  it('is idempotent: a second run writes no roster again', async () => {
    const again = await seedDemo(t.store, { hashPassword, rosterYear: true })
    expect(again.rosters).toEqual([])
    const a = await t.store.assessments.get(first.rosters![0]!, first.years.roster)
    expect(a?.version).toBe(1)
  })
})
