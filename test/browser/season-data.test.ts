// Issue 10 in a real browser at phone size (360×740): a merge of two communes with drafts followed by the dashboard,
// the reviewer's queue and the merged-away officer's login; a rename followed by the queue, both exports and the
// printed list for the decision. Everything is read back through the API / the store as well as on screen.
import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContributions, contributionOf, summarizeTotals, type Contribution } from '../../shared/dashboard'
import { exportColumns } from '../../shared/export-columns'
import type { LocalServer } from '../../functions/src/local/server'
import { demoYears } from '../../functions/src/seed/demo-years'
import { testNow } from '../support/test-clock'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'

// The demo's round on the tests' clock (2025 during 2026; XASO_TEST_DATE moves it), as the seed chose it.
const DEMO_YEAR = demoYears(testNow()).round

const PASSWORD = 'xaso-demo-2025'
const SON_TAY = 'qng-son-tay'
const poll = expect.poll

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('season-data'))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** The Sơn Tây counts from scratch: its live communes' stored assessments. */
async function recountSonTay(): Promise<{ communes: number; totals: Contribution }> {
  const rubric = await server.store.rubrics.get(DEMO_YEAR)
  let totals: Contribution = {}
  let communes = 0
  for (const c of await server.store.orgUnits.listChildren(SON_TAY)) {
    if (c.kind !== 'commune' || c.retired) continue
    communes++
    const a = await server.store.assessments.get(c.id, DEMO_YEAR)
    if (a) totals = addContributions(totals, contributionOf(rubric, a))
  }
  return { communes, totals }
}

const tile = (page: Page, status: string) => page.getByTestId('dash-tiles').locator(`li[data-status="${status}"] .dash-tile-num`).innerText()

