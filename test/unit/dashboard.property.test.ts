import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import {
  addContributions,
  bucketOf,
  contributionKey,
  contributionOf,
  diffContributions,
  negate,
  parseContributionKey,
  summarizeTotals,
  type Contribution,
} from '../../shared/dashboard'
import { reviewedScore } from '../../shared/review'
import { flattenIndicators } from '../../shared/rubric/walk'
import { scoreAssessment } from '../../shared/scoring'
import { nextStatus, WORKFLOW_ACTIONS, type Action } from '../../shared/workflow'
import { assessmentArb } from './arbitraries'
import { perfectAnswers, profile, rubric } from './fixtures'

/*
 * The counters are maintained by adding, at each save, the difference between what the stored version had
 * contributed and what the new one contributes (in a unit that may have changed). Whatever sequence of saves,
 * workflow steps and commune moves happens, each unit's counters must equal a from-scratch sum over the final
 * assessments. This is the pure half; test/api/dashboard.test.ts checks the same after real API calls.
 */

const COMMUNES = ['c1', 'c2', 'c3', 'c4', 'c5']
const UNITS = ['u1', 'u2']
const flat = flattenIndicators(rubric)

type Step =
  | { kind: 'act'; commune: number; action: number; content: { profile: Assessment['profile']; answers: Assessment['answers'] }; reviewAt: number }
  | { kind: 'move'; commune: number; unit: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      commune: fc.nat(COMMUNES.length - 1),
      action: fc.nat(20),
      content: assessmentArb(rubric),
      reviewAt: fc.nat(flat.length - 1),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('move' as const), commune: fc.nat(COMMUNES.length - 1), unit: fc.nat(UNITS.length - 1) }), weight: 1 },
)

/** The storage algorithm of assessments.save, over plain maps: the item remembers what it added and where. */
function simulate(steps: Step[]) {
  const items = new Map<string, { assessment: Assessment; unit: string; key: string }>()
  const parent = new Map(COMMUNES.map((c, i) => [c, UNITS[i % UNITS.length]!]))
  const counters = new Map<string, Contribution>()
  const add = (unit: string, delta: Contribution) => counters.set(unit, addContributions(counters.get(unit) ?? {}, delta))

  const save = (next: Assessment) => {
    const unit = parent.get(next.communeId)!
    const stored = items.get(next.communeId)
    const after = contributionOf(rubric, next)
    const before = stored ? parseContributionKey(stored.key) : {}
    if (!stored || stored.unit === unit) add(unit, diffContributions(before, after))
    else {
      add(stored.unit, negate(before))
      add(unit, after)
    }
    items.set(next.communeId, { assessment: next, unit, key: contributionKey(after) })
  }

  for (const step of steps) {
    const communeId = COMMUNES[step.commune]!
    if (step.kind === 'move') {
      parent.set(communeId, UNITS[step.unit]!)
      continue
    }
    const current: Assessment = items.get(communeId)?.assessment ?? {
      communeId, year: 2025, status: 'draft', version: 0, profile: {}, answers: {}, updatedAt: null, updatedBy: null,
    }
    // One of the steps possible from here (any role), so every sequence walks the workflow.
    const possible = WORKFLOW_ACTIONS.filter((a) => a !== 'comment' && nextStatus(current.status, a) !== undefined)
    const action: Action = possible[step.action % possible.length]!
    const to = nextStatus(current.status, action)!
    const next: Assessment = { ...current, status: to, version: current.version + 1 }
    if (action === 'edit') Object.assign(next, step.content)
    if (action === 'submit' && current.version === 0) Object.assign(next, step.content)
    if (action === 'review_indicator') {
      const id = flat[step.reviewAt]!.indicator.id
      const answer = step.content.answers[id]
      next.reviews = {
        ...current.reviews,
        [id]: { decision: answer ? 'adjusted' : 'accepted', ...(answer ? { answer } : {}), by: 'r', byName: 'R', at: '2025-01-01' },
      }
    }
    save(next)
  }
  return { items, parent, counters }
}

describe('dashboard counters (pure)', () => {
  it('maintained by differences equal a recomputation over the final assessments, whatever happens', () => {
    const reached = new Set<string>()
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
        const { items, counters } = simulate(steps)
        if (items.size > 0) reached.add([...items.values()].map((i) => i.assessment.status).sort().join())
        const expected = new Map<string, Contribution>()
        for (const { assessment, unit } of items.values())
          expected.set(unit, addContributions(expected.get(unit) ?? {}, contributionOf(rubric, assessment)))
        for (const unit of UNITS) expect(counters.get(unit) ?? {}).toEqual(expected.get(unit) ?? {})
      }),
      { numRuns: 60 },
    )
    // The sequences did reach frozen states (scored content), not only drafts.
    expect([...reached].some((s) => /recognised|approved|submitted/.test(s))).toBe(true)
  })

  it('an autosave of a draft or a returned form changes nothing the dashboard counts', () => {
    fc.assert(
      fc.property(assessmentArb(rubric), assessmentArb(rubric), fc.constantFrom('draft' as const, 'returned' as const), (a, b, status) => {
        const base = { communeId: 'c', year: 2025, status, version: 3, updatedAt: null, updatedBy: null }
        expect(diffContributions(contributionOf(rubric, { ...base, ...a }), contributionOf(rubric, { ...base, ...b, version: 4 }))).toEqual({})
      }),
      { numRuns: 40 },
    )
  })

  it('every action that changes the status moves the status counters by exactly one', () => {
    for (const action of WORKFLOW_ACTIONS)
      for (const status of ['draft', 'submitted', 'returned', 'district_approved', 'district_rejected', 'recognised', 'not_recognised'] as const) {
        const to = nextStatus(status, action)
        if (!to || to === status) continue
        const a: Assessment = { communeId: 'c', year: 2025, status, version: 1, profile, answers: perfectAnswers(), updatedAt: null, updatedBy: null }
        const d = diffContributions(contributionOf(rubric, a), contributionOf(rubric, { ...a, status: to }))
        expect(d[`s:${status}`]).toBe(-1)
        expect(d[`s:${to}`]).toBe(1)
      }
  })
})

