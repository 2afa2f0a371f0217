/*
 * Organisational units (province → district / review unit → commune). Access patterns:
 *   get by id          GetItem  pk=ORG#<id>  sk=ORG
 *   list children     Query    gsi1  gsi1pk=ORG_CHILDREN#<parentId>   (gsi1sk=<kind>#<id>)
 *                      sparse: a unit without parentId (the province) is not in the index.
 *                      Retired units stay in the index (the admin lists show them); scope lists filter them.
 *   put                Put (upsert: reference data written by the seed and provisioning, last write wins)
 *   create             Put with attribute_not_exists(pk)                    → conflict if the id is taken
 *   replace            Put with attribute_exists(pk) [AND attribute_not_exists(retired)]
 *                      rename, move to another parent (the GSI keys follow parentId), retire
 *   merge              TransactWrite (≤ 100 items): Put the merged commune (new: attribute_not_exists(pk);
 *                      existing: attribute_exists(pk) AND attribute_not_exists(retired)) + one Put per predecessor
 *                      (retired, mergedInto) with attribute_exists(pk) AND attribute_not_exists(retired):
 *                      all or nothing, and a unit can never be merged twice, even by concurrent requests.
 * Children come back sorted by Vietnamese name, which is what every screen shows.
 */
import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import { isReviewTier } from '../../../shared/review-tier'
import { dynamo, isConditionalCheckFailed } from './errors'
import { GSI1PK, GSI1SK, PK, SK, type RepoDeps } from './item'
import type { OrgUnit, OrgUnitKind } from './records'
import { queryGsi1Partition } from './query-all'

export const orgUnitKey = (id: string) => ({ [PK]: `ORG#${id}`, [SK]: 'ORG' })
export const orgChildrenPartition = (parentId: string) => `ORG_CHILDREN#${parentId}`

// Made on first use: creating an ICU collator for Vietnamese takes milliseconds, which every cold start paid (issue 8).
let collator: Intl.Collator | undefined
const byVietnameseName = () => (collator ??= new Intl.Collator('vi', { sensitivity: 'base', numeric: true }))

/** DynamoDB's limit on items in one transaction: the merged commune plus at most 99 predecessors. */
export const MAX_MERGE_PREDECESSORS = 99

export function orgUnitsRepository({ client, tableName }: RepoDeps) {
  const putItem = (operation: string, unit: OrgUnit, condition?: string, values?: Record<string, unknown>) =>
    dynamo(operation, () =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(unit),
          ...(condition ? { ConditionExpression: condition } : {}),
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    )

  return {
    async get(id: string): Promise<OrgUnit | undefined> {
      const out = await dynamo('orgUnits.get', () =>
        client.send(new GetCommand({ TableName: tableName, Key: orgUnitKey(id) })),
      )
      return out.Item ? fromItem(out.Item) : undefined
    },

    async listChildren(parentId: string): Promise<OrgUnit[]> {
      const items = await queryGsi1Partition({ client, tableName }, 'orgUnits.listChildren', orgChildrenPartition(parentId))
      const units = items.map(fromItem)
      const { compare } = byVietnameseName()
      return units.sort((a, b) => compare(a.name, b.name) || a.id.localeCompare(b.id))
    },

    /** Today's names, never cached (see currentUnitNames). */
    names(ids: Iterable<string>): Promise<Map<string, string>> {
      return currentUnitNames(client, tableName, ids)
    },

    async put(unit: OrgUnit): Promise<void> {
      await putItem('orgUnits.put', unit)
    },

    /** Throws AppError('conflict') if a unit with this id exists (retired ones included: ids are never reused). */
    async create(unit: OrgUnit): Promise<void> {
      try {
        await putItem('orgUnits.create', unit, `attribute_not_exists(${PK})`)
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw new AppError('conflict', `A unit with id "${unit.id}" already exists`, { details: { id: unit.id } })
        throw err
      }
    },

    /**
     * Overwrites an existing unit (rename, retire; a commune's move is commune-moves.ts). With `mustBeActive`,
     * refuses (conflict) a unit that was retired meanwhile, so a rename cannot resurrect a unit another admin just
     * retired or merged; with `parentId`, one that was moved meanwhile, so a rename cannot undo the move.
     */
    async replace(unit: OrgUnit, opts: { mustBeActive?: boolean; parentId?: string } = {}): Promise<void> {
      const condition = `attribute_exists(${PK})${opts.mustBeActive ? ' AND attribute_not_exists(retired)' : ''}${opts.parentId !== undefined ? ' AND parentId = :parent' : ''}`
      try {
        await putItem('orgUnits.replace', unit, condition, opts.parentId !== undefined ? { ':parent': opts.parentId } : undefined)
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw new AppError('conflict', `Unit "${unit.id}" was retired or removed meanwhile; reload`, { details: { id: unit.id } })
        throw err
      }
    },

    /** Writes the merged commune and retires every predecessor in one transaction (see the header). */
    async merge(into: OrgUnit, intoIsNew: boolean, predecessors: OrgUnit[]): Promise<void> {
      if (predecessors.length > MAX_MERGE_PREDECESSORS) throw new Error(`merge: at most ${MAX_MERGE_PREDECESSORS} predecessors`)
      const active = `attribute_exists(${PK}) AND attribute_not_exists(retired)`
      try {
        await dynamo('orgUnits.merge', () =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: tableName, Item: toItem(into), ConditionExpression: intoIsNew ? `attribute_not_exists(${PK})` : active } },
                ...predecessors.map((p) => ({ Put: { TableName: tableName, Item: toItem(p), ConditionExpression: active } })),
              ],
            }),
          ),
        )
      } catch (err) {
        if ((err as { name?: string }).name === 'TransactionCanceledException') {
          throw new AppError('conflict', 'A unit of this merge was changed, retired or created meanwhile; reload and try again', {
            details: { into: into.id, from: predecessors.map((p) => p.id) },
          })
        }
        throw err
      }
    },
  }
}