describe('a merge of two communes with drafts', () => {
  it('carries the drafts to the new commune: the dashboard, the queue and the merged-away officer’s login all follow', { timeout: scaled(240_000) }, async () => {
    // Sơn Bua has a draft; the demo officer of Sơn Tân starts one (through the API, as the form's autosave does).
    const token = (
      (await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo.sontan', password: PASSWORD }) })).json()) as { token: string }
    ).token
    const saved = await fetch(`${server.url}/api/communes/qng-son-tan/assessments/${DEMO_YEAR}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ version: 0, profile: { population: 5100, households: 1200 } }),
    })
    expect(saved.status).toBe(200)
    const before = await recountSonTay()
    expect((await server.store.assessments.get('qng-son-tan', DEMO_YEAR))?.status).toBe('draft')
    expect((await server.store.assessments.get('qng-son-bua', DEMO_YEAR))?.status).toBe('draft')

    const admin = await newPage()
    await login(admin.page, 'quantri.quangngai')
    await admin.page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click()
    await poll(() => admin.page.getByRole('heading', { name: 'Đơn vị hành chính' }).count()).toBe(1)
    await admin.page.getByTestId('merge-open').click()
    const dialog = admin.page.getByRole('dialog')
    await poll(() => dialog.getByRole('heading', { name: 'Sáp nhập xã' }).count()).toBe(1)
    await dialog.getByRole('checkbox', { name: /Sơn Tân/ }).check()
    await dialog.getByRole('checkbox', { name: /Sơn Bua/ }).check()
    await dialog.getByLabel('Tên xã mới').fill('Sơn Tân Bua')
    await poll(() => admin.page.getByTestId('merge-summary').innerText()).toBe(
      'Sáp nhập Sơn Tân, Sơn Bua vào xã mới Sơn Tân Bua. Các bản nháp được gộp vào xã sau sáp nhập. Tài khoản cán bộ được chuyển sang xã sau sáp nhập.',
    )
    await admin.page.getByTestId('merge-confirm').click()
    await poll(() => admin.page.getByTestId('units-done').innerText()).toMatch(/^Đã sáp nhập 2 xã vào Sơn Tân Bua; 2 bản nháp được chuyển; \d+ tài khoản được chuyển sang xã mới\.$/)
    const successor = (await server.store.orgUnits.get('qng-son-tan'))!.mergedInto!
    expect(successor).toBeTruthy()
    const carried = (await server.store.assessments.get(successor, DEMO_YEAR))!
    expect(carried.status).toBe('draft')
    expect((carried as unknown as { mergedFrom: { sources: { communeId: string }[] } }).mergedFrom.sources.map((s) => s.communeId).sort()).toEqual(['qng-son-bua', 'qng-son-tan'])

    // The history shows the merge and where the drafts went.
    const row = admin.page.locator(`section[data-unit="${SON_TAY}"] li[data-unit="${successor}"]`)
    await row.getByTestId('history-open').click()
    await poll(() => admin.page.getByTestId('history-merges').innerText()).toContain('sáp nhập Sơn Tân, Sơn Bua vào Sơn Tân Bua')
    expect(await admin.page.getByTestId('history-merges').innerText()).toContain(`Năm ${DEMO_YEAR}: bản nháp của Sơn Tân, Sơn Bua được chuyển`)
    await dialog.getByRole('button', { name: 'Đóng' }).click()

    // Dashboard of Sơn Tây: one commune fewer, one draft fewer, nothing else moved; equal to a recount.
    await admin.page.getByRole('link', { name: 'Tổng hợp' }).click()
    await poll(() => admin.page.getByTestId('dashboard').count()).toBe(1)
    await admin.page.getByTestId('dash-unit').selectOption(SON_TAY)
    const after = await recountSonTay()
    expect(after.communes).toBe(before.communes - 1)
    const expected = summarizeTotals(DEMO_YEAR, after.totals, after.communes, undefined)
    expect(expected.counts.draft).toBe(summarizeTotals(DEMO_YEAR, before.totals, before.communes, undefined).counts.draft - 1)
    await poll(() => admin.page.getByRole('heading', { level: 2 }).first().innerText()).toContain(`${after.communes} xã`)
    for (const s of ['not_started', 'draft', 'submitted', 'returned', 'district_approved', 'recognised'] as const)
      await poll(() => tile(admin.page, s), { message: s }).toBe(String(expected.counts[s]))
    expect(admin.errors).toEqual([])
    await admin.context.close()

    // The reviewer's queue (all statuses): the new commune's draft, not the merged-away ones.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    await poll(() => reviewer.page.getByRole('heading', { name: 'Hàng chờ thẩm định' }).count()).toBe(1)
    await reviewer.page.locator('#q-status').selectOption('')
    const queue = reviewer.page.getByTestId('queue')
    await poll(() => queue.locator(`tr[data-commune="${successor}"]`).innerText()).toContain('Sơn Tân Bua')
    expect(await queue.locator('tr[data-commune="qng-son-tan"]').count()).toBe(0)
    expect(await queue.locator('tr[data-commune="qng-son-bua"]').count()).toBe(0)
    await reviewer.context.close()

    // The merged-away officer logs in and lands on the new commune's form, with the carried draft.
    const officer = await newPage()
    await login(officer.page, 'canbo.sontan')
    await poll(() => officer.page.url()).toContain(encodeURIComponent(successor))
    await poll(() => officer.page.getByRole('heading', { level: 1 }).innerText()).toContain('Sơn Tân Bua')
    await poll(() => officer.page.getByTestId('status').innerText()).toBe('Bản nháp')
    expect(await officer.page.getByTestId('merged-notice').innerText()).toContain('được gộp từ bản của Sơn Tân, Sơn Bua khi sáp nhập xã')
    expect(officer.errors).toEqual([])
    await officer.context.close()
  })
})

describe('a rename', () => {
  it('shows the new name in the queue, both exports and the printed list (with the name at recognition)', { timeout: scaled(240_000) }, async () => {
    // Sơn Long is the demo's recognised commune; Sơn Dung is submitted (in the reviewer's default queue).
    const admin = await newPage()
    await login(admin.page, 'quantri.quangngai')
    await admin.page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click()
    await poll(() => admin.page.getByRole('heading', { name: 'Đơn vị hành chính' }).count()).toBe(1)
    for (const [id, from, to] of [
      ['qng-son-long', 'Sơn Long', 'Sơn Long Mới'],
      ['qng-son-dung', 'Sơn Dung', 'Sơn Dung Mới'],
    ] as const) {
      const row = admin.page.locator(`li[data-unit="${id}"]`)
      await row.getByLabel(`Thao tác với ${from}`).click()
      await row.getByRole('button', { name: `Đổi tên ${from}` }).click()
      await admin.page.getByRole('dialog').getByLabel('Tên', { exact: true }).fill(to)
      await admin.page.getByTestId('unit-rename-confirm').click()
      await poll(() => admin.page.getByRole('dialog').count()).toBe(0)
      await poll(async () => (await server.store.orgUnits.get(id))?.name).toBe(to)
    }

    // Both exports (downloaded in the browser, read back).
    await admin.page.getByRole('link', { name: 'Xuất dữ liệu' }).click()
    await poll(() => admin.page.getByRole('heading', { name: 'Xuất dữ liệu' }).count()).toBe(1)
    const columns = exportColumns((await server.store.rubrics.get(DEMO_YEAR))!)
    const communeCol = columns.findIndex((c) => c.key === 'commune')
    const [xlsx] = await Promise.all([admin.page.waitForEvent('download'), admin.page.getByTestId('export-xlsx').click()])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ArrayBuffer)
    const names: string[] = []
    wb.getWorksheet('Đánh giá')!.eachRow((row, n) => void (n > 1 && names.push(String(row.getCell(communeCol + 1).value))))
    expect(names).toEqual(expect.arrayContaining(['Sơn Long Mới', 'Sơn Dung Mới']))
    expect(names).not.toContain('Sơn Long')
    expect(names).not.toContain('Sơn Dung')
    const [csvFile] = await Promise.all([admin.page.waitForEvent('download'), admin.page.getByTestId('export-csv').click()])
    const csvRows = parse(await readFile((await csvFile.path())!), { bom: true }) as string[][]
    const csvNames = csvRows.slice(1).map((r) => r[communeCol])
    expect(csvNames).toEqual(expect.arrayContaining(['Sơn Long Mới', 'Sơn Dung Mới']))
    expect(csvNames).not.toContain('Sơn Long')

    // The printed list: today's name, the name at recognition under it, the commune's own decision.
    const doc = admin.page.getByTestId('recognised-print')
    const long = doc.locator('tr[data-commune="qng-son-long"]')
    await poll(() => long.innerText()).toContain('Sơn Long Mới')
    expect(await long.getByTestId('print-former-name').innerText()).toContain('khi công nhận: Sơn Long')
    const recognised = (await server.store.assessments.get('qng-son-long', DEMO_YEAR))!.provinceDecision!
    if (recognised.decisionNumber) expect(await long.getByTestId('print-decision-number').innerText()).toBe(recognised.decisionNumber)
    expect(await long.getByTestId('print-decision-date').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
    expect(admin.errors).toEqual([])
    await admin.context.close()

    // The reviewer's queue (default: submitted) shows the new name.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    const row = reviewer.page.getByTestId('queue').locator('tr[data-commune="qng-son-dung"]')
    await poll(() => row.innerText()).toContain('Sơn Dung Mới')
    await reviewer.context.close()
  })
})
