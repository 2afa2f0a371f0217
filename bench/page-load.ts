import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { startLocalServer } from '../functions/src/local/server'
import { launchChromium } from '../test/support/chromium'
import { loggedIn, waitInPage } from './officer-offline'

/*
 * Time to interactive of the officer's assessment page in headless Chromium on a throttled "3G" link (DevTools
 * protocol: Network.emulateNetworkConditions 400 kbit/s down and up, 400 ms RTT; CPU 4× slower), as a logged-in
 * officer opening their commune's form:
 *   first visit   empty HTTP cache, no service worker
 *   repeat visit  same browser profile: app shell from the service worker's precache, API reads NetworkFirst
 *   offline       same profile, no network at all (context.setOffline): everything from the device
 * "Interactive" = the form is rendered with its score and the first input enabled (the officer can type), read as
 * performance.now() in the page, i.e. from the start of navigation. Median of RUNS runs each.
 */

export type PageLoadRun = { label: string; ms: number[]; median: number; transferredKb?: number }

const RUNS = 3
const THROTTLE = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 }
const CPU_SLOWDOWN = 4

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function throttle(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', THROTTLE)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
  let bytes = 0
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength))
  return { transferred: () => bytes }
}

async function interactive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 })
  await waitInPage(page, `!!document.querySelector('[data-testid="total"]') && !!document.querySelector('#pf-population:not([disabled])')`, 120_000, 50)
  return Math.round(await page.evaluate<number>('performance.now()'))
}

export async function benchPageLoad(webDist = 'web/dist'): Promise<PageLoadRun[]> {
  const dynamo = await startDynamoLocal({ inMemory: true })
  const server = await startLocalServer({ port: 0, dynamoEndpoint: dynamo.endpoint, tableName: `pageload-${randomUUID()}`, seed: true, webDist })
  const browser = await launchChromium()
  try {
    const first: number[] = []
    const repeat: number[] = []
    const offline: number[] = []
    let firstKb = 0
    let repeatKb = 0
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 412, height: 860 }, isMobile: true, hasTouch: true })
      const url = await loggedIn(context, server.url)
      const p1 = await context.newPage()
      const t1 = await throttle(context, p1)
      first.push(await interactive(p1, url))
      firstKb = t1.transferred() / 1024
      // Let the service worker install, take over and cache the API reads (unthrottled wait, not measured).
      await waitInPage(p1, '!!navigator.serviceWorker.controller', 120_000, 100)
      await waitInPage(p1, `caches.open('xaso-api').then((c) => c.keys()).then((k) => k.length >= 3)`, 120_000, 250)
      await p1.close()
      const p2 = await context.newPage()
      const t2 = await throttle(context, p2)
      repeat.push(await interactive(p2, url))
      repeatKb = t2.transferred() / 1024
      await p2.close()
      await context.setOffline(true)
      const p3 = await context.newPage()
      await throttle(context, p3)
      offline.push(await interactive(p3, url))
      await context.close()
    }
    return [
      { label: 'first visit (empty cache)', ms: first, median: median(first), transferredKb: firstKb },
      { label: 'repeat visit (service worker)', ms: repeat, median: median(repeat), transferredKb: repeatKb },
      { label: 'repeat visit, no network', ms: offline, median: median(offline) },
    ]
  } finally {
    await browser.close()
    await server.close()
    await dynamo.stop()
  }
}

export const pageLoadConditions = `Chromium headless, 412×860 mobile viewport, ${THROTTLE.downloadThroughput * 8 / 1000} kbit/s down/up, ${THROTTLE.latency} ms RTT (DevTools Network.emulateNetworkConditions), CPU ${CPU_SLOWDOWN}× slower, median of ${RUNS}`

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchPageLoad().then(
    (runs) => {
      console.log(pageLoadConditions)
      for (const r of runs) console.log(`${r.label}: median ${r.median} ms (${r.ms.join(', ')})${r.transferredKb !== undefined ? `, ${r.transferredKb.toFixed(1)} KB transferred` : ''}`)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
