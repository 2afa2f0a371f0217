// The exports page in a real browser: the administrator downloads the XLSX (fetch with the bearer token → blob →
// <a download>), the file is read back with exceljs, and the printable list of recognised communes is checked on
// screen and under print media (app chrome hidden, the table header repeated per page).
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportColumns } from '../../shared/export-columns'
import { scoreAssessment } from '../../shared/scoring'
import type { LocalServer } from '../../functions/src/local/server'
import { demoYears } from '../../functions/src/seed/demo-years'
import { testNow } from '../support/test-clock'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'

// The demo's round on the tests' clock (2025 during 2026; XASO_TEST_DATE moves it), as the seed chose it.
const DEMO_YEAR = demoYears(testNow()).round

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('exports'))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('#/exports', () => {
  it('downloads the province’s XLSX, which reads back with every assessment’s points, and prints the recognised list', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill('quantri.quangngai')
    await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByRole('link', { name: 'Xuất dữ liệu' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Xuất dữ liệu' }).count()).toBe(1)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
    expect(download.suggestedFilename()).toBe(`Đánh giá ${DEMO_YEAR} - Quảng Ngãi.xlsx`)
    await expect.poll(() => page.getByTestId('export-status').innerText()).toContain(`Đã tải xuống Đánh giá ${DEMO_YEAR} - Quảng Ngãi.xlsx`)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Đánh giá')!
    const rubric = (await server.store.rubrics.get(DEMO_YEAR))!
    const columns = exportColumns(rubric)
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.header.vi))
    const rows: unknown[][] = []
    sheet.eachRow((row, n) => void (n > 1 && rows.push((row.values as unknown[]).slice(1))))
    expect(rows.length).toBeGreaterThanOrEqual(6)
    for (const row of rows) {
      const assessment = (await server.store.assessments.get(row[0] as string, DEMO_YEAR))!
      expect(row[columns.findIndex((c) => c.key === 'total')]).toBe(scoreAssessment(rubric, assessment).total)
    }
    expect(workbook.getWorksheet('Chú thích - Legend')).toBeTruthy()

    // The print view: Sơn Long is the demo's recognised commune.
    const doc = page.getByTestId('recognised-print')
    await expect.poll(() => doc.locator('tbody tr').count()).toBeGreaterThanOrEqual(1)
    expect(await doc.locator('tbody tr').first().innerText()).toMatch(/^1\s+Sơn Long\s+Sơn Tây/)
    expect(await doc.innerText()).toContain('TỈNH QUẢNG NGÃI')
    await page.getByLabel('Số quyết định (phần trước “/QĐ-UBND”)').fill('27')
    await page.getByLabel('Ngày quyết định').fill(`${DEMO_YEAR}-07-05`)
    expect(await page.getByTestId('print-number').innerText()).toBe('Số: 27/QĐ-UBND')
    expect(await page.getByTestId('print-date').innerText()).toBe(`Quảng Ngãi, ngày 05 tháng 7 năm ${DEMO_YEAR}`)

    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    expect(await page.getByTestId('export-xlsx').isVisible()).toBe(false)
    expect(await doc.isVisible()).toBe(true)
    expect(await doc.locator('thead').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display)).toBe('table-header-group')
    // A4 with the header row on every page: Chromium renders the PDF (a print preview) without complaint.
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await context.close()
  })
})
