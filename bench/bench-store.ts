import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { createTable } from '../functions/src/storage/create-table'
import { createDocumentClient, createStore } from '../functions/src/storage/store'

/**
 * The store as a deployed Lambda container has it (functions/src/lambda.ts: org units, rubrics and accounts
 * cached for 30 s in the process) on a DynamoDB Local at `endpoint`; `create` makes the table first.
 */
export async function deployedStore(endpoint: string, tableName: string, { create = false } = {}) {
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
  if (create) await createTable(raw, tableName)
  const store = createStore({ client: createDocumentClient(raw), tableName, cacheTtlMs: 30_000 })
  return { raw, store, tableName }
}

/** A fresh DynamoDB Local in memory (the jar `npm start` uses) with one new table and the deployed store on it. */
export async function benchTable(tableName: string) {
  const dynamo = await startDynamoLocal({ inMemory: true })
  return { dynamo, ...(await deployedStore(dynamo.endpoint, tableName, { create: true })) }
}
