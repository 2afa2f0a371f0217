/*
 * A merge of communes as one operation on data (README "Merges", M1–M3). Access patterns:
 *   M1 read     GetItem #8 (consistent), the whole item with what it counted (stats, statsUnit): a predecessor's
 *               or the successor's assessment of one year, before the merge is planned
 *   M2 commit   TransactWrite ≤ 100 items, all or nothing:
 *                 Put the successor org unit (new: attribute_not_exists(pk); existing: exists and not retired)
 *                 Put each predecessor retired with mergedInto (exists and not retired)
 *                 per year carried: Put the successor's assessment (#8, version lock like #9) and its event (R1);
 *                   Update each predecessor's draft to its next version: out of the review index (REMOVE gsi1pk,
 *                   gsi1sk), counts nothing (stats = "[]"), mergedInto; condition: the version and contribution
 *                   read by M1; its event is that version's (R1)
 *                 the signal-gap map (S1): Delete each leaving draft's item (with a roster); Put the successor's
 *                   item from its new assessment's roster, under its unit (S4)
 *                 an existing successor placed under another unit: its other years moved (commune-moves.ts V2)
 *                 the dashboard counters (D1): every ADD summed per counter item (a transaction may touch an
 *                   item once), so the unit totals lose the drafts that left and gain the successor's
 *                 each account of a predecessor moved to the successor or deactivated (users.userMergeUpdate)
 *                 the merge's record (M3)
 *   M3 list     Query pk=COMMUNE#<id> begins_with(sk, MERGE#), consistent: a commune's merges, oldest first
 *               item pk=COMMUNE#<successorId> sk=MERGE#<at>#<id>
 * Any failed condition cancels everything: AppError('conflict') (a draft saved, a unit or an account changed
 * meanwhile); nothing is half merged.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { randomUUID } from 'node:crypto'
import type { Assessment } from '../../../shared/assessment'
import { addContributions, contributionKey, isEmptyContribution, parseContributionKey, type Contribution } from '../../../shared/dashboard'
import { AppError } from '../../../shared/errors'
import type { AuditEvent } from '../../../shared/review'
import type { DraftChoice, OfficerMode } from '../../../shared/merge'
import { fromItem } from './assessments'
import { dynamo, isTransactionConflict, mapDynamoError } from './errors'
import { eventPut, queryCommunePrefix } from './events'
import { compact, GSI1PK, GSI1SK, PK, SK, type RepoDeps } from './item'
import { assessmentKey, communePartition, queueSort, reviewUnitPartition } from './keys'
import { orgUnitItem } from './org-units'
import type { OrgUnit, UserRecord } from './records'
import { shardOf, statsUpdate } from './stats'
import { moveYear } from './commune-moves'
import { signalDelete, signalWriteOf } from './signal-gaps'
import { userMergeUpdate } from './users'

/** What a stored assessment added to the counters (D2). */
export type Counted = { unit: string; key: string } | null

export type StoredAssessment = { assessment: Assessment; counted: Counted; inIndex: boolean }

export type MergeLogYear = { year: number; carried: string[]; setAside: string[]; successorVersion?: number }
export type MergeLog = {
  id: string
  at: string
  by: string
  byName: string
  into: { id: string; name: string }
  from: { id: string; name: string }[]
  drafts: DraftChoice
  officers: OfficerMode
  years: MergeLogYear[]
  users: { username: string; name: string; action: OfficerMode }[]
}

export type MergePlan = {
  into: OrgUnit
  intoIsNew: boolean
  predecessors: OrgUnit[]
  /** The successor's assessments written by the merge, with what their stored version counted. */
  successors: { next: Assessment; expectedVersion: number; counted: Counted; after: Contribution; event: AuditEvent }[]
  /** Predecessors' drafts that leave the lists and the counters (carried or set aside). */
  leaving: { stored: StoredAssessment; event: AuditEvent }[]
  users: { user: UserRecord; action: OfficerMode }[]
  log: Omit<MergeLog, 'id'>
  /** The successor's review unit and its ancestors, nearest first: its signal-gap items' path (S1). */
  intoPath: string[]
  /**
   * An existing successor placed under another review unit by the merge: its assessments of the years the merge
   * writes no successor for, moved with it (commune-moves.ts moveYear).
   */
  intoMoves?: StoredAssessment[]
}

