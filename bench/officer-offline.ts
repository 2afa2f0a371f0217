import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { startLocalServer } from '../functions/src/local/server'
import { DEMO_YEAR } from '../functions/src/seed'
import { launchChromium } from '../test/support/chromium'
import { startThrottleProxy } from './throttle-proxy'

/*
 * Issue 9: the officer's first visit and repeat visit with the WHOLE link throttled (bench/throttle-proxy.ts:
 * 400 kbit/s each way, 400 ms RTT, for the page and its service worker alike), a 360×740 phone, logged in:
 *   time to interactive   navigation start → form rendered with its score, first box enabled
 *   time to offline-ready navigation start → a reload with no network would work: the worker controls the page,
 *                         index.html, every script and stylesheet the page loaded, and the officer's API reads
 *                         (me, years, rubric, assessment, evidence list) are all in Cache Storage
 *   bytes precached       what the worker's precache holds for an officer (uncompressed)
 *   repeat visit          a new tab in the same profile: requests that crossed the link, their statuses, bytes
 * Median of RUNS fresh profiles.
 */

const RUNS = 3
const LINK = { kbps: 400, rttMs: 400 }
export const officerOfflineConditions = `Chromium headless, 360×740 phone, whole link through bench/throttle-proxy.ts at ${LINK.kbps} kbit/s each way and ${LINK.rttMs} ms RTT (page and service worker alike), no CPU throttling, median of ${RUNS} fresh profiles`

export type OfficerOfflineResult = {
  interactiveMs: number[]
  offlineReadyMs: number[]
  firstBytes: number
  precachedBytes: number
  precachedEntries: string[]
  repeatRequests: string[]
  repeatStatuses: number[]
  repeatBytes: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const READY = `(async () => {
  if (!navigator.serviceWorker.controller) return false
  const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name)).filter((u) => u.origin === location.origin)
  const assets = loaded.filter((u) => /^\\/assets\\/.+\\.(js|css)$/.test(u.pathname)).map((u) => u.href)
  const api = ['/api/me', '/api/years', '/api/rubrics/${DEMO_YEAR}'].map((p) => location.origin + p)
  const forms = loaded.filter((u) => /^\\/api\\/communes\\/[^/]+\\/assessments\\/\\d+(\\/evidence)?$/.test(u.pathname)).map((u) => u.href)
  if (forms.length < 2) return false
  for (const url of [location.origin + '/index.html', ...assets, ...api, ...forms])
    if (!(await caches.match(url, { ignoreVary: true, ignoreSearch: url.endsWith('index.html') }))) return false
  return performance.now()
})()`

async function interactive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout: 180_000 })
  await waitInPage(page, `!!document.querySelector('[data-testid="total"]') && !!document.querySelector('#pf-population:not([disabled])')`, 180_000, 50)
  return Math.round(await page.evaluate<number>('performance.now()'))
}

async function offlineReady(page: Page): Promise<number> {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const at = await page.evaluate<number | false>(READY)
    if (at) return Math.round(at)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('never offline-ready')
}

async function precached(page: Page): Promise<{ bytes: number; entries: string[] }> {
  return page.evaluate<{ bytes: number; entries: string[] }>(`(async () => {
    let bytes = 0
    const entries = []
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue
      const cache = await caches.open(name)
      for (const req of await cache.keys()) {
        bytes += (await (await cache.match(req)).arrayBuffer()).byteLength
        entries.push(new URL(req.url).pathname)
      }
    }
    return { bytes, entries }
  })()`)
}

