// The app under its own Content-Security-Policy (script-src 'self', style-src 'self', frame-ancestors 'none'):
// every screen an officer and an administrator open runs without one violation, and no other site can frame it.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../functions/src/seed'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('csp'))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
  const page = await context.newPage()
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  // As a string: the test's own compiler has no DOM types.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp ??= []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber)
    })`,
  })
  return { page, violations }
}

const seen = async (page: Page, violations: string[]) => [...violations, ...((await page.evaluate('window.__csp ?? []')) as string[])]

async function logIn(page: Page, role: 'officer' | 'admin') {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(account.username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect.poll(() => page.getByRole('button', { name: /Đăng xuất/ }).count(), { timeout: scaled(60_000) }).toBeGreaterThan(0)
  return account
}

describe('the app under its CSP', () => {
  it('an officer’s assessment and an administrator’s dashboard run without a CSP violation', { timeout: scaled(180_000) }, async () => {
    const officer = await watchedPage()
    const account = await logIn(officer.page, 'officer')
    // The year the demo opened (read from the seed's clock), not today's: today's year has no rubric and the form
    // never rendered.
    await officer.page.goto(`${server.url}/#/communes/${account.orgUnitId}/${server.seeded!.years.round}`)
    await officer.page.waitForLoadState('networkidle')
    await expect.poll(() => officer.page.locator('main').count()).toBeGreaterThan(0)
    expect(await seen(officer.page, officer.violations)).toEqual([])

    const admin = await watchedPage()
    await logIn(admin.page, 'admin')
    for (const hash of ['#/dashboard', '#/admin/accounts', '#/admin/years', '#/exports']) {
      await admin.page.goto(`${server.url}/${hash}`)
      await admin.page.waitForLoadState('networkidle')
    }
    expect(await seen(admin.page, admin.violations)).toEqual([])
  })

  it('refuses to be framed by another site (clickjacking)', { timeout: scaled(60_000) }, async () => {
    const { page, violations } = await watchedPage()
    // Another origin (about:blank → a data: page) frames the app.
    await page.setContent(`<iframe id="f" src="${server.url}/" width="360" height="600"></iframe>`)
    await expect.poll(() => violations.some((v) => /frame-ancestors/.test(v)), { timeout: scaled(30_000) }).toBe(true)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(await frame?.locator('#root').count().catch(() => 0)).toBeFalsy()
  })
})
