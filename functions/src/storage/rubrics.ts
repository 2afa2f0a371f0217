/*
 * Rubrics, one partition per year, one item per version. Access patterns:
 *   latest of a year   Query pk=RUBRIC#<year>, ScanIndexForward=false, Limit=1
 *                      (sk=V#<version zero-padded to 6> so string order is numeric order)
 *   one version        GetItem pk=RUBRIC#<year> sk=V#<version> (Y5)
 *   versions of a year Query pk=RUBRIC#<year>, projection of the version's metadata (Y6)
 *   put                Put with attribute_not_exists(pk): a published version is immutable,
 *                      because stored assessments were scored against it. Publish a new version instead.
 * Who published a version, when and from what (`published`) is stored beside the rubric and never returned by
 * get/getVersion, which answer with the rubric exactly as validated.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { dynamo, isConditionalCheckFailed } from './errors'
import { compact, PK, SK, withoutKeys, type RepoDeps } from './item'
import { queryAll } from './query-all'

export const rubricPartition = (year: number) => `RUBRIC#${year}`
export const rubricSort = (version: number) => `V#${String(version).padStart(6, '0')}`

/** Where a version came from, for the version history. */
export type RubricSource = 'default' | 'copy' | 'upload' | 'edit'
export type RubricPublication = {
  at: string
  by: string
  byName: string
  source: RubricSource
  /** `copy`: the year copied; `edit`: the version edited. */
  fromYear?: number
  fromVersion?: number
}
export type RubricVersionInfo = { year: number; version: number; id: string; title: Rubric['title']; published?: RubricPublication }

const META = 'published'

function toRubric(item: Record<string, unknown>): Rubric {
  const { [META]: _meta, ...rest } = withoutKeys(item)
  return rest as Rubric
}

/** The Put of one version (alone or inside a transaction); it fails if that year+version exists. */
export function rubricPut(tableName: string, rubric: Rubric, published?: RubricPublication) {
  return {
    TableName: tableName,
    Item: {
      ...compact(rubric),
      ...(published ? { [META]: compact(published) } : {}),
      [PK]: rubricPartition(rubric.year),
      [SK]: rubricSort(rubric.version),
      entity: 'rubric',
    },
    ConditionExpression: `attribute_not_exists(${PK})`,
  }
}

export const versionExists = (rubric: Pick<Rubric, 'year' | 'version'>) =>
  new AppError('conflict', `Rubric ${rubric.year} version ${rubric.version} already exists`, {
    details: { year: rubric.year, version: rubric.version },
  })

export function rubricsRepository({ client, tableName }: RepoDeps) {
  return {
    async get(year: number): Promise<Rubric | undefined> {
      const out = await dynamo('rubrics.get', () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': PK },
            ExpressionAttributeValues: { ':pk': rubricPartition(year) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        ),
      )
      const item = out.Items?.[0]
      return item ? toRubric(item) : undefined
    },

    async getVersion(year: number, version: number): Promise<Rubric | undefined> {
      const out = await dynamo('rubrics.getVersion', () =>
        client.send(new GetCommand({ TableName: tableName, Key: { [PK]: rubricPartition(year), [SK]: rubricSort(version) } })),
      )
      return out.Item ? toRubric(out.Item) : undefined
    },

    /** Oldest first. A year has a handful of versions; the projection keeps each row small. */
    async listVersions(year: number): Promise<RubricVersionInfo[]> {
      const items = await queryAll(client, 'rubrics.listVersions', {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#year, #version, #id, #title, #published',
        ExpressionAttributeNames: { '#pk': PK, '#year': 'year', '#version': 'version', '#id': 'id', '#title': 'title', '#published': META },
        ExpressionAttributeValues: { ':pk': rubricPartition(year) },
        ConsistentRead: true,
      })
      return items as RubricVersionInfo[]
    },

    async put(rubric: Rubric, published?: RubricPublication): Promise<void> {
      try {
        await dynamo('rubrics.put', () => client.send(new PutCommand(rubricPut(tableName, rubric, published))))
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw versionExists(rubric)
        throw err
      }
    },
  }
}
