import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Three projects so the fast feedback loop needs no Java: `npm run test:unit` runs `unit` alone (pure shared/
// code and properties); `api` (storage, API, fault injection, infra) and `browser` share one DynamoDB Local.
const needsDynamo = { globalSetup: ['test/support/dynamo-global-setup.ts'] }

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/{api,storage,fault,infra}/**/*.test.ts'],
          ...needsDynamo,
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], ...needsDynamo } },
    ],
  },
})
