// Issue 9, problem 6: offline from the first visit, on a phone on throttled 3G. The whole link (page and service
// worker alike) goes through bench/throttle-proxy.ts at 400 kbit/s and 400 ms RTT; CDP throttling would not
// slow the worker's own fetches. Stored values are read back through the API.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startThrottleProxy, type ThrottleProxy } from '../../bench/throttle-proxy'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp, webDist } from '../support/browser-app'
import { goOffline, goOnline } from '../support/offline'
import { flatPng } from '../support/png'
import { PHONE, YEAR, byId, communeOf, login, poll, readBack, saveStatus } from '../support/officer-page'
import { demoRubric } from '../../functions/src/seed/demo-years'
import { typedFactAfter } from '../support/demo-form'
import { scaled } from '../support/timing'

// A profile fact the officer types: the villages, or the officials where the round's rubric computes the villages.
const FACT = typedFactAfter(demoRubric(YEAR))

let server: LocalServer
let browser: Browser
let proxy: ThrottleProxy

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('offline-first', { needs: 'sw.js' }))
})
// A link of its own for each test, as each is a phone of its own.
beforeEach(async () => {
  proxy = await startThrottleProxy(server.url, { kbps: 400, rttMs: 400 })
})
afterEach(() => proxy.close())
afterAll(() => closeBrowserApp({ server, browser }))

describe('offline from the first visit on throttled 3G', () => {
  it('goes offline 2 s after the form first appears: reload offline works, edits wait calmly, then reach the server', { timeout: scaled(300_000) }, async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await login(page, proxy.url, 'canbo.sontan')
    const communeId = communeOf(page)
    // The form is shown: two seconds later the phone loses its network (the issue: it needed ~10 s).
    await page.waitForTimeout(2_000)
    // What was precached is the officer's shell: no reviewer, admin or dashboard chunk.
    const precached = await page.evaluate<string[]>(
      `caches.keys().then((names) => Promise.all(names.filter((n) => n.includes('precache')).map((n) => caches.open(n).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
    )
    expect(precached).toContain('/index.html')
    expect(precached.filter((p) => /dashboard|admin|review|units-page|accounts|years-page|exports|queue-page|decisions/.test(p))).toEqual([])
    // …and all of the first load: every script and stylesheet index.html references is in the precache.
    const html = readFileSync(join(webDist, 'index.html'), 'utf8')
    const firstLoad = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
    expect(firstLoad.length).toBeGreaterThan(1)
    expect(firstLoad.filter((asset) => !precached.includes(asset))).toEqual([])
    await goOffline(context)
    await page.reload()
    await poll(() => page.getByTestId('total').count(), 60_000).toBe(1)

    // Edits offline: one calm state that counts them, no error per field, no evidence error per indicator.
    await byId(page, 'in-A1.2').fill('3')
    await byId(page, 'in-A1.3').check()
    await byId(page, `pf-${FACT}`).fill('9')
    await poll(() => saveStatus(page)).toMatch(/^3 thay đổi đang chờ gửi/)
    for (const key of ['answers.A1.2', 'answers.A1.3', `profile.${FACT}`])
      expect(await page.getByTestId(`sync-${key}`).getAttribute('data-phase')).toBe('local')
    const body = await page.locator('body').innerText()
    expect(body).not.toContain('Gửi thất bại')
    expect(body).not.toContain('Không tải được danh sách minh chứng')
    await page.screenshot({ path: '/tmp/xaso-offline-first.png' })

    // Back online (still on 3G): everything typed offline is stored.
    await goOnline(context)
    await poll(() => saveStatus(page), 60_000).toBe('Đã lưu')
    const stored = await readBack(server.url, 'canbo.sontan', communeId)
    expect(stored.answers['A1.2']).toEqual({ count: 3 })
    expect(stored.answers['A1.3']).toEqual({ yes: true })
    expect(stored.profile[FACT]).toBe(9)
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps uploaded evidence listed offline, with its thumbnail from the device', { timeout: scaled(300_000) }, async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    await login(page, proxy.url, 'canbo.anvinh')
    const box = page.getByTestId('evidence-A1.1')
    await page.locator('[id="evf-A1.1"]').setInputFiles({ name: 'Biên bản.png', mimeType: 'image/png', buffer: flatPng(64, 48) })
    await poll(() => box.getByTestId('ev-stored').count(), 120_000).toBe(1)
    // This test is about the list, not the timing (the first test is): wait until the worker is in control.
    await poll(() => page.evaluate<boolean>('!!navigator.serviceWorker.controller'), 60_000).toBe(true)

    await goOffline(context)
    await page.reload()
    await poll(() => page.getByTestId('total').count(), 60_000).toBe(1)
    await poll(() => box.getByTestId('ev-stored').count()).toBe(1)
    expect(await box.innerText()).toContain('Biên bản')
    // The thumbnail is the device's copy (a blob: URL), not the server's link.
    await poll(() => box.locator('img.ev-thumb').getAttribute('src')).toMatch(/^blob:/)
    expect(await page.locator('body').innerText()).not.toContain('Không tải được danh sách minh chứng')
    await goOnline(context)
    await context.close()
  })
})
