/*
 * Assessments, one item per commune and year. Access patterns:
 *   get                GetItem (consistent) pk=COMMUNE#<communeId>  sk=ASSESS#<year>
 *   save               TransactWriteItems, all or nothing:
 *                        Put assessment, optimistic lock: expectedVersion 0 → attribute_not_exists(pk)
 *                                                         otherwise        → version = :expectedVersion
 *                        Put its audit event (events.ts), attribute_not_exists(pk)
 *                        Put a comment that came with the change (a return's comment), attribute_not_exists(pk)
 *                        Update ADD on the review unit's dashboard counters (stats.ts), only when the commune's
 *                        contribution changes; the item stores what it added (stats, statsUnit) and the Put's
 *                        condition also checks that, so the counters lose exactly what this version had added
 *                      on a failed lock: consistent re-read → AppError('version_conflict', {currentVersion})
 *   queue              Query gsi1  gsi1pk=ASSESS#<year>#<parentUnitId>
 *                                  [begins_with(gsi1sk, <status>#)]  (gsi1sk=<status>#<communeId>)
 *                      one page per request, Limit + LastEvaluatedKey as an opaque cursor
 *
 * parentUnitId (the commune's district / review unit) and the commune's name are read from the commune's org
 * unit at every save and stored on the item, so the queue is one Query with nothing else to look up, and the
 * index follows the org tree without a backfill. Saving for a commune that has no org unit (or no parent) is
 * refused with not_found: such an assessment could never be reviewed.
 *
 * Every save writes an event: callers pass who did what (the API always does); a save without one (a tool, a
 * test) records a `system` edit, so the log can never miss a version. `summary` (the queue's score columns)
 * is written at every save too: passed by the caller, who has just scored, or computed here from the rubric.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { Assessment, AssessmentStatus } from '../../../shared/assessment'
import { AppError, communeRetiredError } from '../../../shared/errors'
import { hasVerdicts, reviewedValues, reviewProgress, type AuditEvent, type Comment, type QueueSummary } from '../../../shared/review'
import type { Rubric } from '../../../shared/rubric/schema'
import { scoreSummary } from '../../../shared/scoring'
import { commentPut } from './comments'
import { dynamo, isTransactionConflict, mapDynamoError, transactionConditionFailed } from './errors'
import { eventPut } from './events'
import { compact, GSI1, GSI1PK, GSI1SK, PK, withoutKeys, type RepoDeps } from './item'
import { assessmentKey, queueSort, reviewUnitPartition } from './keys'
import { orgUnitKey } from './org-units'
import type { OrgUnit } from './records'
import { decodeCursor, encodeCursor } from './cursor'
import { queryAll, queryGsi1Partition } from './query-all'
import { statsUpdate } from './stats'
import { signalWrite } from './signal-gaps'
import { signalVillages } from '../../../shared/signal-gaps'
import { reviewedRoster } from '../../../shared/roster-review'
import {
  contributionKey,
  contributionOf,
  diffContributions,
  FROZEN,
  isEmptyContribution,
  negate,
  parseContributionKey,
  type Contribution,
} from '../../../shared/dashboard'

export { assessmentKey, reviewUnitPartition } from './keys'

/** What a save records besides the assessment; communeId, year and version of the event come from `next`. */
export type SaveRecord = {
  event?: Omit<AuditEvent, 'communeId' | 'year' | 'version'>
  summary?: QueueSummary
  comment?: Comment
  /**
   * The dashboard contributions (shared/dashboard.ts) of the assessment this save replaces and of `next`, as the
   * caller computed them with the year's rubric. Without it they are computed here, with one extra read of the
   * stored contribution when the guess (nothing counted changed) is wrong. `before` is only a guess the write
   * checks: the item stores exactly what it added.
   */
  contribution?: { before: Contribution; after: Contribution }
  /**
   * Whether the roster changed, so the commune's signal-gap item (signal-gaps.ts) is rewritten in this transaction.
   * Without it the item is written whenever `next` has a roster (a tool, a test, a merge cannot leave it stale).
   */
  rosterChanged?: boolean
}

