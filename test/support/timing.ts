// The one place tests decide how long to wait. Every test, hook and poll timeout is a base figure (what an idle
// 2-core machine needs, with room) times TIME_SCALE, so a loaded machine waits longer instead of failing on a
// fixed 30 s. A timeout only decides how long a *failing* test takes to fail: a generous one costs nothing
// when the test passes. Assertions about speed (DoS inputs answered in < 2 s) are not timeouts and are not scaled.
//
// TIME_SCALE: TEST_TIME_SCALE if set (e.g. TEST_TIME_SCALE=1 on a fast idle box, 8 beside a heavy job);
// otherwise from the 1-minute load average per core when vitest starts, at least 2 because this run's own
// workers, DynamoDB Local's JVM and Chromium are not in that figure yet, and at most 6 so a hung test still ends.
// The value is put in process.env, so vitest's worker processes (forked from here) use the same one.
import { availableParallelism, loadavg } from 'node:os'

const ENV = 'TEST_TIME_SCALE'

function timeScale(): number {
  const set = process.env[ENV]
  if (set !== undefined && set !== '') {
    const n = Number(set)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${ENV} must be a positive number, got "${set}"`)
    return n
  }
  const perCore = loadavg()[0]! / availableParallelism()
  return Math.min(6, 2 * Math.max(1, perCore))
}

export const TIME_SCALE = timeScale()
process.env[ENV] = String(TIME_SCALE)

/** `ms` (what an idle machine needs, with room) scaled for this machine's load. */
export const scaled = (ms: number): number => Math.round(ms * TIME_SCALE)

/** The defaults vitest.config.ts gives every project; a test that needs longer says `{ timeout: scaled(n) }`. */
export const TIMEOUTS = {
  test: scaled(30_000),
  // Creating a table (and the JVM warming up) can take seconds on a small CI box.
  hook: scaled(60_000),
  // expect.poll: a login (scrypt) or a DynamoDB Local round trip; a lazy page's first load.
  poll: scaled(20_000),
  // Playwright actions (click, fill) waiting for their element.
  action: scaled(30_000),
  // DynamoDB Local's JVM starting.
  dynamoStart: scaled(60_000),
} as const
