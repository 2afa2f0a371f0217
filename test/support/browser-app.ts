import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { inject } from 'vitest'
import { startLocalServer, type LocalServer } from '../../functions/src/local/server'
import { launchChromium } from './chromium'

export const webDist = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'web', 'dist')

export type BrowserApp = { server: LocalServer; browser: Browser }

/**
 * What every browser test file starts from: the real local server (API + built web app) on a fresh table
 * with the demo province seeded, and Debian's Chromium. `npm test` builds the web app before vitest runs.
 */
export async function startBrowserApp(prefix: string, opts: { needs?: string; clock?: () => Date } = {}): Promise<BrowserApp> {
  const needed = opts.needs ?? 'index.html'
  if (!existsSync(join(webDist, needed)))
    throw new Error(`web/dist/${needed} is missing: build the web app first (npm run build), then run the browser tests.`)
  const server = await startLocalServer({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `${prefix}-${randomUUID()}`,
    seed: true,
    webDist,
    ...(opts.clock ? { clock: opts.clock } : {}),
  })
  try {
    return { server, browser: await launchChromium() }
  } catch (err) {
    await server.close()
    throw err
  }
}

export async function closeBrowserApp(app: Partial<BrowserApp>): Promise<void> {
  await app.browser?.close()
  await app.server?.close()
}
