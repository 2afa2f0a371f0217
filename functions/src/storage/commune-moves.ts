/*
 * A commune moved to another review unit, as one operation on data (README "Moves of communes", V1–V2):
 *   V1 read    Query pk=COMMUNE#<id> begins_with(sk, ASSESS#), consistent, all pages: the commune's assessment of
 *              every year (one item per year), whole, with what it counted (stats, statsUnit) and whether it is in
 *              the review index
 *   V2 commit  TransactWrite ≤ 100 items, all or nothing:
 *                Put the commune with its new parent: attribute_exists(pk) AND not retired AND parentId = :from
 *                per year: Update the assessment SET parentUnitId, statsUnit [, gsi1pk] (queue, exports, counters
 *                  follow the unit), condition: the version and contribution V1 read (no new version: the content
 *                  is unchanged, so an officer's autosave in flight is not refused);
 *                  the map's item (S1) Put afresh with the new unitId / path (when the assessment has a roster);
 *                  the dashboard counters (D1): ADD −counted on the unit that counted it, +counted on the new one
 *   V3 strays  V1 again after V2: a form created between V1 and V2 (by a process that still saw the old unit) is
 *              moved like V2's years, one transaction per form with ConditionCheck parentId = the new unit. After
 *              V2 no form can be created under the old unit: a creation checks the commune's parentId (assessments.ts).
 * Any failed condition cancels everything: AppError('conflict'); nothing is half moved. The merge (merges.ts) uses
 * moveYear for an existing successor placed under another unit.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { isEmptyContribution, negate, parseContributionKey, type Contribution } from '../../../shared/dashboard'
import { AppError } from '../../../shared/errors'
import { fromItem } from './assessments'
import { isTransactionConflict, mapDynamoError, transactionConditionFailed } from './errors'
import { queryAll } from './query-all'
import { GSI1PK, PK, SK, type RepoDeps } from './item'
import { assessmentKey, communePartition, reviewUnitPartition } from './keys'
import type { Assessment } from '../../../shared/assessment'
import { orgUnitItem, orgUnitKey } from './org-units'
import type { OrgUnit } from './records'
import { signalWriteOf } from './signal-gaps'
import { statsUpdate } from './stats'

/** DynamoDB's limit on items in one transaction. */
export const MAX_MOVE_ITEMS = 100

/** A stored assessment with what it counted (D2) and whether it is in the review index (merges.ts has the same shape). */
export type StoredAssessment = { assessment: Assessment; counted: { unit: string; key: string } | null; inIndex: boolean }

export type MovePlan = {
  /** The commune as it is to be stored (its new parentId). */
  unit: OrgUnit
  /** Its parent when read: the Put's condition, so two moves (or a move and a rename) cannot interleave. */
  fromParentId: string
  /** The new review unit and its ancestors, nearest first (the map item's path). */
  path: string[]
  years: StoredAssessment[]
}

export type CounterMove = { year: number; unit: string; communeId: string; delta: Contribution }

/**
 * The writes that place one stored assessment under `to`, and the counter moves (summed by the caller, since a
 * transaction may touch a counter item once).
 */
export function moveYear(tableName: string, stored: StoredAssessment, to: string, path: string[]): { writes: Record<string, unknown>[]; counters: CounterMove[] } {
  const a = stored.assessment
  const counted = stored.counted
  const writes: Record<string, unknown>[] = [
    {
      Update: {
        TableName: tableName,
        Key: assessmentKey(a.communeId, a.year),
        UpdateExpression: `SET parentUnitId = :to, statsUnit = :to${stored.inIndex ? `, ${GSI1PK} = :queue` : ''}`,
        ConditionExpression: counted ? '#version = :v AND statsUnit = :from AND stats = :stats' : '#version = :v AND attribute_not_exists(stats)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':v': a.version,
          ':to': to,
          ...(stored.inIndex ? { ':queue': reviewUnitPartition(a.year, to) } : {}),
          ...(counted ? { ':from': counted.unit, ':stats': counted.key } : {}),
        },
      },
    },
  ]
  const signal = signalWriteOf(tableName, a, to, path)
  if (signal) writes.push(signal)
  const counters: CounterMove[] = []
  if (counted && counted.unit !== to) {
    const c = parseContributionKey(counted.key)
    if (!isEmptyContribution(c)) {
      counters.push({ year: a.year, unit: counted.unit, communeId: a.communeId, delta: negate(c) })
      counters.push({ year: a.year, unit: to, communeId: a.communeId, delta: c })
    }
  }
  return { writes, counters }
}