describe('contributionOf', () => {
  const base: Assessment = { communeId: 'c', year: 2025, status: 'draft', version: 1, profile, answers: perfectAnswers(), updatedAt: null, updatedBy: null }

  it('counts a draft by status only, and a submitted form with its self-assessed score', () => {
    expect(contributionOf(rubric, base)).toEqual({ 's:draft': 1 })
    const score = scoreAssessment(rubric, base)
    const c = contributionOf(rubric, { ...base, status: 'submitted' })
    expect(c['s:submitted']).toBe(1)
    expect(c.n).toBe(1)
    expect(c.e).toBe(score.verdict.eligible ? 1 : undefined)
    expect(c.t).toBe(Math.round(score.total * 1000))
    expect(c[`b:${bucketOf(score.total, score.maxTotal)}`]).toBe(1)
    for (const p of score.pillars) expect(c[`p:${p.id}`]).toBe(Math.round(p.points * 1000))
    expect(Object.keys(c).filter((k) => k.startsWith('f:'))).toEqual([])
  })

  it('uses the reviewed values once the district decided, not while it is reviewing', () => {
    const first = flat[0]!.indicator
    const reviews = { [first.id]: { decision: 'adjusted' as const, answer: { choice: 'none' }, by: 'r', byName: 'R', at: '2025-01-01' } }
    const inReview = contributionOf(rubric, { ...base, status: 'submitted', reviews })
    const approved = contributionOf(rubric, { ...base, status: 'district_approved', reviews })
    const reviewed = reviewedScore(rubric, { ...base, reviews })!
    expect(inReview[`f:${first.id}`]).toBeUndefined()
    expect(approved[`f:${first.id}`]).toBe(1)
    expect(approved.t).toBe(Math.round(reviewed.total * 1000))
    expect(approved.t).toBeLessThan(inReview.t!)
  })

  it('buckets tenths of the maximum, the maximum itself in the last', () => {
    expect(bucketOf(0, 1000)).toBe(0)
    expect(bucketOf(99.9, 1000)).toBe(0)
    expect(bucketOf(100, 1000)).toBe(1)
    expect(bucketOf(999, 1000)).toBe(9)
    expect(bucketOf(1000, 1000)).toBe(9)
    expect(bucketOf(5, 0)).toBe(0)
  })

  it('keys are independent of key order and parse back', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: -1e6, max: 1e6 })), (c) => {
        const reversed = Object.fromEntries(Object.entries(c).reverse())
        expect(contributionKey(reversed)).toBe(contributionKey(c))
        expect(parseContributionKey(contributionKey(c))).toEqual(Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0)))
      }),
    )
  })
})

describe('summarizeTotals', () => {
  it('turns counters into counts, not-started, averages, buckets and the most failed indicators', () => {
    const [i1, i2, i3] = flat.map((f) => f.indicator)
    const totals: Contribution = {
      's:draft': 2, 's:submitted': 1, 's:recognised': 2,
      n: 3, e: 2, t: 2_400_500, 'b:7': 1, 'b:8': 2,
      'p:A': 600_000, ['f:' + i2!.id]: 3, ['f:' + i1!.id]: 1, ['f:' + i3!.id]: 3,
    }
    const s = summarizeTotals(2025, totals, 10, rubric, 2)
    expect(s.counts).toEqual({
      not_started: 5, draft: 2, submitted: 1, returned: 0, district_approved: 0, district_rejected: 0, recognised: 2, not_recognised: 0,
    })
    expect(s.scored).toBe(3)
    expect(s.eligible).toBe(2)
    expect(s.averageTotal).toBe(800.2)
    expect(s.maxTotal).toBe(1000)
    expect(s.buckets).toHaveLength(10)
    expect(s.buckets[7]).toEqual({ from: 700, to: 800, count: 1 })
    expect(s.buckets[8]!.count).toBe(2)
    expect(s.pillars.find((p) => p.id === 'A')!.average).toBe(200)
    expect(s.pillars.find((p) => p.id === 'B')!.average).toBe(0)
    // Ties keep the rubric's order; only the top two.
    expect(s.topFailed.map((f) => [f.id, f.count, f.share])).toEqual([
      [i2!.id, 3, 1],
      [i3!.id, 3, 1],
    ])
    expect(s.topFailed[0]!.label.vi).toBe(i2!.label.vi)
  })

  it('without scored communes averages are null, and not-started never goes negative', () => {
    const s = summarizeTotals(2025, { 's:draft': 4 }, 3, rubric)
    expect(s.counts.not_started).toBe(0)
    expect(s.averageTotal).toBeNull()
    expect(s.pillars.every((p) => p.average === null)).toBe(true)
    expect(summarizeTotals(2025, {}, 3, undefined).buckets).toEqual([])
  })
})
