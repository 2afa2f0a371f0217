// Per-file isolation: every call gets a fresh, uniquely named table on the shared emulator.
import { randomUUID } from 'node:crypto'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { inject } from 'vitest'
import { createTable } from '../../functions/src/storage/create-table'
import { createDocumentClient, createStore, type Store } from '../../functions/src/storage/store'

export type TestTable = {
  client: DynamoDBDocumentClient
  raw: DynamoDBClient
  tableName: string
  store: Store
}

export function testDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    // DynamoDB Local runs with -sharedDb, so any credentials see the same tables.
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
}

export async function createTestTable(): Promise<TestTable> {
  const raw = testDynamoClient()
  const client = createDocumentClient(raw)
  const tableName = `test-${randomUUID()}`
  await createTable(raw, tableName)
  return { client, raw, tableName, store: createStore({ client, tableName }) }
}
