// Offline-first officer app (issue 5) in a real browser: the built web app with its service worker, served by the
// local server against DynamoDB Local. Offline is the browser context's own switch (context.setOffline) plus a
// router that refuses every request (test/support/offline.ts says why).
import { testNow } from '../support/test-clock'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRubric, demoYears } from '../../functions/src/seed'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { goOffline, goOnline } from '../support/offline'
import { scaled } from '../support/timing'
import { typedFactAfter } from '../support/demo-form'
import { poll } from '../support/poll'

// The demo's round, read from the clock (2025 during 2026).
const YEAR = demoYears(testNow()).round
const PASSWORD = 'xaso-demo-2025'
const rubric = demoRubric(YEAR)
const indicators = rubric.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).filter((i) => i.input.kind !== 'roster')
// A profile fact the officer types besides population and households (the villages; a roster-keeping rubric
// computes those, so the officials): the field device A changes that device B did not.
const OTHER_FACT = typedFactAfter(rubric)
// Two yes/no indicators, one per device (A1.3 and A1.4 in the shipped rubrics).
const [YES_B, YES_A] = indicators.filter((i) => i.input.kind === 'boolean').map((i) => i.id) as [string, string]

let server: LocalServer
let browser: Browser

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`)
const sync = (page: Page, key: string) => page.locator(`[data-testid="sync-${key}"]`)
const communeOf = (page: Page) => decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await poll(() => page.getByTestId('total').count()).toBe(1)
}

/** The service worker controls the page and holds the API reads the page needs to start offline. */
async function offlineReady(page: Page) {
  await poll(() => page.evaluate<boolean>('!!navigator.serviceWorker.controller'), 20_000).toBe(true)
  await poll(
    () =>
      page.evaluate<string[]>(
        `caches.open('xaso-api').then((c) => c.keys()).then((ks) => ks.map((r) => new URL(r.url).pathname))`,
      ),
    20_000,
  ).toEqual(expect.arrayContaining(['/api/me', `/api/rubrics/${YEAR}`, expect.stringMatching(new RegExp(`^/api/communes/.+/assessments/${YEAR}$`))]))
}

// Ten indicators that need no profile facts: a count, yes/no or a choice.
const TEN = indicators.filter((i) => i.input.kind !== 'ratio').slice(0, 10)
async function answer(page: Page, ind: (typeof indicators)[number], n: number) {
  if (ind.input.kind === 'count') await byId(page, `in-${ind.id}`).fill(String(n))
  else await byId(page, `in-${ind.id}`).check()
}
async function expectAnswered(page: Page, ind: (typeof indicators)[number], n: number) {
  if (ind.input.kind === 'count') await poll(() => byId(page, `in-${ind.id}`).inputValue()).toBe(String(n))
  else await poll(() => byId(page, `in-${ind.id}`).isChecked()).toBe(true)
}

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('offline', { needs: 'sw.js' }))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('offline-first officer app', () => {
  it('answers 10 indicators offline, keeps them across a reload, sends them once online', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await login(page, 'canbo.sontan')
    const communeId = communeOf(page)
    await offlineReady(page)
    const manifest = await page.evaluate<string | null>(`document.querySelector('link[rel=manifest]')?.getAttribute('href') ?? null`)
    expect(manifest).toBe('/manifest.webmanifest')

    await goOffline(context)
    for (const [n, ind] of TEN.entries()) await answer(page, ind, n + 1)
    // Each one is on the device; sending fails for want of a network, and says so.
    for (const ind of TEN) await poll(() => sync(page, `answers.${ind.id}`).getAttribute('data-phase')).toMatch(/local|failed/)
    await poll(() => sync(page, `answers.${TEN[0]!.id}`).innerText()).toBe('Đã lưu trên máy')
    expect(await server.store.assessments.get(communeId, YEAR)).toBeUndefined()
    await page.screenshot({ path: '/tmp/xaso-offline-pending.png', fullPage: false })

    // Reload while offline: the shell comes from the service worker, the answers from IndexedDB.
    await page.reload()
    await poll(() => page.getByTestId('total').count()).toBe(1)
    for (const [n, ind] of TEN.entries()) await expectAnswered(page, ind, n + 1)
    expect(await server.store.assessments.get(communeId, YEAR)).toBeUndefined()

    // Back online: the outbox sends them by itself.
    await goOnline(context)
    await poll(async () => Object.keys((await server.store.assessments.get(communeId, YEAR))?.answers ?? {}).sort(), 30_000).toEqual(
      TEN.map((i) => i.id).sort(),
    )
    const stored = (await server.store.assessments.get(communeId, YEAR))!
    for (const [n, ind] of TEN.entries())
      expect(stored.answers[ind.id]).toEqual(ind.input.kind === 'count' ? { count: n + 1 } : expect.any(Object))
    for (const ind of TEN) await poll(() => sync(page, `answers.${ind.id}`).getAttribute('data-phase')).toBe('server')
    expect(await sync(page, `answers.${TEN[0]!.id}`).innerText()).toBe('Đã lên máy chủ')
    expect(await page.evaluate<number>(`new Promise((r) => indexedDB.open('xaso').onsuccess = (e) => {
      const q = e.target.result.transaction('outbox').objectStore('outbox').count(); q.onsuccess = () => r(q.result) })`)).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('two devices edit the same commune: the colliding field is offered, the others merge', { timeout: scaled(120_000) }, async () => {
    const a = await browser.newContext({ viewport: { width: 1024, height: 900 } })
    const b = await browser.newContext({ viewport: { width: 1024, height: 900 } })
    const pa = await a.newPage()
    const pb = await b.newPage()
    await login(pa, 'canbo.anvinh')
    await login(pb, 'canbo.anvinh')
    const communeId = communeOf(pa)
    await offlineReady(pb)

    // Device B loses the network and keeps working: population, households and a yes/no indicator.
    await goOffline(b)
    await byId(pb, 'pf-population').fill('3200')
    await byId(pb, 'pf-households').fill('800')
    await byId(pb, `in-${YES_B}`).check()
    await poll(() => sync(pb, 'profile.population').getAttribute('data-phase')).toMatch(/local|failed/)

    // Device A, online, saves population (the same field), another fact and another yes/no (others).
    await byId(pa, 'pf-population').fill('3300')
    await byId(pa, `pf-${OTHER_FACT}`).fill('7')
    await byId(pa, `in-${YES_A}`).check()
    await poll(async () => (await server.store.assessments.get(communeId, YEAR))?.profile[OTHER_FACT]).toBe(7)
    await poll(async () => (await server.store.assessments.get(communeId, YEAR))?.profile.population).toBe(3300)

    // B comes back: only population is asked about, with both values.
    await goOnline(b)
    const dialog = pb.getByRole('dialog', { name: 'Bản đánh giá đã được sửa ở nơi khác' })
    await poll(() => dialog.isVisible(), 30_000).toBe(true)
    const text = await dialog.innerText()
    expect(text).toContain('3.300')
    expect(text).toContain('3.200')
    expect(text).not.toContain('800')
    await pb.screenshot({ path: '/tmp/xaso-offline-conflict.png' })
    // A's other fields are already merged into B's form while it asks.
    expect(await byId(pb, `pf-${OTHER_FACT}`).inputValue()).toBe('7')
    expect(await byId(pb, `in-${YES_A}`).isChecked()).toBe(true)
    await dialog.getByLabel(/Của bạn/).check()
    await dialog.getByRole('button', { name: 'Lưu lựa chọn' }).click()

    await poll(async () => {
      const s = await server.store.assessments.get(communeId, YEAR)
      return { population: s?.profile.population, households: s?.profile.households, other: s?.profile[OTHER_FACT], yesB: s?.answers[YES_B], yesA: s?.answers[YES_A] }
    }, 30_000).toEqual({ population: 3200, households: 800, other: 7, yesB: { yes: true }, yesA: { yes: true } })
    await a.close()
    await b.close()
  })

  it('reports a corrupted IndexedDB record, skips it, and keeps working; migrates the old localStorage outbox', { timeout: scaled(90_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await login(page, 'canbo.anvinh')
    const communeId = communeOf(page)
    const before = (await server.store.assessments.get(communeId, YEAR))!

    // A damaged outbox record (a yes/no answer that is a string) and one from the localStorage outbox of earlier versions.
    await page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('xaso')
      open.onerror = reject
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readwrite')
        tx.objectStore('outbox').put({ communeId: ${JSON.stringify(communeId)}, year: ${YEAR}, key: 'answers.A2.1', value: { yes: 'banana' }, base: null, at: 0 })
        tx.oncomplete = resolve
        tx.onerror = reject
      }
    })`)
    await page.evaluate(
      `localStorage.setItem(${JSON.stringify(`xaso:outbox:${communeId}:${YEAR}`)}, JSON.stringify({ baseVersion: ${before.version}, changes: { 'profile.officials': { value: 17, base: null } } }))`,
    )
    await page.reload()
    await poll(() => page.getByTestId('corrupt-notice').innerText()).toContain('(A2.1)')
    await page.screenshot({ path: '/tmp/xaso-offline-corrupt.png' })
    // The migrated edit is shown and sent; the damaged one never is.
    await poll(() => byId(page, 'pf-officials').inputValue()).toBe('17')
    await poll(async () => (await server.store.assessments.get(communeId, YEAR))?.profile.officials).toBe(17)
    expect((await server.store.assessments.get(communeId, YEAR))?.answers['A2.1']).toBeUndefined()
    expect(await page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(`xaso:outbox:${communeId}:${YEAR}`)})`)).toBeNull()
    // Still usable.
    await byId(page, 'in-A2.1').check()
    await poll(async () => (await server.store.assessments.get(communeId, YEAR))?.answers['A2.1']).toEqual({ yes: true })
    // Reported once: the record was moved aside.
    await page.reload()
    await poll(() => page.getByTestId('total').count()).toBe(1)
    expect(await page.getByTestId('corrupt-notice').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('logging out forgets the cached API reads and offline copies, so a shared phone never serves them to the next user', { timeout: scaled(90_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    await login(page, 'canbo.sontan')
    await offlineReady(page)
    expect(await page.evaluate<number>(`new Promise((resolve) => {
      const open = indexedDB.open('xaso')
      open.onsuccess = () => { const r = open.result.transaction('snapshots').objectStore('snapshots').count(); r.onsuccess = () => resolve(r.result) }
    })`)).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Đăng xuất' }).click()
    await poll(() => page.evaluate<boolean>(`caches.has('xaso-api')`)).toBe(false)
    await poll(() =>
      page.evaluate<number>(`new Promise((resolve) => {
        const open = indexedDB.open('xaso')
        open.onsuccess = () => { const r = open.result.transaction('snapshots').objectStore('snapshots').count(); r.onsuccess = () => resolve(r.result) }
      })`),
    ).toBe(0)
    await context.close()
  })
})

