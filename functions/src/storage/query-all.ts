import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { dynamo } from './errors'

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
