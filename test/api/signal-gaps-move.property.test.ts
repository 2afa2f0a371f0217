import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { emptyAssessment, type Assessment } from '../../shared/assessment'
import { addContributions, contributionOf, type Contribution } from '../../shared/dashboard'
import { AppError } from '../../shared/errors'
import type { Roster } from '../../shared/roster'
import { reviewedRoster } from '../../shared/roster-review'
import { defaultRubric2026 } from '../../shared/rubric/default'
import { signalVillages } from '../../shared/signal-gaps'
import type { Principal } from '../../functions/src/auth/token'
import type { Store } from '../../functions/src/storage/store'
import { mergeUnits, updateUnit } from '../../functions/src/units/service'
import { createTestTable } from '../support/dynamo'
import { scaled } from '../support/timing'
import { seedFixtures, units } from './harness'
import { mergeParties, mergeStepArb, twoUnitsOfCommunes, type MergeStep } from './review-fixtures'

/*
 * Whatever sequence of roster saves, moves and merges happens, the signal-gap map's items of the year are exactly
 * the live communes' rosters, each under the commune's review unit today, and the dashboard's counters equal a
 * recount (DynamoDB Local; the real save, move and merge).
 */

let store: Store
const admin: Principal = { id: 'u-admin', username: 'admin.qng', role: 'admin', orgUnitId: units.province.id }

beforeAll(async () => {
  ;({ store } = await createTestTable())
  await seedFixtures(store)
})

const rosterArb: fc.Arbitrary<Roster> = fc
  .uniqueArray(fc.record({ id: fc.constantFrom('t1', 't2', 't3'), level: fc.constantFrom('none' as const, '2g' as const, '4g' as const) }), { selector: (v) => v.id, maxLength: 3 })
  .map((vs) => Object.fromEntries(vs.map((v, i) => [v.id, { name: `Thôn ${v.id} ${v.level} ${i}`, kind: 'thon' as const, coverage: { viettel: { level: v.level } } }])))

type Step =
  | { kind: 'save'; commune: number; roster: Roster }
  | { kind: 'move'; commune: number; unit: number }
  | MergeStep

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), commune: fc.nat(8), roster: rosterArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), commune: fc.nat(8), unit: fc.nat(1) }) },
  { weight: 2, arbitrary: mergeStepArb(8) },
)

describe('after any sequence of roster saves, moves and merges', () => {
  it('the map holds exactly the live communes’ rosters under their units today, and the counters equal a recount', async () => {
    let run = 0
    let moves = 0
    let merges = 0
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
        const n = run++
        const year = 2060 + n
        await store.rubrics.put({ ...defaultRubric2026, year })
        const { unitIds, live, pick } = await twoUnitsOfCommunes(store, `q${n}`, 4)
        let mergeNo = 0
        for (const step of steps) {
          if (step.kind === 'save') {
            const c = await pick(step.commune)
            const cur = await store.assessments.get(c.id, year)
            if (cur && cur.status !== 'draft') continue
            const next: Assessment = { ...(cur ?? emptyAssessment(c.id, year)), roster: step.roster, version: (cur?.version ?? 0) + 1 }
            await store.assessments.save(next, cur?.version ?? 0)
          } else if (step.kind === 'move') {
            const c = await pick(step.commune)
            if (c.parentId === unitIds[step.unit]) continue
            await updateUnit(store, admin, c.id, { parentId: unitIds[step.unit]! })
            moves++
          } else {
            const parties = await mergeParties(step, pick)
            if (!parties) continue
            const { from, target } = parties
            const into = target
              ? { id: target.id, name: target.name, parentId: unitIds[(Number(target.id.slice(-1)) + mergeNo) % 2]! }
              : { id: `q${n}-m${mergeNo}`, name: `Xã hợp nhất ${mergeNo}`, parentId: unitIds[(step.into as { unit: number }).unit]! }
            mergeNo++
            if (!target && from.length < 2) continue
            try {
              await mergeUnits(store, admin, { into, from, drafts: step.keep ? { mode: 'keep', communeId: from[0]! } : { mode: 'merge' } }, new Date())
              merges++
            } catch (err) {
              if (!(err instanceof AppError && err.code === 'validation')) throw err
            }
          }
        }

        // The map: one item per live commune with a roster, under its parent today, showing its stored roster.
        const items = new Map((await store.signalGaps.list(year)).filter((i) => i.communeId.startsWith(`q${n}-`)).map((i) => [i.communeId, i]))
        const expected = new Map<string, { unitId: string; villages: unknown }>()
        const rubric = await store.rubrics.get(year)
        const recount = new Map<string, Contribution>()
        for (const c of await live()) {
          const a = await store.assessments.get(c.id, year)
          if (!a) continue
          recount.set(c.parentId!, addContributions(recount.get(c.parentId!) ?? {}, contributionOf(rubric, a)))
          const villages = signalVillages(reviewedRoster(a))
          if (villages.length > 0) expected.set(c.id, { unitId: c.parentId!, villages })
        }
        expect(new Map([...items].map(([id, i]) => [id, { unitId: i.unitId, villages: i.villages }]))).toEqual(expected)
        for (const i of items.values()) expect(i.path).toEqual([i.unitId, units.province.id])
        const totals = await store.stats.unitTotals(year)
        for (const u of unitIds) expect(totals.get(u) ?? {}, u).toEqual(recount.get(u) ?? {})
      }),
      {
        numRuns: 10,
        examples: [
          [
            [
              { kind: 'save', commune: 0, roster: { t1: { name: 'A', kind: 'thon', coverage: { viettel: { level: 'none' } } } } },
              { kind: 'save', commune: 1, roster: { t1: { name: 'B', kind: 'thon', coverage: { viettel: { level: '2g' } } } } },
              { kind: 'move', commune: 0, unit: 1 },
              { kind: 'merge', from: [0, 1], into: { unit: 0 }, keep: false },
            ],
          ],
        ],
      },
    )
    expect(moves).toBeGreaterThan(0)
    expect(merges).toBeGreaterThan(0)
  }, scaled(600_000))
})
