import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { inject } from 'vitest'
import { startLocalServer, type LocalServer } from '../../functions/src/local/server'
import { launchChromium } from './chromium'
import { testClock } from './test-clock'

export const webDist = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'web', 'dist')

export type BrowserApp = { server: LocalServer; browser: Browser }

/**
 * What every browser test file starts from: the real local server (API + built web app) on a fresh table
 * with the demo province seeded, and Debian's Chromium. `npm test` builds the web app before vitest runs.
 * `clock`: run it all as on another date — the seed (its years), the API and every page share that clock
 * (default: XASO_TEST_DATE's, test/support/test-clock.ts, else the wall clock).
 */
export async function startBrowserApp(prefix: string, opts: { needs?: string; clock?: () => Date } = {}): Promise<BrowserApp> {
  const needed = opts.needs ?? 'index.html'
  if (!existsSync(join(webDist, needed)))
    throw new Error(`web/dist/${needed} is missing: build the web app first (npm run build), then run the browser tests.`)
  const clock = opts.clock ?? testClock
  const server = await startLocalServer({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `${prefix}-${randomUUID()}`,
    seed: true,
    webDist,
    ...(clock ? { clock } : {}),
  })
  try {
    const browser = await launchChromium()
    if (clock) pageClock(browser, clock)
    return { server, browser }
  } catch (err) {
    await server.close()
    throw err
  }
}

/**
 * Every page of `browser` on the server's clock, so a page's own "today" (deadline notices, the year that needs the
 * user) agrees with the server's: the page's Date is shifted by the clock's offset, running at real speed. Only Date:
 * Playwright's context clock also fakes `performance`, whose empty resource entries kept the page from warming the
 * service worker's cache on a first visit (offline-first.test.ts failed on any other date).
 */
function pageClock(browser: Browser, clock: () => Date): void {
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    const context = await newContext(options)
    await context.addInitScript((offset: number) => {
      const Real = Date
      class Shifted extends Real {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(Real.now() + offset)
          else super(...(args as [number]))
        }
        static override now() {
          return Real.now() + offset
        }
      }
      // Date() called without `new` gives the shifted time as a string, as the real one does.
      ;(globalThis as { Date: DateConstructor }).Date = new Proxy(Shifted, { apply: () => new Shifted().toString() }) as DateConstructor
    }, clock().getTime() - Date.now())
    return context
  }
}

export async function closeBrowserApp(app: Partial<BrowserApp>): Promise<void> {
  await app.browser?.close()
  await app.server?.close()
}
