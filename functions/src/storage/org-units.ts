/*
 * Organisational units (province → district / review unit → commune). Access patterns:
 *   get by id          GetItem  pk=ORG#<id>  sk=ORG
 *   list children     Query    gsi1  gsi1pk=ORG_CHILDREN#<parentId>   (gsi1sk=<kind>#<id>)
 *                      sparse: a unit without parentId (the province) is not in the index.
 *   put                Put (upsert: reference data maintained by admins and the seed, last write wins)
 * Children come back sorted by Vietnamese name, which is what every screen shows.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { dynamo } from './errors'
import { GSI1, GSI1PK, GSI1SK, PK, SK, type RepoDeps } from './item'
import type { OrgUnit, OrgUnitKind } from './records'

export const orgUnitKey = (id: string) => ({ [PK]: `ORG#${id}`, [SK]: 'ORG' })
export const orgChildrenPartition = (parentId: string) => `ORG_CHILDREN#${parentId}`

const byVietnameseName = new Intl.Collator('vi', { sensitivity: 'base', numeric: true })

export function orgUnitsRepository({ client, tableName }: RepoDeps) {
  return {
    async get(id: string): Promise<OrgUnit | undefined> {
      const out = await dynamo('orgUnits.get', () =>
        client.send(new GetCommand({ TableName: tableName, Key: orgUnitKey(id) })),
      )
      return out.Item ? fromItem(out.Item) : undefined
    },

    async listChildren(parentId: string): Promise<OrgUnit[]> {
      const units: OrgUnit[] = []
      let cursor: Record<string, unknown> | undefined
      do {
        const page = await dynamo('orgUnits.listChildren', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: GSI1,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': GSI1PK },
              ExpressionAttributeValues: { ':pk': orgChildrenPartition(parentId) },
              ExclusiveStartKey: cursor,
            }),
          ),
        )
        for (const item of page.Items ?? []) units.push(fromItem(item))
        cursor = page.LastEvaluatedKey
      } while (cursor)
      return units.sort((a, b) => byVietnameseName.compare(a.name, b.name) || a.id.localeCompare(b.id))
    },

    async put(unit: OrgUnit): Promise<void> {
      const item: Record<string, unknown> = {
        ...orgUnitKey(unit.id),
        entity: 'orgUnit',
        id: unit.id,
        kind: unit.kind,
        name: unit.name,
        ...(unit.code !== undefined ? { code: unit.code } : {}),
        ...(unit.parentId !== undefined
          ? { parentId: unit.parentId, [GSI1PK]: orgChildrenPartition(unit.parentId), [GSI1SK]: `${unit.kind}#${unit.id}` }
          : {}),
      }
      await dynamo('orgUnits.put', () => client.send(new PutCommand({ TableName: tableName, Item: item })))
    },
  }
}

function fromItem(item: Record<string, unknown>): OrgUnit {
  return {
    id: item.id as string,
    kind: item.kind as OrgUnitKind,
    name: item.name as string,
    ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
    ...(typeof item.code === 'string' ? { code: item.code } : {}),
  }
}
