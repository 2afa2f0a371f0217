// vitest globalSetup: one in-memory DynamoDB Local shared by every test file (each file uses its
// own table via test/support/dynamo.ts). Set DYNAMO_ENDPOINT to reuse an emulator you already run.
import type { TestProject } from 'vitest/node'
import { startDynamoLocal } from '../../functions/src/local/dynamo-local'
import { TIMEOUTS } from './timing'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Same reason as test.env in vitest.config.ts; this process is not covered by it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const external = process.env.DYNAMO_ENDPOINT
  if (external) {
    project.provide('dynamoEndpoint', external)
    return async () => {}
  }
  const dynamo = await startDynamoLocal({ inMemory: true, startTimeoutMs: TIMEOUTS.dynamoStart })
  project.provide('dynamoEndpoint', dynamo.endpoint)
  return () => dynamo.stop()
}