import type { QueueItem } from '../../../shared/queue'
export type { QueueItem }
export type QueuePage = { items: QueueItem[]; nextCursor?: string; total?: number }
export type QueueQuery = { status?: AssessmentStatus; limit: number; cursor?: string }

export type AssessmentsDeps = RepoDeps & {
  getOrgUnit(id: string): Promise<OrgUnit | undefined>
  /**
   * The commune as stored now, past any cache (and the cache renewed). A save whose stored item says another
   * unit than the cached commune asks it: a move elsewhere rewrote the item and the commune together.
   */
  refreshOrgUnit?(id: string): Promise<OrgUnit | undefined>
  /** Today's commune names (uncached): the queue shows the current name, not the copy of the last save. */
  currentNames?(ids: Iterable<string>): Promise<Map<string, string>>
  /** For the summary of saves whose caller did not pass one. */
  getRubric?(year: number): Promise<Rubric | undefined>
  /** Keep the last version this process read or wrote, for getForWrite (0 = off). */
  writeCacheTtlMs?: number
  /** Attempts of a transaction that DynamoDB cancelled because another one held the item (TransactionConflict). */
  transactionAttempts?: number
}

/** The commune a save files its form under; a commune that is gone (or has no parent) cannot take one. */
function placed(commune: OrgUnit | undefined, communeId: string): OrgUnit & { parentId: string } {
  if (!commune?.parentId) throw new AppError('not_found', `Commune "${communeId}" does not exist`, { details: { communeId } })
  return commune as OrgUnit & { parentId: string }
}

// Storage-only attributes of the item, never part of an Assessment.
const ITEM_ONLY = ['parentUnitId', 'communeName', 'summary', 'stats', 'statsUnit'] as const

/**
 * A draft a merge took away (merges.ts sets mergedInto and takes it off the lists) stays read-only. The auth check
 * refuses its commune too, but from an org unit that may be cached (30 s): the stored draft has the last word.
 */
const STILL_LIVE = 'attribute_not_exists(mergedInto)'

/** What the stored item added to the dashboard counters: its contribution's key, and the unit it went to. */
type Counted = { unit: string; key: string } | null

