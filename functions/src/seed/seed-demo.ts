import { addDays, vietnamDate } from '../../../shared/survey-year'
import { openFirstYear } from '../years/first-year'
import { createdIfAbsent } from '../storage/if-absent'
import type { Store } from '../storage/store'
import { rebuildStats } from '../dashboard/rebuild'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoOrgUnits } from './demo-province'
import { seedReviewStates } from './demo-review'
import { seedRosterYear } from './demo-roster'
import { demoRubric, demoYears } from './demo-years'

export type SeedOptions = {
  /** functions/src/auth/password.ts hashPassword; injected so the seed does not depend on auth. */
  hashPassword(plain: string): Promise<string>
  /**
   * The demo's clock (default: the wall clock). The years seeded are read from it (demo-years.ts demoYears), and
   * every step is stamped with it, so a test can seed the demo as it would look on any date.
   */
  now?: () => Date
  /**
   * Also open the roster year (2026 on rubric-2026 on today's date) with village rosters (issue 13; functions/src/seed/demo-roster.ts). `npm start`
   * does; the browser tests' server does not, as the newest open year is every page's current year.
   */
  rosterYear?: boolean
}

export type SeedResult = {
  orgUnits: number
  usersCreated: string[]
  rubricStored: boolean
  /** The demo's round and roster year on the seed's clock (demoYears). */
  years: { round: number; roster: number }
  /** The demo survey year was opened by this run (deadline 60 days ahead, so the demo can submit). */
  yearOpened: boolean
  /** Communes given a roster-year form by this run (with `rosterYear`). */
  rosters?: string[]
}

/**
 * Idempotent: safe on every `npm start`. Org units are upserted (so edits to the demo data reach
 * an existing .data/), but existing users and rubric versions are left alone: a password someone
 * changed locally, or assessments scored against the stored rubric, must survive a restart.
 */
export async function seedDemo(store: Store, { hashPassword, rosterYear, now: clock = () => new Date() }: SeedOptions): Promise<SeedResult> {
  const now = clock()
  const years = demoYears(now)
  const rubric = demoRubric(years.round)
  for (const unit of demoOrgUnits) await store.orgUnits.put(unit)

  let rubricStored = false
  const stored = await store.rubrics.get(years.round)
  if (!stored || stored.version < rubric.version) {
    rubricStored = await createdIfAbsent(store.rubrics.put(rubric))
  }

  const yearOpened = await openFirstYear(store, {
    year: years.round,
    deadline: addDays(vietnamDate(now), 60),
    rubric,
    now,
  })

  const usersCreated: string[] = []
  let passwordHash: string | undefined
  for (const { unitName: _label, ...account } of DEMO_ACCOUNTS) {
    if (await store.users.getByUsername(account.username)) continue
    // scrypt is deliberately slow; hash once, and only when a user is actually missing.
    passwordHash ??= await hashPassword(DEMO_PASSWORD)
    if (await createdIfAbsent(store.users.put({ ...account, passwordHash, active: true }))) {
      usersCreated.push(account.username)
    }
  }

  // After the accounts: the review steps are logged under the demo reviewer's and administrator's names.
  await seedReviewStates(store, (await store.rubrics.get(years.round)) ?? rubric, clock, years.round)

  // The review states above went through assessments.save, which keeps the dashboard counters. A .data/ written
  // before the counters existed has assessments and no counters: recompute them once.
  if ((await store.stats.unitTotals(years.round)).size === 0) {
    const province = demoOrgUnits.find((u) => u.kind === 'province')
    if (province) await rebuildStats(store, province.id, years.round)
  }

  // Written through the save path, which keeps the roster year's dashboard counters as it goes.
  const rosters = rosterYear ? await seedRosterYear(store, clock, years.roster) : undefined

  return { orgUnits: demoOrgUnits.length, usersCreated, rubricStored, years, yearOpened, ...(rosters ? { rosters } : {}) }
}
