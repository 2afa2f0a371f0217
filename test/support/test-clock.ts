// The browser tests' clock. By default the wall clock; `XASO_TEST_DATE=2031-01-02T09:30:00Z npx vitest run
// test/browser/x.test.ts` runs a file as on that date: startBrowserApp puts the seed, the API and every page on a
// clock starting there (and running at real speed), and the tests read their years and deadlines from testNow().
const start = process.env.XASO_TEST_DATE

/** A clock that starts at `at` and runs with real time, so stamps still order within a run. */
export function clockFrom(at: Date): () => Date {
  if (Number.isNaN(at.getTime())) throw new Error(`not a date: ${String(at)}`)
  const offset = at.getTime() - Date.now()
  return () => new Date(Date.now() + offset)
}

export const testClock: (() => Date) | undefined = start ? clockFrom(new Date(start)) : undefined

export const testNow = (): Date => (testClock ? testClock() : new Date())
