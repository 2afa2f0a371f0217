// The browser's login lives in an HttpOnly cookie: page script (and so an injected script) never sees the token,
// and logging out ends the session on the server, not only in the tab.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../functions/src/seed'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('session'))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('the session cookie in a real browser', () => {
  it('keeps the token out of page script and storage; logout revokes it on the server', { timeout: scaled(120_000) }, async () => {
    const officer = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill(officer.username)
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await expect.poll(() => page.getByRole('button', { name: /Đăng xuất/ }).count(), { timeout: scaled(60_000) }).toBeGreaterThan(0)

    const cookie = (await context.cookies(`${server.url}/api/me`)).find((c) => c.name === 'xaso_session')
    expect(cookie).toBeTruthy()
    expect(cookie!.httpOnly).toBe(true)
    expect(cookie!.sameSite).toBe('Strict')
    expect(cookie!.path).toBe('/api')
    // Nothing that page script can read holds the token.
    expect(await page.evaluate('document.cookie')).not.toContain(cookie!.value)
    const stored = (await page.evaluate('JSON.stringify(Object.assign({}, localStorage))')) as string
    expect(stored).not.toContain(cookie!.value)
    expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/) // no JWT of any login
    // The app works on the cookie alone (its API reads carry no Authorization header).
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: `xaso_session=${cookie!.value}` } })
    expect(me.status).toBe(200)

    await page.getByRole('button', { name: /Đăng xuất/ }).first().click()
    await expect.poll(() => page.getByLabel('Tên đăng nhập').count()).toBe(1)
    // The copied cookie is dead on the server, not only forgotten by the browser.
    await expect.poll(async () => (await fetch(`${server.url}/api/me`, { headers: { cookie: `xaso_session=${cookie!.value}` } })).status).toBe(401)
    expect((await context.cookies(`${server.url}/api/me`)).find((c) => c.name === 'xaso_session')).toBeUndefined()
    await context.close()
  })
})
