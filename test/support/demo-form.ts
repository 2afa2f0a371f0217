// What an officer of a demo commune would save for a year, whatever that year's rubric: on a rubric that keeps the
// village roster the facts the roster gives (fromRoster) are not typed and the commune's demo roster goes with it.
// Lets tests take the demo round from the clock (functions/src/seed/demo-years.ts) instead of assuming rubric-2025.
import type { Profile } from '../../shared/assessment'
import type { Village } from '../../shared/roster'
import type { Rubric } from '../../shared/rubric/schema'
import { demoAnswers } from '../../functions/src/seed/demo-review'
import { demoRosterOf } from '../../functions/src/seed/demo-roster'

export const DEMO_FORM_PROFILE: Profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }

export function typedProfile(rubric: Rubric, profile: Profile = DEMO_FORM_PROFILE): Profile {
  const fromRoster = new Set(rubric.roster ? rubric.profile.filter((f) => f.fromRoster).map((f) => f.id) : [])
  return Object.fromEntries(Object.entries(profile).filter(([id]) => !fromRoster.has(id)))
}

export function demoForm(
  rubric: Rubric,
  communeName: string,
  share = 1,
): { profile: Profile; answers: ReturnType<typeof demoAnswers>; roster?: Record<string, Village> } {
  const profile = typedProfile(rubric)
  const answers = demoAnswers(rubric, DEMO_FORM_PROFILE, share)
  const roster = rubric.roster ? demoRosterOf(communeName, DEMO_FORM_PROFILE.households!, share >= 1) : undefined
  return { profile, answers, ...(roster ? { roster } : {}) }
}

/**
 * The first profile fact after `after` that the officer types on `rubric`: on rubric-2025 the villages follow the
 * households; a rubric keeping the roster computes those, so the officials. For tests that need "another fact".
 */
export function typedFactAfter(rubric: Rubric, after = 'households'): string {
  const ids = rubric.profile.map((f) => f.id)
  const fact = rubric.profile.find((f, i) => i > ids.indexOf(after) && !(rubric.roster && f.fromRoster))
  if (!fact) throw new Error(`no typed profile fact after ${after}`)
  return fact.id
}