export function communeMovesRepository({ client, tableName }: RepoDeps) {
  function items(plan: MovePlan): Record<string, unknown>[] {
    const to = plan.unit.parentId!
    const out: Record<string, unknown>[] = [
      {
        Put: {
          TableName: tableName,
          Item: orgUnitItem(plan.unit),
          ConditionExpression: `attribute_exists(${PK}) AND attribute_not_exists(retired) AND parentId = :from`,
          ExpressionAttributeValues: { ':from': plan.fromParentId },
        },
      },
    ]
    for (const stored of plan.years) {
      const { writes, counters } = moveYear(tableName, stored, to, plan.path)
      out.push(...writes)
      // One year's two counter items (old unit, new unit) differ, and years differ: each is touched once.
      for (const c of counters) out.push(statsUpdate(tableName, c.year, c.unit, c.communeId, c.delta))
    }
    return out
  }

  /**
   * V3: a form created between V1 and V2 by a process that still saw the old unit was not in the plan; it is moved
   * now, with the commune's unit checked unchanged. No form can be created under the old unit after V2: a creation
   * checks the commune's unit in its own transaction (assessments.ts save).
   */
  async function gatherStrays(plan: MovePlan): Promise<void> {
    const to = plan.unit.parentId!
    const unitCheck = { ConditionCheck: { TableName: tableName, Key: orgUnitKey(plan.unit.id), ConditionExpression: 'parentId = :to', ExpressionAttributeValues: { ':to': to } } }
    for (let round = 1; round <= 3; round++) {
      const strays = (await read(plan.unit.id)).filter((s) => s.counted && s.counted.unit !== to)
      if (strays.length === 0) return
      // One transaction per form (≤ 5 items): a form, its map item and its counters move together.
      for (const stored of strays) {
        const moved = moveYear(tableName, stored, to, plan.path)
        const counters = moved.counters.map((c) => statsUpdate(tableName, c.year, c.unit, c.communeId, c.delta))
        try {
          await client.send(new TransactWriteCommand({ TransactItems: [unitCheck, ...moved.writes, ...counters] as never }))
        } catch (err) {
          // Moved again meanwhile: that move read this form and placed it itself.
          if (transactionConditionFailed(err, 0)) return
          // Saved meanwhile, or busy: read again in the next round.
          if ((err as { name?: string }).name !== 'TransactionCanceledException' && !isTransactionConflict(err)) throw mapDynamoError(err, 'moves.gatherStrays')
        }
      }
    }
  }

  /** V1: every year's assessment of the commune, whole, with what it counted. */
  async function read(communeId: string): Promise<StoredAssessment[]> {
    const items = await queryAll(client, 'moves.read', {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': communePartition(communeId), ':prefix': String(assessmentKey(communeId, 0)[SK]).replace(/0$/, '') },
      ConsistentRead: true,
    })
    return items.map((item) => {
      const { stats, statsUnit } = item
      return {
        assessment: fromItem(item),
        counted: typeof stats === 'string' && typeof statsUnit === 'string' ? { unit: statsUnit, key: stats } : null,
        inIndex: typeof item[GSI1PK] === 'string',
      }
    })
  }

  return {
    /** V1: every year's assessment of the commune, whole, with what it counted. */
    read,

    /** How many items the plan's transaction has (≤ MAX_MOVE_ITEMS to be committed). */
    size(plan: MovePlan): number {
      return items(plan).length
    },

    /** V2: the unit and everything placed by it, in one transaction; conflict if anything changed since V1. */
    async commit(plan: MovePlan): Promise<void> {
      const transactItems = items(plan)
      if (transactItems.length > MAX_MOVE_ITEMS) throw new Error(`moves.commit: ${transactItems.length} items > ${MAX_MOVE_ITEMS}`)
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: transactItems as never }))
        } catch (err) {
          if (isTransactionConflict(err) && attempt < 4) {
            await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30))
            continue
          }
          if (transactionConditionFailed(err, 0))
            throw new AppError('conflict', `Commune "${plan.unit.id}" was moved, renamed or retired meanwhile; reload and try again`, { details: { id: plan.unit.id } })
          const reasons = ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r?.Code ?? 'None')
          if ((err as { name?: string }).name === 'TransactionCanceledException' && reasons.includes('ConditionalCheckFailed'))
            throw new AppError('conflict', `An assessment of commune "${plan.unit.id}" was saved while it was being moved; try again`, { details: { id: plan.unit.id } })
          throw mapDynamoError(err, 'moves.commit')
        }
        break
      }
      // The move is committed, whatever happens here: a failure is logged, not answered. A stray left behind is
      // placed by its next save (assessments.ts: its stored unit differs from the commune's, read past the cache).
      try {
        await gatherStrays(plan)
      } catch (err) {
        console.warn(JSON.stringify({ level: 'warn', msg: 'moves: strays not gathered', communeId: plan.unit.id, error: String(err) }))
      }
    },
  }
}

export type CommuneMovesRepository = ReturnType<typeof communeMovesRepository>