/**
 * Waits until `expression` is truthy in the page. page.waitForFunction with a string evaluates it through eval
 * inside the page, which the app's CSP (script-src 'self') refuses; page.evaluate goes through DevTools instead.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs: number, intervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate<unknown>(expression))) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

export async function loggedIn(context: BrowserContext, base: string) {
  // Logged in as the app would be (token in localStorage and/or a session cookie, whichever the API gives).
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'canbo.sontan', password: 'xaso-demo-2025' }),
  })
  if (!res.ok) throw new Error(`bench login failed: ${res.status}`)
  const session = (await res.json()) as { user: { orgUnitId: string } }
  await context.addInitScript(`localStorage.setItem('xaso:session', ${JSON.stringify(JSON.stringify(session))})`)
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';')
    const eq = pair!.indexOf('=')
    return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), url: base }
  })
  if (cookies.length) await context.addCookies(cookies)
  return `${base}/#/communes/${encodeURIComponent(session.user.orgUnitId)}/${DEMO_YEAR}`
}

export async function benchOfficerOffline(webDist = 'web/dist'): Promise<OfficerOfflineResult> {
  const dynamo = await startDynamoLocal({ inMemory: true })
  const server = await startLocalServer({ port: 0, dynamoEndpoint: dynamo.endpoint, tableName: `officer-offline-${randomUUID()}`, seed: true, webDist })
  const browser = await launchChromium()
  const out: OfficerOfflineResult = {
    interactiveMs: [],
    offlineReadyMs: [],
    firstBytes: 0,
    precachedBytes: 0,
    precachedEntries: [],
    repeatRequests: [],
    repeatStatuses: [],
    repeatBytes: 0,
  }
  try {
    for (let i = 0; i < RUNS; i++) {
      // A fresh link each run: its counters are this profile's traffic only.
      const proxy = await startThrottleProxy(server.url, LINK)
      try {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
        const url = await loggedIn(context, proxy.url)
        const p1 = await context.newPage()
        out.interactiveMs.push(await interactive(p1, url))
        out.offlineReadyMs.push(await offlineReady(p1))
        const pc = await precached(p1)
        out.precachedBytes = pc.bytes
        out.precachedEntries = pc.entries
        // Let late background reads finish before counting the repeat visit's traffic.
        await new Promise((r) => setTimeout(r, 3_000))
        out.firstBytes = proxy.bytes().down + proxy.bytes().up
        await p1.close()
        const before = { bytes: proxy.bytes(), requests: proxy.requests().length, statuses: proxy.statuses().length }
        const p2 = await context.newPage()
        await interactive(p2, url)
        await new Promise((r) => setTimeout(r, 3_000))
        const after = proxy.bytes()
        out.repeatBytes = after.down + after.up - before.bytes.down - before.bytes.up
        out.repeatRequests = proxy.requests().slice(before.requests)
        out.repeatStatuses = proxy.statuses().slice(before.statuses)
        await context.close()
      } finally {
        await proxy.close()
      }
    }
    return out
  } finally {
    await browser.close()
    await server.close()
    await dynamo.stop()
  }
}

export function officerOfflineRows(r: OfficerOfflineResult): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  const statusCount = (s: number) => r.repeatStatuses.filter((x) => x === s).length
  return [
    `| officer first visit, time to interactive (whole link 400 kbit/s, 400 ms RTT) | ${(median(r.interactiveMs) / 1000).toFixed(2)} s (${r.interactiveMs.join(', ')} ms) |`,
    `| officer first visit, time until offline-ready (same link) | ${(median(r.offlineReadyMs) / 1000).toFixed(2)} s (${r.offlineReadyMs.join(', ')} ms) |`,
    `| officer first visit, bytes over the link (both ways) | ${kb(r.firstBytes)} |`,
    `| bytes precached for an officer (uncompressed, ${r.precachedEntries.length} entries) | ${kb(r.precachedBytes)} |`,
    `| officer repeat visit: requests over the link | ${r.repeatRequests.length} (${statusCount(200)} × 200, ${statusCount(304)} × 304) |`,
    `| officer repeat visit: bytes over the link (both ways) | ${kb(r.repeatBytes)} |`,
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchOfficerOffline().then(
    (r) => {
      console.log(officerOfflineConditions)
      for (const line of officerOfflineRows(r)) console.log(line)
      console.log('precached:', r.precachedEntries.join(' '))
      console.log('repeat requests:', r.repeatRequests.join(' | '), r.repeatStatuses.join(','))
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
