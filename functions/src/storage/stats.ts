/*
 * The dashboard's counters (shared/dashboard.ts), one small item per review unit, year and shard. Access patterns:
 *   add          Update ADD <counter> :delta …, only inside assessments.save's transaction, and only when the
 *                commune's contribution changes (status transitions, frozen content): an autosave adds nothing
 *   totals       Query pk=STATS#<year> (the whole year of the province: ≤ units × STATS_SHARDS small items),
 *                shards summed per unit in code
 *   rebuild      maintenance only: Query gsi1 per review unit, recompute every contribution, Update each
 *                assessment's stored contribution (if its version is unchanged), Put the unit items afresh
 * Keys: pk=STATS#<year> sk=UNIT#<unitId>#<shard>. A commune always lands in the same shard (hash of its id), so
 * the transactions of one unit's communes spread over STATS_SHARDS items: a province's bulk recognition (16 in
 * flight) or a district approving a batch would otherwise all queue on one item (TransactionConflict).
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  addContributions,
  contributionKey,
  contributionOf,
  isEmptyContribution,
  type Contribution,
} from '../../../shared/dashboard'
import type { Rubric } from '../../../shared/rubric/schema'
import { dynamo, isConditionalCheckFailed } from './errors'
import { PK, SK, type RepoDeps } from './item'
import { reviewUnitPartition } from './keys'
import { queryAll, queryGsi1Partition } from './query-all'
import type { Assessment } from '../../../shared/assessment'

export const STATS_SHARDS = 4

export const statsPartition = (year: number) => `STATS#${year}`
export const statsKey = (year: number, unitId: string, shard: number) => ({
  [PK]: statsPartition(year),
  [SK]: `UNIT#${unitId}#${shard}`,
})

/** FNV-1a of the commune id: stable across processes and releases (a commune must never change shard). */
export function shardOf(communeId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < communeId.length; i++) {
    h ^= communeId.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % STATS_SHARDS
}

// Attributes of a stats item that are not counters.
const NOT_COUNTERS = new Set([PK, SK, 'entity', 'unitId', 'year', 'shard'])

/** The Update of a TransactWriteItems that adds `delta` to a unit's counters (creates the item on first use). */
export function statsUpdate(tableName: string, year: number, unitId: string, communeId: string, delta: Contribution) {
  const names: Record<string, string> = { '#entity': 'entity', '#unitId': 'unitId', '#year': 'year' }
  const values: Record<string, unknown> = { ':entity': 'stats', ':unitId': unitId, ':year': year }
  const adds: string[] = []
  Object.entries(delta).forEach(([counter, value], i) => {
    names[`#c${i}`] = counter
    values[`:c${i}`] = value
    adds.push(`#c${i} :c${i}`)
  })
  return {
    Update: {
      TableName: tableName,
      Key: statsKey(year, unitId, shardOf(communeId)),
      UpdateExpression: `SET #entity = :entity, #unitId = :unitId, #year = :year ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  }
}

/** Counters of one stats item, shards not yet summed. */
function countersOf(item: Record<string, unknown>): Contribution {
  const out: Contribution = {}
  for (const [k, v] of Object.entries(item)) if (!NOT_COUNTERS.has(k) && typeof v === 'number') out[k] = v
  return out
}

export type RebuildReport = { year: number; units: number; assessments: number; changedMeanwhile: string[] }

export function statsRepository({ client, tableName }: RepoDeps) {
  return {
    /** Every unit's counters of a year: one Query of a partition of ≤ units × STATS_SHARDS items. */
    async unitTotals(year: number): Promise<Map<string, Contribution>> {
      const items = await queryAll(client, 'stats.unitTotals', {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':pk': statsPartition(year) },
      })
      const byUnit = new Map<string, Contribution>()
      for (const item of items) {
        const unitId = item.unitId as string
        byUnit.set(unitId, addContributions(byUnit.get(unitId) ?? {}, countersOf(item)))
      }
      return byUnit
    },

    /**
     * Recomputes a year's counters from the assessments of these review units (e.g. after a rubric correction,
     * or for a table written before the counters existed). Query per unit, never Scan. Maintenance: run it when
     * nobody is saving that year's assessments; an assessment that changed during the run is listed in
     * `changedMeanwhile` and the run should be repeated.
     */
    async rebuild(
      year: number,
      rubric: Rubric | undefined,
      reviewUnitIds: string[],
      fromItem: (item: Record<string, unknown>) => Assessment,
    ): Promise<RebuildReport> {
      const existing = await queryAll(client, 'stats.rebuild', {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
        ExpressionAttributeValues: { ':pk': statsPartition(year) },
      })
      const shards = new Map<string, { unitId: string; shard: number; totals: Contribution }>()
      const changedMeanwhile: string[] = []
      let assessments = 0
      for (const unitId of reviewUnitIds) {
        const items = await queryGsi1Partition({ client, tableName }, 'stats.rebuild', reviewUnitPartition(year, unitId))
        for (const item of items) {
          const assessment = fromItem(item)
          const contribution = contributionOf(rubric, assessment)
          assessments++
          try {
            await dynamo('stats.rebuild', () =>
              client.send(
                new UpdateCommand({
                  TableName: tableName,
                  Key: { [PK]: item[PK], [SK]: item[SK] },
                  UpdateExpression: 'SET stats = :stats, statsUnit = :unit',
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':stats': contributionKey(contribution), ':unit': unitId, ':version': assessment.version },
                }),
              ),
            )
          } catch (err) {
            if (!isConditionalCheckFailed(err)) throw err
            changedMeanwhile.push(assessment.communeId)
            continue
          }
          const shard = shardOf(assessment.communeId)
          const key = `${unitId}#${shard}`
          const entry = shards.get(key) ?? { unitId, shard, totals: {} }
          entry.totals = addContributions(entry.totals, contribution)
          shards.set(key, entry)
        }
      }
      const written = new Set<string>()
      for (const { unitId, shard, totals } of shards.values()) {
        if (isEmptyContribution(totals)) continue
        const key = statsKey(year, unitId, shard)
        written.add(key[SK])
        await dynamo('stats.rebuild', () =>
          client.send(new PutCommand({ TableName: tableName, Item: { ...totals, ...key, entity: 'stats', unitId, year } })),
        )
      }
      for (const item of existing) {
        if (written.has(item[SK] as string)) continue
        await dynamo('stats.rebuild', () =>
          client.send(new DeleteCommand({ TableName: tableName, Key: { [PK]: item[PK], [SK]: item[SK] } })),
        )
      }
      return { year, units: reviewUnitIds.length, assessments, changedMeanwhile }
    },
  }
}
