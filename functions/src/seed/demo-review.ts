// Demo review states for `npm start`: communes of Sơn Tây in each workflow state, so the reviewer's queue and the
// admin's decision page are live. Every step goes through the same use cases as the API (checks, events, summary),
// acting as the demo reviewer and administrator. Sơn Tân (the demo officer's commune) is left as a fresh draft.
import type { Answers, Profile } from '../../../shared/assessment'
import { AppError } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { flattenIndicators } from '../../../shared/rubric/walk'
import type { Principal } from '../auth/token'
import { patchAssessment, submitAssessment } from '../assessments/service'
import { acceptRemaining, decide, reviewIndicator } from '../review/service'
import type { Store } from '../storage/store'
import { DEMO_ACCOUNTS, demoCommunes } from './demo-province'
import { demoRosterOf } from './demo-roster'
import { demoYears } from './demo-years'

export const DEMO_STATES = {
  'Sơn Bua': 'draft',
  'Sơn Dung': 'submitted',
  'Sơn Màu': 'submitted',
  'Sơn Lập': 'returned',
  'Sơn Liên': 'district_approved',
  'Sơn Long': 'recognised',
} as const

const DEMO_PROFILE: Profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }

/** Answers meeting every indicator at `share` of its best (1 = perfect), so the demo mixes strong and weak forms. */
export function demoAnswers(rubric: Rubric, profile: Profile, share: number): Answers {
  const answers: Answers = {}
  for (const { indicator } of flattenIndicators(rubric)) {
    const input = indicator.input
    const scoring = indicator.scoring
    switch (input.kind) {
      case 'ratio': {
        const fixed = 'profile' in input.denominator ? undefined : 40
        const denominator = fixed ?? profile[(input.denominator as { profile: string }).profile] ?? 0
        const numerator = Math.floor(denominator * share)
        answers[indicator.id] = fixed === undefined ? { numerator } : { numerator, denominator: fixed }
        break
      }
      case 'count': {
        const best = scoring.kind === 'steps' ? scoring.steps[0] : undefined
        answers[indicator.id] = { count: best && 'atLeast' in best ? Math.ceil(best.atLeast * share) : 0 }
        break
      }
      case 'boolean':
        answers[indicator.id] = { yes: share >= 0.5 }
        break
      case 'choice': {
        const points = scoring.kind === 'choice' ? Object.entries(scoring.points).sort((a, b) => b[1] - a[1]) : []
        answers[indicator.id] = { choice: points[share >= 0.9 ? 0 : Math.min(1, points.length - 1)]?.[0] ?? input.options[0]!.id }
        break
      }
    }
  }
  return answers
}

const principalOf = (role: 'reviewer' | 'admin'): Principal => {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!
  return { id: account.id, username: account.username, role, orgUnitId: account.orgUnitId }
}

/**
 * Idempotent: a commune that already has an assessment for `year` (the demo round on the clock) is left alone (also
 * when a concurrent seed won).
 */
export async function seedReviewStates(store: Store, rubric: Rubric, now = () => new Date(), year = demoYears(now()).round): Promise<string[]> {
  const reviewer = principalOf('reviewer')
  const admin = principalOf('admin')
  const seeded: string[] = []
  for (const [name, target] of Object.entries(DEMO_STATES)) {
    const commune = demoCommunes.find((c) => c.name === name)
    if (!commune || (await store.assessments.get(commune.id, year))) continue
    const officer: Principal = { id: `u-demo-${commune.id}`, username: `canbo.${commune.id}`, role: 'officer', orgUnitId: commune.id }
    const y = year
    // A round on a roster-keeping rubric (the demo's round from 2027 on the clock) takes the facts the roster
    // gives from the roster, never typed: the form gets the commune's demo roster and the profile loses them.
    const roster = rubric.roster ? demoRosterOf(name, DEMO_PROFILE.households!, target !== 'submitted' || name !== 'Sơn Màu') : undefined
    const fromRoster = new Set(rubric.profile.filter((f) => f.fromRoster).map((f) => f.id))
    const profile: Profile = rubric.roster ? Object.fromEntries(Object.entries(DEMO_PROFILE).filter(([id]) => !fromRoster.has(id))) : DEMO_PROFILE
    const steps = async () => {
      const full = demoAnswers(rubric, DEMO_PROFILE, target === 'submitted' && name === 'Sơn Màu' ? 0.6 : 1)
      const answers = target === 'draft' ? Object.fromEntries(Object.entries(full).slice(0, 20)) : full
      let v = (await patchAssessment(store, officer, commune.id, y, { version: 0, profile, answers, ...(roster ? { roster } : {}) }, now())).version
      if (target === 'draft') return
      v = (await submitAssessment(store, officer, commune.id, y, v, now())).assessment.version
      if (target === 'submitted') return
      v = (await reviewIndicator(store, reviewer, commune.id, y, 'A1.1', { version: v, decision: 'accepted' }, now())).assessment.version
      if (target === 'returned') {
        v = (
          await reviewIndicator(store, reviewer, commune.id, y, 'A3.1', { version: v, decision: 'needs_evidence', reason: 'Cần danh sách hộ gia đình có cáp quang do VNPT xác nhận' }, now())
        ).assessment.version
        await decide(store, reviewer, commune.id, y, 'return', { version: v, comment: 'Đề nghị xã bổ sung minh chứng chỉ tiêu A3.1 rồi nộp lại.' }, now())
        return
      }
      // Approval needs every indicator reviewed (shared/workflow.ts checkApproval).
      v = (await acceptRemaining(store, reviewer, commune.id, y, { version: v }, now())).assessment.version
      v = (await decide(store, reviewer, commune.id, y, 'approve', { version: v, comment: 'Hồ sơ đầy đủ, số liệu khớp.' }, now())).assessment.version
      if (target === 'district_approved') return
      await decide(store, admin, commune.id, y, 'recognise', { version: v, decisionNumber: '1234/QĐ-UBND', decisionDate: `${y}-06-30` }, now())
    }
    try {
      await steps()
      seeded.push(commune.id)
    } catch (err) {
      // A concurrent seed got to this commune first: it is building the same state.
      if (err instanceof AppError && RACE_CODES.has(err.code)) continue
      throw err
    }
  }
  return seeded
}

const RACE_CODES = new Set(['version_conflict', 'invalid_transition', 'not_editable', 'conflict'])
