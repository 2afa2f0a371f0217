// Local/dev and test only: on AWS the table is created by stacks/storage.ts from the same definition.
import {
  CreateTableCommand,
  DescribeTableCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { tableDefinition } from './table-definition'

const scalarType = { string: 'S', number: 'N', binary: 'B' } as const

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { fields, primaryIndex, globalIndexes } = tableDefinition
  const AttributeDefinitions: AttributeDefinition[] = Object.entries(fields).map(([name, type]) => ({
    AttributeName: name,
    AttributeType: scalarType[type],
  }))
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions,
    KeySchema: [
      { AttributeName: primaryIndex.hashKey, KeyType: 'HASH' },
      { AttributeName: primaryIndex.rangeKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: 'HASH' },
        { AttributeName: index.rangeKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  }
}

/**
 * Creates the table if it is missing and waits until it is ACTIVE. Safe to call on every start
 * (and concurrently): an existing table is checked against the definition instead of recreated,
 * so a stale local `.data/` from an older layout fails loudly rather than misbehaving later.
 */
export async function createTable(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
): Promise<void> {
  // The document client forwards non-document commands unchanged; the cast only widens its typing.
  const raw = client as DynamoDBClient
  let existing = await describe(raw, tableName)
  if (!existing) {
    try {
      await raw.send(new CreateTableCommand(createTableInput(tableName)))
    } catch (err) {
      // Another process won the race: fall through to waiting for its table.
      if ((err as { name?: string }).name !== 'ResourceInUseException') throw err
    }
    await waitUntilTableExists({ client: raw, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName })
    existing = await describe(raw, tableName)
  }
  if (existing) assertMatchesDefinition(existing, tableName)
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }))
    return out.Table
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined
    throw err
  }
}

function assertMatchesDefinition(table: TableDescription, tableName: string): void {
  const { primaryIndex, globalIndexes } = tableDefinition
  const keyOf = (schema: TableDescription['KeySchema'], type: 'HASH' | 'RANGE') =>
    schema?.find((k) => k.KeyType === type)?.AttributeName
  const problems: string[] = []
  if (keyOf(table.KeySchema, 'HASH') !== primaryIndex.hashKey || keyOf(table.KeySchema, 'RANGE') !== primaryIndex.rangeKey) {
    problems.push(`primary key is not (${primaryIndex.hashKey}, ${primaryIndex.rangeKey})`)
  }
  for (const [name, index] of Object.entries(globalIndexes)) {
    const gsi = table.GlobalSecondaryIndexes?.find((g) => g.IndexName === name)
    if (!gsi) problems.push(`index ${name} is missing`)
    else if (keyOf(gsi.KeySchema, 'HASH') !== index.hashKey || keyOf(gsi.KeySchema, 'RANGE') !== index.rangeKey) {
      problems.push(`index ${name} is not (${index.hashKey}, ${index.rangeKey})`)
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Table "${tableName}" exists but does not match functions/src/storage/table-definition.ts: ${problems.join('; ')}. ` +
        'Delete it (locally: remove the .data/ directory) so it can be recreated.',
    )
  }
}