/** DynamoDB's limit on items in one transaction. */
export const MAX_MERGE_ITEMS = 100

export const mergeSortPrefix = 'MERGE#'

export function mergesRepository({ client, tableName }: RepoDeps) {
  function items(plan: MergePlan, logId: string) {
    const active = `attribute_exists(${PK}) AND attribute_not_exists(retired)`
    const out: Record<string, unknown>[] = [
      { Put: { TableName: tableName, Item: orgUnitItem(plan.into), ConditionExpression: plan.intoIsNew ? `attribute_not_exists(${PK})` : active } },
      ...plan.predecessors.map((p) => ({ Put: { TableName: tableName, Item: orgUnitItem(p), ConditionExpression: active } })),
    ]
    // Counter moves summed per counter item (year, unit, shard): one Update each.
    const deltas = new Map<string, { year: number; unit: string; communeId: string; delta: Contribution }>()
    const add = (year: number, unit: string, communeId: string, delta: Contribution) => {
      const key = `${year}#${unit}#${shardOf(communeId)}`
      const entry = deltas.get(key) ?? { year, unit, communeId, delta: {} }
      entry.delta = addContributions(entry.delta, delta)
      deltas.set(key, entry)
    }
    const unit = plan.into.parentId!
    for (const s of plan.successors) {
      const item = {
        ...compact(s.next),
        ...assessmentKey(s.next.communeId, s.next.year),
        entity: 'assessment',
        parentUnitId: unit,
        communeName: plan.into.name,
        stats: contributionKey(s.after),
        statsUnit: unit,
        [GSI1PK]: reviewUnitPartition(s.next.year, unit),
        [GSI1SK]: queueSort(s.next.status, s.next.communeId),
      }
      const condition =
        s.expectedVersion === 0
          ? { ConditionExpression: `attribute_not_exists(${PK})` }
          : s.counted
            ? {
                ConditionExpression: '#version = :expected AND statsUnit = :statsUnit AND stats = :stats',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': s.expectedVersion, ':statsUnit': s.counted.unit, ':stats': s.counted.key },
              }
            : {
                ConditionExpression: '#version = :expected AND attribute_not_exists(stats)',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': s.expectedVersion },
              }
      out.push({ Put: { TableName: tableName, Item: item, ...condition } }, eventPut(tableName, s.event))
      if (s.counted) add(s.next.year, s.counted.unit, s.next.communeId, negateOf(parseContributionKey(s.counted.key)))
      add(s.next.year, unit, s.next.communeId, s.after)
    }
    for (const { stored, event } of plan.leaving) {
      const a = stored.assessment
      out.push({
        Update: {
          TableName: tableName,
          Key: assessmentKey(a.communeId, a.year),
          // A new version: the draft's content changed (mergedInto), and a process that still holds the version
          // it last wrote (assessments.getForWrite) must fail the version condition, not put the draft back.
          UpdateExpression: `SET stats = :none, mergedInto = :into, #version = :next, updatedAt = :at, updatedBy = :by, updatedByName = :byName REMOVE ${GSI1PK}, ${GSI1SK}`,
          ConditionExpression: stored.counted ? '#version = :v AND stats = :stats' : '#version = :v AND attribute_not_exists(stats)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':v': a.version,
            ':next': event.version,
            ':at': event.at,
            ':by': event.by,
            ':byName': event.byName ?? event.by,
            ':none': contributionKey({}),
            ':into': plan.into.id,
            ...(stored.counted ? { ':stats': stored.counted.key } : {}),
          },
        },
      })
      out.push(eventPut(tableName, event))
      if (stored.counted) add(a.year, stored.counted.unit, a.communeId, negateOf(parseContributionKey(stored.counted.key)))
    }
    // The signal-gap map (S1): a draft that leaves takes its villages off the map (its commune is retired); the
    // successor's item is its new assessment's roster, under its unit. Decided years of a predecessor stay (history).
    for (const { stored } of plan.leaving) if (stored.assessment.roster !== undefined) out.push(signalDelete(tableName, stored.assessment.year, stored.assessment.communeId))
    for (const s of plan.successors) {
      const signal = signalWriteOf(tableName, s.next, unit, plan.intoPath)
      if (signal) out.push(signal)
    }
    for (const stored of plan.intoMoves ?? []) {
      const { writes, counters } = moveYear(tableName, stored, unit, plan.intoPath)
      out.push(...writes)
      for (const c of counters) add(c.year, c.unit, c.communeId, c.delta)
    }
    for (const { year, unit: u, communeId, delta } of deltas.values()) {
      if (!isEmptyContribution(delta)) out.push(statsUpdate(tableName, year, u, communeId, delta))
    }
    for (const { user, action } of plan.users) out.push(userMergeUpdate(tableName, user, action, plan.into.id))
    out.push({
      Put: {
        TableName: tableName,
        Item: { ...compact({ ...plan.log, id: logId }), [PK]: communePartition(plan.into.id), [SK]: `${mergeSortPrefix}${plan.log.at}#${logId}`, entity: 'merge' },
        ConditionExpression: `attribute_not_exists(${PK})`,
      },
    })
    return out
  }

  return {
    /** M1: the whole stored assessment with what it counted; undefined if there is none. */
    async read(communeId: string, year: number): Promise<StoredAssessment | undefined> {
      const out = await dynamo('merges.read', () =>
        client.send(new GetCommand({ TableName: tableName, Key: assessmentKey(communeId, year), ConsistentRead: true })),
      )
      if (!out.Item) return undefined
      const { stats, statsUnit } = out.Item
      return {
        assessment: fromItem(out.Item),
        counted: typeof stats === 'string' && typeof statsUnit === 'string' ? { unit: statsUnit, key: stats } : null,
        inIndex: typeof out.Item[GSI1PK] === 'string',
      }
    },

    /** How many items the plan's transaction has (≤ MAX_MERGE_ITEMS to be committed). */
    size(plan: MergePlan): number {
      return items(plan, 'x').length
    },

    /** M2: everything in one transaction; conflict if anything changed since it was read. */
    async commit(plan: MergePlan): Promise<MergeLog> {
      const id = randomUUID()
      const transactItems = items(plan, id)
      if (transactItems.length > MAX_MERGE_ITEMS) throw new Error(`merges.commit: ${transactItems.length} items > ${MAX_MERGE_ITEMS}`)
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: transactItems as never }))
          return { ...plan.log, id }
        } catch (err) {
          if (isTransactionConflict(err) && attempt < 4) {
            await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30))
            continue
          }
          if ((err as { name?: string }).name === 'TransactionCanceledException' && !isTransactionConflict(err)) {
            const reasons = ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r?.Code ?? 'None')
            if (reasons.some((c) => c === 'ConditionalCheckFailed'))
              throw new AppError('conflict', 'A commune, an assessment or an account of this merge was changed meanwhile; reload and try again', {
                details: { into: plan.into.id, from: plan.predecessors.map((p) => p.id) },
              })
          }
          throw mapDynamoError(err, 'merges.commit')
        }
      }
    },

    /** M3: the merges a commune absorbed others in, oldest first. */
    async list(communeId: string): Promise<MergeLog[]> {
      // A merge log item has no gsi1 keys, so what queryCommunePrefix strips is exactly pk, sk and entity.
      return (await queryCommunePrefix(client, tableName, communeId, mergeSortPrefix, 'merges.list')) as unknown as MergeLog[]
    },
  }
}

const negateOf = (c: Contribution): Contribution => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]))

export type MergesRepository = ReturnType<typeof mergesRepository>
