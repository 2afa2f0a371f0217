import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One in-memory DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/dynamo-global-setup.ts'],
    testTimeout: 30_000,
    // Browser tests wait on the UI with expect.poll; a login (scrypt) or a DynamoDB Local round trip on a busy
    // 2-core CI box can take longer than the default second. Tests that wait longer still say so themselves.
    expect: { poll: { timeout: 10_000 } },
    // Creating a table (and the JVM warming up) can take seconds on a small CI box.
    hookTimeout: 60_000,
    pool: 'forks',
    // Files mostly wait on DynamoDB Local, so 2 workers pay off even on 2 cores; more just
    // competes with the JVM for CPU.
    maxWorkers: Math.max(1, Math.min(4, availableParallelism())),
    env: {
      // Node 20 is our supported runtime; the SDK's "upgrade to 22 by 2027" notice is noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
})
