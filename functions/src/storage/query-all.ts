import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { dynamo } from './errors'
import { GSI1, GSI1PK, PK, SK, withoutKeys, type RepoDeps } from './item'

/**
 * Every item a Query matches, following LastEvaluatedKey page by page (a page stops at 1 MB). For the bounded
 * lists of the app (children of a unit, a unit's users, one assessment's events or files); paged API lists
 * (the review queue) hand the cursor to the client instead.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  operation: string,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let cursor: Record<string, unknown> | undefined
  do {
    const page = await dynamo(operation, () => client.send(new QueryCommand({ ...input, ExclusiveStartKey: cursor })))
    for (const item of page.Items ?? []) items.push(item)
    cursor = page.LastEvaluatedKey
  } while (cursor)
  return items
}

/** Every item of one gsi1 partition (a unit's children, a unit's users, a review unit's assessments). */
export function queryGsi1Partition({ client, tableName }: RepoDeps, operation: string, partition: string): Promise<Record<string, unknown>[]> {
  return queryAll(client, operation, {
    TableName: tableName,
    IndexName: GSI1,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': GSI1PK },
    ExpressionAttributeValues: { ':pk': partition },
  })
}

/**
 * Every item of one table partition whose sort key starts with `prefix`, read consistently, in key order (or
 * newest first), without the storage-only attributes.
 */
export async function queryPrefix(
  { client, tableName }: RepoDeps,
  operation: string,
  partition: string,
  prefix: string,
  order: 'oldest first' | 'newest first' = 'oldest first',
): Promise<Record<string, unknown>[]> {
  const items = await queryAll(client, operation, {
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    ...(order === 'newest first' ? { ScanIndexForward: false } : {}),
    ConsistentRead: true,
  })
  return items.map(withoutKeys)
}
