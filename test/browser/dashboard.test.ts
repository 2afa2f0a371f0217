// The dashboard in a real browser on a 360 px phone: the demo province's numbers (kept by the seed's saves) as
// tiles, charts drawn on canvases with their numbers in tables, the admin's unit picker, a reviewer's own unit.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { DEMO_STATES } from '../../functions/src/seed/demo-review'
import { demoYears } from '../../functions/src/seed/demo-years'
import { testNow } from '../support/test-clock'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'

// The demo's round on the tests' clock (2025 during 2026; XASO_TEST_DATE moves it), as the seed chose it.
const DEMO_YEAR = demoYears(testNow()).round

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('dashboard'))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.getByRole('link', { name: 'Tổng hợp' }).click()
  await expect.poll(() => page.getByTestId('dashboard').count()).toBe(1)
}

const tile = (page: Page, status: string) => page.locator(`.dash-tile[data-status="${status}"] .dash-tile-num`).innerText()

describe('#/dashboard', () => {
  it('administrator on a phone: the province’s numbers, charts with tables, then one review unit', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    await login(page, 'quantri.quangngai')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tổng hợp kết quả đánh giá')

    // The seed walked each demo commune through the workflow (DEMO_STATES) with the API's own use cases.
    const expected = Object.values(DEMO_STATES).reduce<Record<string, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})
    for (const [status, n] of Object.entries(expected)) expect(await tile(page, status), status).toBe(String(n))
    const province = (await server.store.orgUnits.listChildren('qng')).filter((u) => u.kind !== 'commune')
    let communes = 0
    for (const u of province) communes += (await server.store.orgUnits.listChildren(u.id)).filter((c) => c.kind === 'commune' && !c.retired).length
    const started = Object.values(DEMO_STATES).length
    expect(await tile(page, 'not_started')).toBe(String(communes - started))

    // Charts are drawn (a canvas with pixels) and labelled; their numbers are in tables.
    const scores = page.getByTestId('chart-scores')
    await expect.poll(() => scores.evaluate((c) => (c as unknown as { width: number }).width)).toBeGreaterThan(0)
    expect(await scores.getAttribute('role')).toBe('img')
    expect(await scores.getAttribute('aria-label')).toMatch(/Biểu đồ cột/)
    await page.getByText('Xem số liệu').click()
    const scored = Object.values(DEMO_STATES).filter((s) => s !== 'draft' && s !== 'returned').length
    const counts = await page.getByTestId('table-scores').locator('tbody td').allInnerTexts()
    expect(counts).toHaveLength(10)
    expect(counts.reduce((a, b) => a + Number(b), 0)).toBe(scored)
    expect(await page.getByTestId('table-pillars').locator('tbody tr').count()).toBe(4)
    expect(await page.getByTestId('table-failed').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('table-units').innerText()).toContain('Sơn Tây')

    // Nothing wider than the phone.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    // The unit picker opens one review unit.
    const sonTay = province.find((u) => u.name === 'Sơn Tây')!
    await page.getByTestId('dash-unit').selectOption(sonTay.id)
    await expect.poll(() => page.url()).toContain(`#/dashboard/${sonTay.id}`)
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Sơn Tây')
    expect(await page.getByTestId('table-units').count()).toBe(0)
    expect(await tile(page, 'recognised')).toBe(String(expected.recognised ?? 0))

    // English.
    await page.getByRole('button', { name: /English/ }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Assessment dashboard')
    expect(await page.getByRole('heading', { name: 'Score distribution' }).count()).toBe(1)
    await context.close()
  })

  it('reviewer: their own unit, no picker', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await login(page, 'thamdinh.sontay')
    expect(await page.getByTestId('dash-unit').count()).toBe(0)
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Sơn Tây')
    expect(await tile(page, 'submitted')).toBe(String(Object.values(DEMO_STATES).filter((s) => s === 'submitted').length))
    // On the demo's round, the one the seed walked through the workflow.
    expect(await page.getByTestId('year-picker').inputValue()).toBe(String(DEMO_YEAR))
    await context.close()
  })
})