export function assessmentsRepository({
  client,
  tableName,
  getOrgUnit,
  refreshOrgUnit,
  currentNames,
  getRubric,
  writeCacheTtlMs = 0,
  transactionAttempts = 4,
}: AssessmentsDeps) {
  const seen = writeCacheTtlMs > 0 ? recentVersions(writeCacheTtlMs) : undefined

  async function get(communeId: string, year: number): Promise<Assessment | undefined> {
    const out = await dynamo('assessments.get', () =>
      client.send(new GetCommand({ TableName: tableName, Key: assessmentKey(communeId, year), ConsistentRead: true })),
    )
    const found = out.Item ? fromItem(out.Item) : undefined
    if (found) seen?.remember(found)
    return found
  }

  async function summaryOf(next: Assessment): Promise<QueueSummary | undefined> {
    const rubric = await getRubric?.(next.year)
    if (!rubric) return undefined
    // The core's figures only (no records, no advice): the queue shows a total, a verdict and the review progress.
    const own = scoreSummary(rubric, next)
    const progress = reviewProgress(rubric, next)
    if (!hasVerdicts(next)) return { total: own.total, eligible: own.eligible, ...progress }
    const reviewed = scoreSummary(rubric, reviewedValues(next))
    return { total: own.total, eligible: own.eligible, reviewedTotal: reviewed.total, reviewedEligible: reviewed.eligible, ...progress }
  }

  async function contributionFor(next: Assessment): Promise<Contribution> {
    // Drafts and returned forms count by status only: no rubric needed (and none read on the autosave path).
    return contributionOf(FROZEN.includes(next.status) ? await getRubric?.(next.year) : undefined, next)
  }

  /** What the stored item at expectedVersion counted; version_conflict if another version is stored. */
  async function storedCounted(next: Assessment, expectedVersion: number): Promise<Counted> {
    const out = await dynamo('assessments.save', () =>
      client.send(
        new GetCommand({
          TableName: tableName,
          Key: assessmentKey(next.communeId, next.year),
          ConsistentRead: true,
          ProjectionExpression: '#version, stats, statsUnit, mergedInto',
          ExpressionAttributeNames: { '#version': 'version' },
        }),
      ),
    )
    if (out.Item?.version !== expectedVersion) throw await conflict(next, expectedVersion)
    if (typeof out.Item.mergedInto === 'string') throw communeRetiredError(next.communeId, out.Item.mergedInto)
    const { stats, statsUnit } = out.Item
    return typeof stats === 'string' && typeof statsUnit === 'string' ? { unit: statsUnit, key: stats } : null
  }

  async function conflict(next: Assessment, expectedVersion: number): Promise<AppError> {
    const current = await get(next.communeId, next.year)
    const currentVersion = current?.version ?? 0
    return new AppError(
      'version_conflict',
      `Assessment ${next.communeId}/${next.year} was changed meanwhile: expected version ${expectedVersion}, current version ${currentVersion}`,
      { details: { currentVersion } },
    )
  }

  /** The commune's signal-gap item for `next`, with its unit path (read from the org tree, cached on Lambda). */
  async function signalItem(next: Assessment, commune: OrgUnit) {
    const path: string[] = []
    let parentId = commune.parentId
    // Province → district → commune; the bound stops a corrupted parent chain from looping (as auth/scope.ts).
    for (let depth = 0; parentId && depth < 6 && !path.includes(parentId); depth++) {
      path.push(parentId)
      parentId = (await getOrgUnit(parentId))?.parentId
    }
    return signalWrite(tableName, {
      communeId: next.communeId,
      year: next.year,
      unitId: commune.parentId!,
      path,
      // The reviewer's adjusted rows in place (shared/roster-review.ts): the map shows the reviewed roster.
      villages: signalVillages(reviewedRoster(next)),
      version: next.version,
      updatedAt: next.updatedAt ?? null,
    })
  }

  return {
    get,

    /**
     * The assessment a write at `expectedVersion` starts from. Autosave sends a PATCH every few seconds; when
     * this process last saw exactly that version it skips the read. That is safe because save() is
     * conditional on the stored version: if anyone wrote since, the stored version is higher, the put fails
     * and the caller gets version_conflict. Versions only grow, so version N names one content.
     */
    async getForWrite(communeId: string, year: number, expectedVersion: number): Promise<Assessment | undefined> {
      const cached = seen?.lookup(communeId, year)
      if (cached && cached.version === expectedVersion && expectedVersion > 0) return cached
      return get(communeId, year)
    },

    async save(next: Assessment, expectedVersion: number, record: SaveRecord = {}): Promise<void> {
      // A save that does not advance the version would let a later writer with the same
      // expectedVersion overwrite it silently: that is a caller bug, not a user-facing error.
      if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || next.version <= expectedVersion) {
        throw new Error(
          `assessments.save: next.version (${next.version}) must be greater than expectedVersion (${expectedVersion})`,
        )
      }
      let commune = placed(await getOrgUnit(next.communeId), next.communeId)
      const summary = record.summary ?? (await summaryOf(next))
      const after = record.contribution?.after ?? (await contributionFor(next))
      // The item and the map's item under the commune's unit (the map's only when the roster changed).
      const placedWrites = async (commune: OrgUnit & { parentId: string }) => ({
        unit: commune.parentId,
        item: {
          ...compact(next),
          ...assessmentKey(next.communeId, next.year),
          entity: 'assessment',
          parentUnitId: commune.parentId,
          communeName: commune.name,
          ...(summary ? { summary: compact(summary) } : {}),
          stats: contributionKey(after),
          statsUnit: commune.parentId,
          [GSI1PK]: reviewUnitPartition(next.year, commune.parentId),
          [GSI1SK]: queueSort(next.status, next.communeId),
        },
        signal: (record.rosterChanged ?? next.roster !== undefined) ? await signalItem(next, commune) : undefined,
      })
      let { unit, item, signal } = await placedWrites(commune)
      const event: AuditEvent = {
        ...(record.event ?? {
          at: next.updatedAt ?? new Date().toISOString(),
          by: next.updatedBy ?? 'system',
          byName: next.updatedBy ?? 'system',
          role: 'system',
          action: 'edit',
        }),
        communeId: next.communeId,
        year: next.year,
        version: next.version,
      }

      // What the stored version added to the counters. The caller's guess (its copy of that version, scored with
      // today's rubric) is checked by the write's condition; when it is wrong (the rubric changed, the commune
      // moved to another unit since) or missing, the stored value is read and the write retried, so the counters
      // always lose exactly what this version had added.
      // A caller that passes no contribution (a tool, a test) gets the guess that holds for every edit: the stored
      // version counted what `next` counts, in this unit.
      let counted: Counted =
        expectedVersion === 0
          ? null
          : { unit, key: contributionKey(record.contribution ? record.contribution.before : after) }
      let readStored = false

      const transaction = (counted: Counted) => {
        const condition =
          expectedVersion === 0
            ? { ConditionExpression: `attribute_not_exists(${PK})` }
            : counted
              ? {
                  ConditionExpression: `#version = :expected AND statsUnit = :statsUnit AND stats = :stats AND ${STILL_LIVE}`,
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion, ':statsUnit': counted.unit, ':stats': counted.key },
                }
              : {
                  ConditionExpression: `#version = :expected AND attribute_not_exists(stats) AND ${STILL_LIVE}`,
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }
        return [
          { Put: { TableName: tableName, Item: item, ...condition } },
          eventPut(tableName, event),
          ...(record.comment ? [commentPut(tableName, next.communeId, next.year, record.comment)] : []),
          ...(signal ? [signal] : []),
          ...statsUpdates(tableName, counted, unit, after, next),
          // Last, so its index is the transaction's length − 1.
          ...(expectedVersion === 0 ? [unitCheck(unit)] : []),
        ]
      }
      // A new form has no stored item to say where the commune is now, so the commune's unit is checked in the
      // same transaction: a move (or merge) committed by another process (this one's copy of the commune can be
      // 30 s old) fails the creation instead of filing the form, its counters and its villages under the old unit.
      // A later save needs no check: its Put's condition is on the unit the stored item counted in (statsUnit),
      // which the move rewrote.
      const unitCheck = (parentId: string) => ({
        ConditionCheck: {
          TableName: tableName,
          Key: orgUnitKey(next.communeId),
          ConditionExpression: 'parentId = :parent AND attribute_not_exists(retired)',
          ExpressionAttributeValues: { ':parent': parentId },
        },
      })
      let unitRead = false

      for (let attempt = 1; ; attempt++) {
        const items = transaction(counted)
        try {
          await client.send(new TransactWriteCommand({ TransactItems: items }))
          seen?.remember(next)
          return
        } catch (err) {
          seen?.forget(next.communeId, next.year)
          // Two writers on one item at once: DynamoDB cancels one with TransactionConflict instead of failing
          // its condition. Trying again is safe (the write is conditional) and turns a lost race into the
          // version_conflict it is; only a conflict that persists is reported as a (retryable) outage.
          if (isTransactionConflict(err) && attempt < transactionAttempts) {
            await sleep(15 * attempt + Math.random() * 25)
            continue
          }
          if (transactionConditionFailed(err, 0)) {
            // Either another version was stored meanwhile, or the guess of what it had counted was wrong: the
            // stored item tells which (read once; a second failure after reading is a real race).
            if (expectedVersion > 0 && !readStored) {
              counted = await storedCounted(next, expectedVersion)
              readStored = true
              attempt = 0
              // The stored item is under another unit than this process's cached commune: the commune moved
              // (units PATCH rewrites its items with it) and the cache is up to 30 s behind. Saving under the
              // cached unit would move the form, its counters and its villages back; the commune as stored says
              // where it is now.
              if (counted && counted.unit !== unit && refreshOrgUnit) {
                const fresh = placed(await refreshOrgUnit(next.communeId), next.communeId)
                if (fresh.parentId !== commune.parentId) {
                  commune = fresh
                  ;({ unit, item, signal } = await placedWrites(commune))
                }
              }
              continue
            }
            throw await conflict(next, expectedVersion)
          }
          if (expectedVersion === 0 && transactionConditionFailed(err, items.length - 1)) {
            // The commune moved (or is moving) since this process read it: read it as stored and file the form there.
            if (!unitRead) {
              unitRead = true
              commune = placed(await (refreshOrgUnit ?? getOrgUnit)(next.communeId), next.communeId)
              // Merged or retired meanwhile: no new form for a commune that no longer exists.
              if (commune.retired) throw communeRetiredError(next.communeId, commune.mergedInto)
              ;({ unit, item, signal } = await placedWrites(commune))
              attempt = 0
              continue
            }
            throw new AppError('conflict', `Commune "${next.communeId}" is being moved to another unit; try again`, { details: { communeId: next.communeId } })
          }
          if (transactionConditionFailed(err, 1))
            throw new AppError('conflict', `The audit log of ${next.communeId}/${next.year} already has version ${next.version}`, {
              details: { version: next.version },
            })
          if (transactionConditionFailed(err, 2))
            throw new AppError('conflict', `Comment ${record.comment?.id} already exists`, { details: { commentId: record.comment?.id } })
          throw mapDynamoError(err, 'assessments.save')
        }
      }
    },

    /** One page of a review unit's assessments of a year, by status then commune id; Query only. */
    async listQueue(year: number, parentUnitId: string, query: QueueQuery): Promise<QueuePage> {
      const partition = reviewUnitPartition(year, parentUnitId)
      const prefix = query.status ? `${query.status}#` : undefined
      const start = query.cursor ? decodeCursor(query.cursor, { [GSI1PK]: partition }, prefix ? { [GSI1SK]: prefix } : {}) : undefined
      const page = await dynamo('assessments.listQueue', () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: GSI1,
            KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
            ProjectionExpression: QUEUE_PROJECTION,
            ExpressionAttributeNames: { '#pk': GSI1PK, '#status': 'status', '#version': 'version', ...(prefix ? { '#sk': GSI1SK } : {}) },
            ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
            Limit: query.limit,
            ExclusiveStartKey: start,
          }),
        ),
      )
      const items = (page.Items ?? []).map(toQueueItem)
      // The item's communeName is the name at its last save; a rename since must show (resolved at read time).
      const names = items.length > 0 ? await currentNames?.(items.map((i) => i.communeId)) : undefined
      return {
        items: names ? items.map((i) => ({ ...i, communeName: names.get(i.communeId) ?? i.communeName })) : items,
        ...(page.LastEvaluatedKey ? { nextCursor: encodeCursor(page.LastEvaluatedKey) } : {}),
      }
    },

    /**
     * The whole queue of a review unit for a year (one status, or all), queue columns only: for sorting and
     * searching across it. Bounded by the unit's communes (one item each, ~200 bytes: a unit of 500 is one page).
     */
    async listQueueAll(year: number, parentUnitId: string, status?: AssessmentStatus): Promise<QueueItem[]> {
      const items = await queryAll(client, 'assessments.listQueueAll', {
        TableName: tableName,
        IndexName: GSI1,
        KeyConditionExpression: status ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ProjectionExpression: QUEUE_PROJECTION,
        ExpressionAttributeNames: { '#pk': GSI1PK, '#status': 'status', '#version': 'version', ...(status ? { '#sk': GSI1SK } : {}) },
        ExpressionAttributeValues: { ':pk': reviewUnitPartition(year, parentUnitId), ...(status ? { ':prefix': `${status}#` } : {}) },
      })
      // Names resolved at read time here too: searching and sorting by name use the commune's current name.
      const queue = items.map(toQueueItem)
      const names = queue.length > 0 ? await currentNames?.(queue.map((i) => i.communeId)) : undefined
      return names ? queue.map((i) => ({ ...i, communeName: names.get(i.communeId) ?? i.communeName })) : queue
    },

    /** Assessments of one year whose commune belongs to parentUnitId, ordered by status and commune id. */
    async listByReviewUnit(year: number, parentUnitId: string): Promise<Assessment[]> {
      const items = await queryGsi1Partition({ client, tableName }, 'assessments.listByReviewUnit', reviewUnitPartition(year, parentUnitId))
      return items.map(fromItem)
    },
  }
}