/**
 * Today's names of these units, read fresh (BatchGetItem, consistent, ≤ 100 keys per call, projection id and name):
 * the lists that show a commune's name (queue, exports, decision list, dashboard) resolve it at read time, so a
 * rename is seen at once, whatever another process's org-unit cache or a copy stored on an assessment says.
 * Unknown ids are absent from the map; callers fall back to the copy they have.
 */
export async function currentUnitNames(client: DynamoDBDocumentClient, tableName: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  const names = new Map<string, string>()
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map(orgUnitKey)
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 8) throw new AppError('unavailable', 'Unit names could not be read (throttled)', { details: { operation: 'orgUnits.names' } })
      if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt))
      const out = await dynamo('orgUnits.names', () =>
        client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'id, #name', ExpressionAttributeNames: { '#name': 'name' } } },
          }),
        ),
      )
      for (const item of out.Responses?.[tableName] ?? []) if (typeof item.id === 'string' && typeof item.name === 'string') names.set(item.id, item.name)
      keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[]
    }
  }
  return names
}

export function orgUnitItem(unit: OrgUnit): Record<string, unknown> {
  return toItem(unit)
}

function toItem(unit: OrgUnit): Record<string, unknown> {
  return {
    ...orgUnitKey(unit.id),
    entity: 'orgUnit',
    id: unit.id,
    kind: unit.kind,
    name: unit.name,
    ...(unit.code !== undefined ? { code: unit.code } : {}),
    ...(unit.retired ? { retired: true } : {}),
    ...(unit.retiredAt !== undefined ? { retiredAt: unit.retiredAt } : {}),
    ...(unit.mergedInto !== undefined ? { mergedInto: unit.mergedInto } : {}),
    ...(unit.predecessorIds !== undefined && unit.predecessorIds.length > 0 ? { predecessorIds: unit.predecessorIds } : {}),
    ...(unit.reviewTier !== undefined ? { reviewTier: unit.reviewTier } : {}),
    ...(unit.parentId !== undefined
      ? { parentId: unit.parentId, [GSI1PK]: orgChildrenPartition(unit.parentId), [GSI1SK]: `${unit.kind}#${unit.id}` }
      : {}),
  }
}

function fromItem(item: Record<string, unknown>): OrgUnit {
  return {
    id: item.id as string,
    kind: item.kind as OrgUnitKind,
    name: item.name as string,
    ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
    ...(typeof item.code === 'string' ? { code: item.code } : {}),
    ...(item.retired === true ? { retired: true } : {}),
    ...(typeof item.retiredAt === 'string' ? { retiredAt: item.retiredAt } : {}),
    ...(typeof item.mergedInto === 'string' ? { mergedInto: item.mergedInto } : {}),
    ...(Array.isArray(item.predecessorIds) ? { predecessorIds: item.predecessorIds as string[] } : {}),
    ...(isReviewTier(item.reviewTier) ? { reviewTier: item.reviewTier } : {}),
  }
}
