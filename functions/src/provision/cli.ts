import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDocumentClient, createStore, type Store } from '../storage/store'

// What every maintenance command shares: which table to write (--table, else the one `sst shell` links) and
// how a failure ends the process.

/** The store of `--table` (else the stage's linked table) at `--endpoint` (else AWS). */
export async function openStore(args: { table?: string; endpoint?: string }): Promise<Store> {
  const tableName = args.table ?? (await linkedTableName())
  const raw = new DynamoDBClient(args.endpoint ? { endpoint: args.endpoint } : {})
  return createStore({ client: createDocumentClient(raw), tableName })
}

async function linkedTableName(): Promise<string> {
  const { Resource } = await import('sst')
  return (Resource as unknown as { Table: { name: string } }).Table.name
}

/** Runs a command's main: a failure prints its message alone (no stack) and exits 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
