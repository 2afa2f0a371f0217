import { randomUUID } from 'node:crypto'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { createTable } from '../../functions/src/storage/create-table'
import { tableDefinition } from '../../functions/src/storage/table-definition'
import { testDynamoClient } from '../support/dynamo'

const raw = testDynamoClient()

describe('createTable', () => {
  it('creates the table from the definition, with gsi1', async () => {
    const name = `ct-${randomUUID()}`
    await createTable(raw, name)
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: name }))
    expect(Table?.TableStatus).toBe('ACTIVE')
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
    expect(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema?.map((k) => k.AttributeName)])).toEqual([
      ['gsi1', [tableDefinition.globalIndexes.gsi1.hashKey, tableDefinition.globalIndexes.gsi1.rangeKey]],
    ])
  })

  it('is idempotent, also when called concurrently and through a document client', async () => {
    const name = `ct-${randomUUID()}`
    const doc = DynamoDBDocumentClient.from(raw)
    await Promise.all([createTable(raw, name), createTable(raw, name), createTable(doc, name)])
    await expect(createTable(raw, name)).resolves.toBeUndefined()
  })

  it('refuses a same-named table with another layout, saying how to fix it', async () => {
    const name = `ct-${randomUUID()}`
    await raw.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    )
    await expect(createTable(raw, name)).rejects.toThrow(/does not match .*primary key.*index gsi1 is missing.*\.data/)
  })
})
