import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { TIME_SCALE, TIMEOUTS } from './test/support/timing.ts'

// Three projects so the fast feedback loop needs no Java: `npm run test:unit` runs `unit` alone (pure shared/
// code and properties); `api` (storage, API, fault injection, infra) and `browser` share one DynamoDB Local.
const needsDynamo = { globalSetup: ['test/support/dynamo-global-setup.ts'] }

export default defineConfig({
  test: {
    // Every wait comes from test/support/timing.ts, scaled for this machine's load (TEST_TIME_SCALE). Tests that
    // wait longer say so themselves, with `scaled(ms)`.
    testTimeout: TIMEOUTS.test,
    // Browser tests wait on the UI with expect.poll; a login (scrypt) or a DynamoDB Local round trip on a busy
    // 2-core CI box can take longer than the default second.
    expect: { poll: { timeout: TIMEOUTS.poll } },
    hookTimeout: TIMEOUTS.hook,
    pool: 'forks',
    // Files mostly wait on DynamoDB Local, so 2 workers pay off even on 2 cores; more just
    // competes with the JVM for CPU.
    maxWorkers: Math.max(1, Math.min(4, availableParallelism())),
    env: {
      // Node 20 is our supported runtime; the SDK's "upgrade to 22 by 2027" notice is noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Measured once here, so every worker (and the processes tests start) scales its waits alike.
      TEST_TIME_SCALE: String(TIME_SCALE),
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
