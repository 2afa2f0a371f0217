/*
 * Rubrics, one partition per year, one item per version. Access patterns:
 *   latest of a year   Query pk=RUBRIC#<year>, ScanIndexForward=false, Limit=1
 *                      (sk=V#<version zero-padded to 6> so string order is numeric order)
 *   put                Put with attribute_not_exists(pk): a published version is immutable,
 *                      because stored assessments were scored against it. Publish a new version instead.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../../../shared/errors'
import type { Rubric } from '../../../shared/rubric/schema'
import { dynamo, isConditionalCheckFailed } from './errors'
import { compact, PK, SK, withoutKeys, type RepoDeps } from './item'

export const rubricPartition = (year: number) => `RUBRIC#${year}`
export const rubricSort = (version: number) => `V#${String(version).padStart(6, '0')}`

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
      return item ? (withoutKeys(item) as Rubric) : undefined
    },

    async put(rubric: Rubric): Promise<void> {
      try {
        await dynamo('rubrics.put', () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...compact(rubric), [PK]: rubricPartition(rubric.year), [SK]: rubricSort(rubric.version), entity: 'rubric' },
              ConditionExpression: `attribute_not_exists(${PK})`,
            }),
          ),
        )
      } catch (err) {
        if (isConditionalCheckFailed(err)) {
          throw new AppError('conflict', `Rubric ${rubric.year} version ${rubric.version} already exists`, {
            details: { year: rubric.year, version: rubric.version },
          })
        }
        throw err
      }
    },
  }
}
