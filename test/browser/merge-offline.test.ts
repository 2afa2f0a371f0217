// An officer types offline on a phone (360×740) while the province merges their commune into another: the edits can
// no longer reach the merged-away commune, and the officer, logging in again, lands on the new commune's form. The
// values typed must not be lost: that form shows them (from this device's outbox), never puts them in by itself
// (the merged commune's figures are totals), and the device forgets them only when the officer says so. Read back
// from the server and from the device's IndexedDB at each step.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRubric, demoYears } from '../../functions/src/seed'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { goOffline, goOnline } from '../support/offline'
import { poll } from '../support/poll'
import { testNow } from '../support/test-clock'
import { scaled } from '../support/timing'

const YEAR = demoYears(testNow()).round
const PASSWORD = 'xaso-demo-2025'
const SON_TAY = 'qng-son-tay'
const FROM = 'qng-son-tan'
const LY_SON = 'qng-ly-son'
const AN_VINH = 'qng-an-vinh'
// A count indicator: the officer types a number into it.
const COUNT = demoRubric(YEAR)
  .pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators))
  .find((i) => i.input.kind === 'count')!

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('merge-offline', { needs: 'sw.js' }))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function login(page: Page, username: string) {
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** The unsent records this device holds for a commune's assessment of the year (IndexedDB `outbox`), read in the page. */
const unsentOnDevice = (page: Page, communeId: string) =>
  page.evaluate<{ key: string; value: unknown }[]>(`new Promise((resolve, reject) => {
    const open = indexedDB.open('xaso')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const range = IDBKeyRange.bound([${JSON.stringify(communeId)}, ${YEAR}, ''], [${JSON.stringify(communeId)}, ${YEAR}, '\\uffff'])
      const q = open.result.transaction('outbox').objectStore('outbox').getAll(range)
      q.onsuccess = () => resolve(q.result.map((r) => ({ key: r.key, value: r.value })))
      q.onerror = () => reject(q.error)
    }
  })`)

async function adminToken(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'quantri.quangngai', password: PASSWORD }) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

/** A phone (360×740) signed in as this officer, on their commune's form, with the service worker in control. */
async function officerOnPhone(username: string, communeId: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(server.url)
  await login(page, username)
  await poll(() => page.getByTestId('total').count()).toBe(1)
  expect(decodeURIComponent(page.url())).toContain(`/communes/${communeId}/`)
  await poll(() => page.evaluate<boolean>('!!navigator.serviceWorker.controller'), 20_000).toBe(true)
  return { context, page, errors }
}

/** Offline in the mountains: the count is typed and waits on the device. */
async function typeOffline(context: BrowserContext, page: Page, count: string) {
  await goOffline(context)
  await page.locator(`[id="in-${COUNT.id}"]`).fill(count)
  await poll(() => page.locator(`[data-testid="sync-answers.${COUNT.id}"]`).getAttribute('data-phase')).toMatch(/local|failed/)
}

