/*
 * Assessments, one item per commune and year. Access patterns:
 *   get                GetItem (consistent) pk=COMMUNE#<communeId>  sk=ASSESS#<year>
 *   save               Put with an optimistic-lock condition:
 *                        expectedVersion 0 → attribute_not_exists(pk)   (first save creates it)
 *                        otherwise        → version = :expectedVersion
 *                      on failure: consistent re-read → AppError('version_conflict', {currentVersion})
 *   list by review unit (not in the Store contract yet; listByReviewUnit below, for the review feature)
 *                      Query gsi1  gsi1pk=ASSESS#<year>#<parentUnitId>  gsi1sk=<communeId>
 *
 * parentUnitId (the commune's district / review unit) is read from the commune's org unit at every
 * save and stored on the item, so the index follows the org tree without the caller passing it and
 * without a separate backfill. Saving for a commune that has no org unit (or no parent) is refused
 * with not_found: such an assessment could never be reviewed.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Assessment } from '../../../shared/assessment'
import { AppError } from '../../../shared/errors'
import { dynamo, isConditionalCheckFailed } from './errors'
import { compact, GSI1, GSI1PK, GSI1SK, PK, SK, withoutKeys, type RepoDeps } from './item'
import type { OrgUnit } from './records'

export const assessmentKey = (communeId: string, year: number) => ({
  [PK]: `COMMUNE#${communeId}`,
  [SK]: `ASSESS#${year}`,
})
export const reviewUnitPartition = (year: number, parentUnitId: string) => `ASSESS#${year}#${parentUnitId}`

export type AssessmentsDeps = RepoDeps & {
  getOrgUnit(id: string): Promise<OrgUnit | undefined>
  /** Keep the last version this process read or wrote, for getForWrite (0 = off). */
  writeCacheTtlMs?: number
}

export function assessmentsRepository({ client, tableName, getOrgUnit, writeCacheTtlMs = 0 }: AssessmentsDeps) {
  const seen = writeCacheTtlMs > 0 ? recentVersions(writeCacheTtlMs) : undefined

  async function get(communeId: string, year: number): Promise<Assessment | undefined> {
    const out = await dynamo('assessments.get', () =>
      client.send(new GetCommand({ TableName: tableName, Key: assessmentKey(communeId, year), ConsistentRead: true })),
    )
    const found = out.Item ? fromItem(out.Item) : undefined
    if (found) seen?.remember(found)
    return found
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

    async save(next: Assessment, expectedVersion: number): Promise<void> {
      // A save that does not advance the version would let a later writer with the same
      // expectedVersion overwrite it silently: that is a caller bug, not a user-facing error.
      if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || next.version <= expectedVersion) {
        throw new Error(
          `assessments.save: next.version (${next.version}) must be greater than expectedVersion (${expectedVersion})`,
        )
      }
      const commune = await getOrgUnit(next.communeId)
      if (!commune?.parentId) {
        throw new AppError('not_found', `Commune "${next.communeId}" does not exist`, {
          details: { communeId: next.communeId },
        })
      }
      const item = {
        ...compact(next),
        ...assessmentKey(next.communeId, next.year),
        entity: 'assessment',
        parentUnitId: commune.parentId,
        [GSI1PK]: reviewUnitPartition(next.year, commune.parentId),
        [GSI1SK]: next.communeId,
      }
      const condition =
        expectedVersion === 0
          ? { ConditionExpression: `attribute_not_exists(${PK})` }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }
      try {
        await dynamo('assessments.save', () =>
          client.send(new PutCommand({ TableName: tableName, Item: item, ...condition })),
        )
        seen?.remember(next)
      } catch (err) {
        seen?.forget(next.communeId, next.year)
        if (!isConditionalCheckFailed(err)) throw err
        const current = await get(next.communeId, next.year)
        const currentVersion = current?.version ?? 0
        throw new AppError(
          'version_conflict',
          `Assessment ${next.communeId}/${next.year} was changed meanwhile: expected version ${expectedVersion}, current version ${currentVersion}`,
          { details: { currentVersion } },
        )
      }
    },

    /** Assessments of one year whose commune belongs to parentUnitId, ordered by commune id. */
    async listByReviewUnit(year: number, parentUnitId: string): Promise<Assessment[]> {
      const found: Assessment[] = []
      let cursor: Record<string, unknown> | undefined
      do {
        const page = await dynamo('assessments.listByReviewUnit', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: GSI1,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': GSI1PK },
              ExpressionAttributeValues: { ':pk': reviewUnitPartition(year, parentUnitId) },
              ExclusiveStartKey: cursor,
            }),
          ),
        )
        for (const item of page.Items ?? []) found.push(fromItem(item))
        cursor = page.LastEvaluatedKey
      } while (cursor)
      return found
    },
  }
}

// Everything but the storage-only attributes round-trips, so fields added to Assessment later
// (e.g. by the review workflow) are stored without touching this module.
function fromItem(item: Record<string, unknown>): Assessment {
  const { parentUnitId: _parent, ...rest } = withoutKeys(item)
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