/**
 * The counter updates of a save: the difference on the unit when the commune stays where it was counted (none at
 * all when nothing the dashboard shows changed, e.g. an autosave), or the old contribution out of the old unit
 * and the new one into the new unit when it moved.
 */
function statsUpdates(tableName: string, counted: Counted, unit: string, after: Contribution, next: Assessment) {
  const before = counted ? parseContributionKey(counted.key) : {}
  if (!counted || counted.unit === unit) {
    const delta = diffContributions(before, after)
    return isEmptyContribution(delta) ? [] : [statsUpdate(tableName, next.year, unit, next.communeId, delta)]
  }
  return [
    ...(isEmptyContribution(before) ? [] : [statsUpdate(tableName, next.year, counted.unit, next.communeId, negate(before))]),
    ...(isEmptyContribution(after) ? [] : [statsUpdate(tableName, next.year, unit, next.communeId, after)]),
  ]
}

// Only the queue's columns: a full item carries every answer (~3 KB), a queue row needs ~200 bytes.
const QUEUE_PROJECTION = 'communeId, communeName, #status, #version, updatedAt, submittedAt, summary'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function toQueueItem(item: Record<string, unknown>): QueueItem {
  return {
    communeId: item.communeId as string,
    communeName: typeof item.communeName === 'string' ? item.communeName : (item.communeId as string),
    status: item.status as AssessmentStatus,
    version: item.version as number,
    updatedAt: (item.updatedAt as string | undefined) ?? null,
    submittedAt: (item.submittedAt as string | undefined) ?? null,
    // Items saved before summaries existed (an old local .data/) show zero until their next save.
    summary: (item.summary as QueueSummary | undefined) ?? { total: 0, eligible: false },
  }
}