describe('edits typed offline for a commune merged away meanwhile', () => {
  it('are shown on the new commune’s form, kept on the device, and forgotten only when the officer says so', { timeout: scaled(180_000) }, async () => {
    const { context, page, errors } = await officerOnPhone('canbo.sontan', FROM)
    const storedBefore = await server.store.assessments.get(FROM, YEAR)

    await typeOffline(context, page, '37')
    expect(await unsentOnDevice(page, FROM)).toEqual([{ key: `answers.${COUNT.id}`, value: { count: 37 } }])

    // Meanwhile the province merges Sơn Tân and Sơn Bua (the officers move to the new commune).
    const merged = await fetch(`${server.url}/api/admin/units/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
      body: JSON.stringify({ into: { name: 'Sơn Tân Bua', parentId: SON_TAY }, from: [FROM, 'qng-son-bua'] }),
    })
    expect(merged.status, await merged.clone().text()).toBe(200)
    const successor = ((await merged.json()) as { into: { id: string } }).into.id

    // Back online: the old commune's form cannot send (the account moved), so the officer signs in again and lands
    // on the new commune's form.
    await goOnline(context)
    await poll(() => page.getByLabel('Tên đăng nhập').count(), 30_000).toBe(1)
    // The login page says the value is still on the phone, waiting.
    await poll(() => page.getByTestId('login-unsent').innerText()).toContain('Máy này đang giữ 1 giá trị đã nhập nhưng chưa gửi lên máy chủ. Chúng không bị mất: hãy đăng nhập để tiếp tục.')
    await login(page, 'canbo.sontan')
    await poll(() => decodeURIComponent(page.url())).toContain(`/communes/${successor}/`)
    await poll(() => page.getByTestId('total').count()).toBe(1)

    // The value typed for Sơn Tân is shown, by name, and is on neither commune's stored form.
    const notice = page.locator(`[data-testid="unsent-elsewhere"][data-commune="${FROM}"]`)
    await poll(() => notice.count()).toBe(1)
    expect(await notice.innerText()).toContain('Số liệu chưa gửi của xã Sơn Tân')
    expect(await notice.locator(`li[data-key="answers.${COUNT.id}"]`).innerText()).toContain(`${COUNT.id} —`)
    expect(await notice.locator(`li[data-key="answers.${COUNT.id}"] strong`).innerText()).toMatch(/^37\b/)
    expect((await server.store.assessments.get(successor, YEAR))?.answers[COUNT.id]).not.toEqual({ count: 37 })
    expect((await server.store.assessments.get(FROM, YEAR))?.answers[COUNT.id]).toEqual(storedBefore?.answers[COUNT.id])
    expect(await unsentOnDevice(page, FROM)).toEqual([{ key: `answers.${COUNT.id}`, value: { count: 37 } }])
    await page.screenshot({ path: '/tmp/xaso-unsent-elsewhere.png', fullPage: false })

    // Still there after a reload; "keep" keeps it.
    await page.reload()
    await poll(() => notice.count()).toBe(1)
    await notice.getByRole('button', { name: 'Đã xem xong, xoá khỏi máy này' }).click()
    await notice.getByRole('button', { name: 'Giữ lại' }).click()
    expect(await unsentOnDevice(page, FROM)).toHaveLength(1)

    // The officer has typed what the new form needs: the device forgets them on their word only.
    await notice.getByRole('button', { name: 'Đã xem xong, xoá khỏi máy này' }).click()
    await notice.getByRole('button', { name: 'Xoá', exact: true }).click()
    await poll(() => notice.count()).toBe(0)
    expect(await unsentOnDevice(page, FROM)).toEqual([])
    await page.reload()
    await poll(() => page.getByTestId('total').count()).toBe(1)
    expect(await page.locator('[data-testid="unsent-elsewhere"]').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })
  it('that an officer can no longer send (account deactivated by the merge) leave the phone as a file from the login page', { timeout: scaled(180_000) }, async () => {
    const { context, page, errors } = await officerOnPhone('canbo.anvinh', AN_VINH)
    // What the service worker keeps of the page's reads names the commune and the indicator in the file.
    const cached = (path: string) => page.evaluate<boolean>(`caches.match(location.origin + ${JSON.stringify(path)}, { cacheName: 'xaso-api', ignoreVary: true }).then((r) => !!r)`)
    await poll(() => cached('/api/me'), 20_000).toBe(true)
    await poll(() => cached(`/api/rubrics/${YEAR}`), 20_000).toBe(true)

    await typeOffline(context, page, '41')

    // The province merges An Vĩnh and An Hải and deactivates their officers' accounts.
    const merged = await fetch(`${server.url}/api/admin/units/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
      body: JSON.stringify({ into: { name: 'An Vĩnh Hải', parentId: LY_SON }, from: [AN_VINH, 'qng-an-hai'], officers: 'deactivate' }),
    })
    expect(merged.status, await merged.clone().text()).toBe(200)

    await goOnline(context)
    await poll(() => page.getByLabel('Tên đăng nhập').count(), 30_000).toBe(1)
    await login(page, 'canbo.anvinh')
    // The right password: the page says the account was deactivated, not that it was mistyped.
    await poll(() => page.getByText('Tài khoản này đã bị khoá (ví dụ sau khi sáp nhập xã). Hãy liên hệ quản trị viên tỉnh.').count()).toBe(1)
    const unsent = page.getByTestId('login-unsent')
    expect(await unsent.innerText()).toContain('Không đăng nhập được nữa')

    const [download] = await Promise.all([page.waitForEvent('download'), unsent.getByRole('button', { name: 'Tải tệp các giá trị chưa gửi (CSV)' }).click()])
    expect(download.suggestedFilename()).toMatch(/^xaso-chua-gui-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const [header, ...rows] = parse(csv.slice(1)) as string[][]
    expect(header).toEqual(['Xã', 'Mã xã', 'Năm', 'Mục', 'Giá trị đã nhập', 'Lúc nhập', 'Mã mục', 'Dữ liệu gốc'])
    expect(rows).toHaveLength(1)
    const [name, id, year, field, value, at, key, raw] = rows[0]!
    expect([name, id, year]).toEqual(['An Vĩnh', AN_VINH, String(YEAR)])
    expect(field).toBe(`${COUNT.id} — ${COUNT.label.vi}`)
    expect(value).toMatch(/^41\b/)
    expect(at).not.toBe('')
    expect([key, JSON.parse(raw!)]).toEqual([`answers.${COUNT.id}`, { count: 41 }])
    await poll(() => unsent.getByRole('status').last().innerText()).toContain('(1 giá trị)')
    await page.screenshot({ path: '/tmp/xaso-login-unsent.png', fullPage: true })
    // The phone keeps the value: the file is a copy.
    expect(await unsentOnDevice(page, AN_VINH)).toEqual([{ key: `answers.${COUNT.id}`, value: { count: 41 } }])
    expect(errors).toEqual([])
    await context.close()
  })
})
