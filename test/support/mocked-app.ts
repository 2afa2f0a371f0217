// The API on a DynamoDB client that aws-sdk-client-mock controls per command, over a real table on DynamoDB Local:
// whatever a fault test does not fail on purpose passes through, so each case runs the real route end to end.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient, type AwsStub } from 'aws-sdk-client-mock'
import { createDocumentClient, createStore, type Store } from '../../functions/src/storage/store'
import { makeApp, seedFixtures, type TestApp } from '../api/harness'
import { createTestTable, testDynamoClient } from './dynamo'

export const meta = { $metadata: {} }

/** A TransactWriteItems cancelled with these reasons, one per item, as DynamoDB reports it. */
export const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code })),
    ...meta,
  })

export type MockedApp = {
  /** The table read without the mock, to check what was (not) written. */
  realStore: Store
  real: DynamoDBDocumentClient
  tableName: string
  app: TestApp
  ddb: AwsStub<any, any, any>
  /** Forget every failure set up so far: all commands reach DynamoDB Local again. */
  passThrough: () => void
}

export async function startMockedApp(): Promise<MockedApp> {
  const table = await createTestTable()
  await seedFixtures(table.store)
  const appClient = createDocumentClient(testDynamoClient())
  const ddb = mockClient(appClient)
  const real = table.client
  const passThrough = () => {
    ddb.reset()
    ddb.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)))
    ddb.on(PutCommand).callsFake((input) => real.send(new PutCommand(input)))
    ddb.on(DeleteCommand).callsFake((input) => real.send(new DeleteCommand(input)))
    ddb.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)))
    // Lists resolve commune names at read time (orgUnits.names).
    ddb.on(BatchGetCommand).callsFake((input) => real.send(new BatchGetCommand(input)))
    ddb.on(TransactWriteCommand).callsFake((input) => real.send(new TransactWriteCommand(input)))
  }
  passThrough()
  return { realStore: table.store, real, tableName: table.tableName, app: makeApp(createStore({ client: appClient, tableName: table.tableName })), ddb, passThrough }
}
