// Evidence files in a real browser (issue 5): photos shrunk on the device before upload, uploads queued in
// IndexedDB and retried, PDFs and wrong types, delete. Against the local server's disk blob store.
import { testNow } from '../support/test-clock'
import { createHash } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoYears } from '../../functions/src/seed'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { noisePng } from '../support/png'
import { scaled } from '../support/timing'
import { poll } from '../support/poll'

// The demo's round, read from the clock (2025 during 2026).
const YEAR = demoYears(testNow()).round
const PASSWORD = 'xaso-demo-2025'

let server: LocalServer
let browser: Browser

const communeOf = (page: Page) => decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')
const box = (page: Page, id: string) => page.getByTestId(`evidence-${id}`)
const fileInput = (page: Page, id: string) => page.locator(`[id="evf-${id}"]`)

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await poll(() => page.getByTestId('total').count()).toBe(1)
}

const tinyPdf = () =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  )

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('evidence'))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('evidence files', () => {
  it('shrinks a 4 MB photo on the device: it arrives on the server under 300 KB, with a thumbnail', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await login(page, 'canbo.sontan')
    const communeId = communeOf(page)

    const photo = noisePng(2400, 600)
    expect(photo.length).toBeGreaterThan(4 * 1024 * 1024)
    await fileInput(page, 'A1.1').setInputFiles({ name: 'Biên bản họp.png', mimeType: 'image/png', buffer: photo })
    await poll(async () => (await server.store.evidence.list(communeId, YEAR, 'A1.1')).map((e) => e.status), 60_000).toEqual(['stored'])
    const [stored] = await server.store.evidence.list(communeId, YEAR, 'A1.1')
    expect(stored!.contentType).toBe('image/jpeg')
    expect(stored!.filename).toBe('Biên bản họp.jpg')
    expect(stored!.size).toBeLessThanOrEqual(300 * 1024)
    // The list shows it with its thumbnail and a link; the queue is empty.
    await poll(() => box(page, 'A1.1').getByTestId('ev-stored').count()).toBe(1)
    expect(await box(page, 'A1.1').locator('img.ev-thumb').count()).toBe(1)
    expect(await box(page, 'A1.1').getByTestId('ev-queued').count()).toBe(0)
    // The image the server hands back is a JPEG of at most 1600 px.
    const dims = await page.evaluate<{ w: number; h: number }>(`(async () => {
      const a = document.querySelector('[data-testid="evidence-A1.1"] a.ev-name')
      const blob = await (await fetch(a.href)).blob()
      const bmp = await createImageBitmap(blob)
      return { w: bmp.width, h: bmp.height }
    })()`)
    expect(Math.max(dims.w, dims.h)).toBeLessThanOrEqual(1600)
    await box(page, 'A1.1').scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/xaso-evidence-photo.png' })
    expect(errors).toEqual([])
    await context.close()
  })

  it('an upload cut off mid-way is kept on the device and completes later, even after a reload', { timeout: scaled(120_000) }, async () => {
    // No service worker here: a request it passes on to the network can slip past the context's router, which
    // this case relies on to cut the upload (the worker's own behaviour is test/browser/offline.test.ts's).
    const context = await browser.newContext({ viewport: { width: 412, height: 900 }, serviceWorkers: 'block' })
    const page = await context.newPage()
    await login(page, 'canbo.anvinh')
    const communeId = communeOf(page)

    // The connection drops during every PUT of the bytes.
    const cut = (route: import('playwright-core').Route) =>
      route.request().method() === 'PUT' ? route.abort('connectionreset') : route.continue()
    await context.route('**/api/local-blobs/**', cut)
    await fileInput(page, 'A1.3').setInputFiles({ name: 'Quyết định 12.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await poll(() => box(page, 'A1.3').getByTestId('ev-queued').getAttribute('data-state')).toBe('failed')
    expect(await box(page, 'A1.3').getByTestId('ev-queued').innerText()).toContain('Tải lên thất bại')
    await box(page, 'A1.3').scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/xaso-evidence-failed.png' })
    // Declared, not stored: the reviewer would not see it yet.
    expect((await server.store.evidence.list(communeId, YEAR, 'A1.3')).map((e) => e.status)).toEqual(['pending'])
    // Answers are saved meanwhile.
    await page.locator('[id="in-A1.4"]').check()
    await poll(async () => (await server.store.assessments.get(communeId, YEAR))?.answers['A1.4']).toEqual({ yes: true })

    // Restart the app with the network still cut: the file is still queued on the device.
    await page.reload()
    await poll(() => box(page, 'A1.3').getByTestId('ev-queued').count()).toBe(1)
    // The network is back: "send now" (or the backoff) finishes it.
    await context.unroute('**/api/local-blobs/**', cut)
    await box(page, 'A1.3').getByRole('button', { name: 'Gửi ngay' }).click({ timeout: scaled(15_000) }).catch(() => undefined)
    await poll(async () => (await server.store.evidence.list(communeId, YEAR, 'A1.3')).map((e) => e.status), 60_000).toEqual(['stored'])
    await poll(() => box(page, 'A1.3').getByTestId('ev-stored').count()).toBe(1)
    expect(await box(page, 'A1.3').getByTestId('ev-queued').count()).toBe(0)

    // Deleting (while editable) removes it from the server.
    page.once('dialog', (d) => void d.accept())
    await box(page, 'A1.3').getByRole('button', { name: /Xóa tệp Quyết định 12\.pdf/ }).click()
    await poll(async () => (await server.store.evidence.list(communeId, YEAR, 'A1.3')).length).toBe(0)
    await poll(() => box(page, 'A1.3').getByTestId('ev-stored').count()).toBe(0)
    await context.close()
  })

  it('an upload whose answer is lost (3G) is not sent twice: the store answers 412 and the file is confirmed', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 }, serviceWorkers: 'block' })
    const page = await context.newPage()
    await login(page, 'canbo.anvinh')
    const communeId = communeOf(page)
    // The first PUT reaches the store, but its answer never reaches the phone.
    const statuses: number[] = []
    let lost = false
    await context.route('**/api/local-blobs/**', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue()
      const res = await route.fetch()
      statuses.push(res.status())
      if (!lost) {
        lost = true
        return route.abort('connectionreset')
      }
      return route.fulfill({ response: res })
    })
    const pdf = Buffer.from(`${tinyPdf().toString()}% lost answer ${Date.now()}\n`)
    await fileInput(page, 'A1.1').setInputFiles({ name: 'Báo cáo.pdf', mimeType: 'application/pdf', buffer: pdf })
    await poll(() => box(page, 'A1.1').getByTestId('ev-queued').getAttribute('data-state')).toBe('failed')
    await box(page, 'A1.1').getByRole('button', { name: 'Gửi ngay' }).click({ timeout: scaled(15_000) }).catch(() => undefined)
    await poll(async () => (await server.store.evidence.list(communeId, YEAR, 'A1.1')).map((e) => e.status), 60_000).toEqual(['stored'])
    // Stored once (200); the retry found it there (412) and went on to confirm.
    expect(statuses).toEqual([200, 412])
    const [stored] = await server.store.evidence.list(communeId, YEAR, 'A1.1')
    expect(stored!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'))
    await poll(() => box(page, 'A1.1').getByTestId('ev-stored').count()).toBe(1)
    await context.close()
  })

  it('refuses a wrong file type with a clear message, on the device', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    await login(page, 'canbo.anvinh')
    await fileInput(page, 'A2.1').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
    await poll(() => box(page, 'A2.1').getByRole('alert').innerText()).toContain('Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF')
    expect(await box(page, 'A2.1').getByTestId('ev-queued').count()).toBe(0)
    await context.close()
  })

  it('a reviewer sees the officer\'s files beside the indicator, read-only', { timeout: scaled(120_000) }, async () => {
    const officer = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await officer.newPage()
    await login(page, 'canbo.sontan')
    const communeId = communeOf(page)
    await fileInput(page, 'A1.3').setInputFiles({ name: 'Kế hoạch CĐS 2025.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await poll(async () => (await server.store.evidence.list(communeId, YEAR, 'A1.3')).map((e) => e.status), 60_000).toEqual(['stored'])
    await officer.close()

    const reviewer = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const rp = await reviewer.newPage()
    await rp.goto(server.url)
    await rp.getByLabel('Tên đăng nhập').fill('thamdinh.sontay')
    await rp.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await rp.getByRole('button', { name: 'Đăng nhập' }).click()
    await rp.waitForURL(/#\/review/)
    await rp.goto(`${server.url}/#/communes/${encodeURIComponent(communeId)}/${YEAR}`)
    await poll(() => box(rp, 'A1.3').getByTestId('ev-stored').count()).toBe(1)
    expect(await box(rp, 'A1.3').locator('a.ev-name').innerText()).toContain('Kế hoạch CĐS 2025.pdf')
    // The SHA-256 the browser computed and the store verified, the one in the audit trail, is shown to the reviewer.
    const sha256 = createHash('sha256').update(tinyPdf()).digest('hex')
    expect(await box(rp, 'A1.3').getByTestId('ev-sha256').getAttribute('data-sha256')).toBe(sha256)
    expect(await box(rp, 'A1.3').getByTestId('ev-sha256').innerText()).toContain(sha256.slice(0, 12))
    // Read-only: no way to add or delete from the reviewer's page.
    expect(await fileInput(rp, 'A1.3').count()).toBe(0)
    expect(await box(rp, 'A1.3').getByRole('button').count()).toBe(0)
    await reviewer.close()
  })
})