// Everything but the storage-only attributes round-trips, so fields added to Assessment later
// (e.g. by the review workflow) are stored without touching this module. Also read by exports.ts and stats' rebuild.
export function fromItem(item: Record<string, unknown>): Assessment {
  const rest = withoutKeys(item)
  for (const key of ITEM_ONLY) delete rest[key]
  return {
    ...rest,
    profile: rest.profile ?? {},
    answers: rest.answers ?? {},
    updatedAt: rest.updatedAt ?? null,
    updatedBy: rest.updatedBy ?? null,
  } as Assessment
}

/** Last-seen assessments by commune and year, bounded in size and age; values are never mutated. */
function recentVersions(ttlMs: number, maxEntries = 5_000) {
  const entries = new Map<string, { value: Assessment; expires: number }>()
  const key = (communeId: string, year: number) => `${communeId}|${year}`
  return {
    lookup(communeId: string, year: number): Assessment | undefined {
      const hit = entries.get(key(communeId, year))
      return hit && hit.expires > Date.now() ? hit.value : undefined
    },
    remember(value: Assessment): void {
      const k = key(value.communeId, value.year)
      entries.delete(k)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(k, { value, expires: Date.now() + ttlMs })
    },
    forget(communeId: string, year: number): void {
      entries.delete(key(communeId, year))
    },
  }
}
