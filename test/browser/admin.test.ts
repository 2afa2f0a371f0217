// The province administrator's screens in a real browser (issue 4): units (create a commune, merge two with the
// history shown on the merged one) and accounts (create one and see its one-time password once; import a CSV
// with a bad row → line-numbered problems and nothing created; then a good file → accounts and passwords, the
// list downloaded as CSV and read back; an imported account logs in and must change its password).
// Then the year's round: the next survey year opened on its screen (#/admin/years), its XLSX downloaded from
// #/exports and read back with exceljs. Built web app + local server + DynamoDB Local + Debian's chromium, mostly
// at a 360 px phone width.
import { testNow } from '../support/test-clock'
import { addDays, vietnamDate } from '../../shared/survey-year'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { scoreAssessment } from '../../shared/scoring'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'
import { poll } from '../support/poll'
import { demoYears } from '../../functions/src/seed'

// The demo's round and the year after it, read from the clock (2025 and 2026 during 2026).
const { round: ROUND, roster: NEXT } = demoYears(testNow())
const PASSWORD = 'xaso-demo-2025'
const SHOTS = process.env.XASO_SHOTS // a directory: screenshots of each step, for looking at the design

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('browser-admin'))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function newPage(width = 360): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'vi-VN', acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `admin-${name}.png`), fullPage: true })
}

/** Nothing sticks out sideways at phone width (a table or a button row that does not wrap). */
const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')

const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8')

describe('administration screens in the browser', () => {
  it('units: create a commune, merge two communes and show where the merged one came from', { timeout: scaled(120_000) }, async () => {
    const { context, page, errors } = await newPage()
    await login(page, 'quantri.quangngai')
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click()
    await poll(() => page.getByRole('heading', { name: 'Đơn vị hành chính' }).count()).toBe(1)
    const sonTay = page.locator('section[data-unit="qng-son-tay"]')
    await poll(() => sonTay.locator('li[data-unit]').count()).toBe(9)

    // A commune without a name is refused in the dialog, with the reason beside the input.
    await sonTay.getByRole('button', { name: 'Thêm xã' }).click()
    const dialog = page.getByRole('dialog')
    await poll(() => dialog.getByRole('heading', { name: 'Thêm xã vào Sơn Tây' }).count()).toBe(1)
    await page.getByTestId('unit-create-confirm').click()
    await poll(() => page.locator('#unit-create-name').getAttribute('aria-invalid')).toBe('true')
    await dialog.getByLabel('Tên', { exact: true }).fill('Sơn Thượng')
    await dialog.getByLabel('Mã đơn vị (không bắt buộc)').fill('ST-99')
    await page.getByTestId('unit-create-confirm').click()
    await poll(() => page.getByTestId('units-done').innerText()).toBe('Đã tạo Sơn Thượng.')
    // The reloaded tree replaced the opener: focus lands on what was done, not on the page's body.
    await poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('units-done')
    await poll(() => sonTay.locator('li[data-unit]').count()).toBe(10)
    const created = await server.store.orgUnits.get('qng-son-thuong')
    expect(created).toMatchObject({ kind: 'commune', name: 'Sơn Thượng', parentId: 'qng-son-tay', code: 'ST-99' })
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    // Each commune's actions sit in a menu, opened from the keyboard: move the new commune to Minh Long and back.
    const move = async (from: string, to: string) => {
      const row = page.locator(`section[data-unit="${from}"] li[data-unit="qng-son-thuong"]`)
      await row.getByLabel('Thao tác với Sơn Thượng').focus()
      await page.keyboard.press('Enter')
      await row.getByRole('button', { name: 'Chuyển đơn vị Sơn Thượng' }).click()
      await dialog.getByLabel('Thuộc đơn vị thẩm định').selectOption(to)
      await page.getByTestId('unit-move-confirm').click()
      await poll(() => page.locator(`section[data-unit="${to}"] li[data-unit="qng-son-thuong"]`).count()).toBe(1)
      expect((await server.store.orgUnits.get('qng-son-thuong'))?.parentId).toBe(to)
    }
    await move('qng-son-tay', 'qng-minh-long')
    await move('qng-minh-long', 'qng-son-tay')

    // Merge Sơn Lập and Sơn Liên: refused while Sơn Liên's assessment of the round waits for the province's decision (the
    // reason in the dialog, nothing written). Sơn Lập and Sơn Tinh then merge into a new commune: the summary says
    // what will happen to the drafts and the accounts, the tree and the history show where it came from.
    await page.getByTestId('merge-open').click()
    await poll(() => dialog.getByRole('heading', { name: 'Sáp nhập xã' }).count()).toBe(1)
    await dialog.getByLabel('Lọc theo tên').fill('son l')
    await dialog.getByRole('checkbox', { name: /Sơn Lập/ }).check()
    await dialog.getByRole('checkbox', { name: /Sơn Liên/ }).check()
    await dialog.getByLabel('Tên xã mới').fill('Sơn Lập Tinh')
    await page.getByTestId('merge-confirm').click()
    await poll(() => page.getByTestId('merge-error').innerText()).toContain(`Xã Sơn Liên có bản đánh giá năm ${ROUND} đang chờ quyết định`)
    expect((await server.store.orgUnits.get('qng-son-lien'))?.retired).toBeUndefined()
    await dialog.getByRole('checkbox', { name: /Sơn Liên/ }).uncheck()
    await dialog.getByLabel('Lọc theo tên').fill('son t')
    await dialog.getByRole('checkbox', { name: /Sơn Tinh/ }).check()
    await poll(() => page.getByTestId('merge-summary').innerText()).toBe(
      'Sáp nhập Sơn Lập, Sơn Tinh vào xã mới Sơn Lập Tinh. Các bản nháp được gộp vào xã sau sáp nhập. Tài khoản cán bộ được chuyển sang xã sau sáp nhập.',
    )
    await shot(page, '2-merge-dialog')
    await page.getByTestId('merge-confirm').click()
    await poll(() => page.getByTestId('units-done').innerText()).toMatch(/^Đã sáp nhập 2 xã vào Sơn Lập Tinh; 1 bản nháp được chuyển; \d+ tài khoản được chuyển sang xã mới\.$/)
    const merged = sonTay.locator('li[data-unit="qng-son-lap-tinh"]')
    await poll(() => merged.getByTestId('merged-from').innerText()).toBe('Sáp nhập từ Sơn Lập, Sơn Tinh')
    await poll(() => sonTay.locator('li[data-unit="qng-son-lap"]').count()).toBe(0) // retired: hidden by default

    // The merged commune keeps its predecessors' assessments: the demo round's one of Sơn Lập, whose returned form
    // was carried to the new commune's own.
    await merged.getByTestId('history-open').click()
    const year = page.getByTestId('history').locator(`section[data-year="${ROUND}"]`)
    await poll(() => year.locator('tbody tr').count()).toBe(2)
    expect(await year.locator('tr[data-commune="qng-son-lap"]').innerText()).toContain('xã trước sáp nhập')
    expect(await year.locator('tr[data-commune="qng-son-lap"]').innerText()).toContain('bản nháp đã chuyển sang Sơn Lập Tinh')
    expect(await year.locator('tr[data-commune="qng-son-lap-tinh"]').innerText()).toContain('Bản nháp')
    await shot(page, '2b-history')
    await dialog.getByRole('button', { name: 'Đóng' }).click()
    await poll(() => dialog.count()).toBe(0)
    await page.getByLabel('Hiện cả đơn vị đã ngừng hoạt động').check()
    await poll(() => sonTay.locator('li[data-unit="qng-son-lap"]').innerText()).toContain('Đã sáp nhập vào Sơn Lập Tinh')
    await shot(page, '1-units')
    expect(await server.store.orgUnits.get('qng-son-lap')).toMatchObject({ retired: true, mergedInto: 'qng-son-lap-tinh' })

    // Retiring a review unit that still has communes: the API's reason, in Vietnamese, in the dialog.
    await sonTay.getByRole('button', { name: 'Ngừng hoạt động Sơn Tây' }).click()
    await page.getByTestId('unit-retire-confirm').click()
    await poll(() => page.getByTestId('unit-retire-error').innerText()).toMatch(/Còn \d+ xã đang hoạt động/)
    await page.keyboard.press('Escape')
    await poll(() => dialog.count()).toBe(0)
    expect((await server.store.orgUnits.get('qng-son-tay'))?.retired).toBeUndefined()

    // English second: the same screen, switched.
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await poll(() => page.getByRole('heading', { name: 'Administrative units' }).count()).toBe(1)
    await poll(() => merged.getByTestId('merged-from').innerText()).toBe('Merged from Sơn Lập, Sơn Tinh')
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click()
    expect(errors).toEqual([])
    await context.close()
  })

  it('the review level: “khu vực” by default, “huyện” once the administrator says so, on their pages and a reviewer’s', { timeout: scaled(120_000) }, async () => {
    const admin = await newPage()
    await login(admin.page, 'quantri.quangngai')
    await admin.page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click()
    const setting = admin.page.getByTestId('review-tier')
    const area = setting.getByLabel('Khu vực thẩm định ("Khu vực đã duyệt")')
    const district = setting.getByLabel('Huyện ("Huyện đã duyệt")')
    await poll(() => area.isChecked()).toBe(true)
    expect(await admin.page.getByText('Các đơn vị thẩm định (khu vực) và xã của tỉnh Quảng Ngãi', { exact: false }).count()).toBe(1)

    // Not saved (no network): the choice shown stays the province's.
    await admin.context.setOffline(true)
    await district.check()
    await poll(() => setting.getByRole('alert').count()).toBe(1)
    await poll(() => area.isChecked()).toBe(true)
    expect(await district.isChecked()).toBe(false)
    await admin.context.setOffline(false)

    await district.check()
    await poll(() => setting.getByRole('status').innerText()).toBe('Đã lưu: cấp thẩm định được gọi là “huyện”.')
    expect(await admin.page.getByText('Các đơn vị thẩm định (huyện) và xã của tỉnh Quảng Ngãi', { exact: false }).count()).toBe(1)
    expect((await server.store.orgUnits.get('qng'))?.reviewTier).toBe('district')
    await shot(admin.page, 'review-tier')

    // A reviewer who signs in afterwards reads the province's word everywhere: here, the queue's status filter.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    const statusFilter = reviewer.page.getByLabel('Trạng thái', { exact: true })
    await poll(() => statusFilter.locator('option').allInnerTexts()).toContain('Huyện đã duyệt')
    expect(await statusFilter.locator('option').allInnerTexts()).toContain('Huyện từ chối')

    // And back: the administrator's page reloaded keeps what the server holds.
    await admin.page.reload()
    await poll(() => district.isChecked()).toBe(true)
    await area.check()
    await poll(() => setting.getByRole('status').innerText()).toBe('Đã lưu: cấp thẩm định được gọi là “khu vực”.')
    await reviewer.page.reload()
    await poll(() => statusFilter.locator('option').allInnerTexts()).toContain('Khu vực đã duyệt')
    expect(await overflow(admin.page)).toBeLessThanOrEqual(0)
    expect([...admin.errors, ...reviewer.errors]).toEqual([])
    await admin.context.close()
    await reviewer.context.close()
  })

  it('accounts: create one, import a bad file (nothing created) then a good one, download the list, first login', { timeout: scaled(150_000) }, async () => {
    const { context, page, errors } = await newPage()
    await login(page, 'quantri.quangngai')
    await poll(() => page.getByRole('navigation').getByRole('link', { name: 'Tài khoản' }).count()).toBe(1)
    await page.getByRole('navigation').getByRole('link', { name: 'Tài khoản' }).click()
    await poll(() => page.getByRole('heading', { name: 'Tài khoản', exact: true }).count()).toBe(1)
    // The province's own accounts first: the administrator is listed.
    await poll(() => page.getByTestId('accounts').locator('tr[data-username="quantri.quangngai"]').count()).toBe(1)

    // One account for the commune Sơn Dung; the one-time password is shown once.
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('qng-son-dung')
    await poll(() => page.url()).toContain('#/admin/accounts/qng-son-dung')
    await page.getByTestId('account-create-open').click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Họ tên').fill('Đinh Thị Hoa')
    await dialog.getByLabel('Tên đăng nhập').fill('canbo.sondung2')
    await poll(() => dialog.getByLabel('Vai trò').inputValue()).toBe('officer')
    await poll(() => dialog.getByLabel('Đơn vị', { exact: true }).inputValue()).toBe('qng-son-dung')
    await page.getByTestId('account-create-confirm').click()
    const otp = page.getByTestId('otp')
    await poll(() => otp.count()).toBe(1)
    const oneTime = (await otp.innerText()).trim()
    expect(oneTime.length).toBeGreaterThanOrEqual(12)
    await poll(() => page.getByRole('dialog').innerText()).toContain('chỉ hiện MỘT LẦN')
    await shot(page, '3-one-time-password')
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    await page.getByTestId('otp-done').click()
    await poll(() => page.getByTestId('otp').count()).toBe(0)
    await poll(() => page.getByTestId('accounts').locator('tr[data-username="canbo.sondung2"]').count()).toBe(1)

    // The same username again: refused, the reason beside the username.
    await page.getByTestId('account-create-open').click()
    await dialog.getByLabel('Họ tên').fill('Người Khác')
    await dialog.getByLabel('Tên đăng nhập').fill('canbo.sondung2')
    await page.getByTestId('account-create-confirm').click()
    await poll(() => page.locator('#account-create-username-err').innerText()).toContain('đã có người dùng')
    await dialog.getByRole('button', { name: 'Hủy' }).click()

    // The template has the headers the import expects.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
    expect(template.suggestedFilename()).toBe('mau-nhap-tai-khoan.csv')
    const templateText = await readFile((await template.path())!, 'utf8')
    expect(templateText.replace(/^\uFEFF/, '').trim()).toBe('họ tên,tên đăng nhập,vai trò,đơn vị')

    // A file with a bad row (line 3: no such unit): the line is named and nothing from the file is created.
    const bad = csv([
      ['họ tên', 'tên đăng nhập', 'vai trò', 'đơn vị'],
      ['Phạm Văn An', 'canbo.anbinh', 'cán bộ', 'qng-an-binh'],
      ['Lê Thị Bình', 'canbo.xaketien', 'cán bộ', 'Xã Không Có'],
      ['Trần Văn Cường', 'thamdinh.lyson', 'thẩm định', 'Lý Sơn'],
    ])
    await page.getByLabel('Chọn tệp CSV hoặc XLSX').setInputFiles({ name: 'tai-khoan.csv', mimeType: 'text/csv', buffer: bad })
    await page.getByTestId('import-upload').click()
    const problems = page.getByTestId('import-problems')
    await poll(() => problems.innerText()).toContain('Tệp có lỗi ở 1 dòng. Chưa tài khoản nào được tạo')
    await poll(() => problems.locator('tr[data-line="3"]').innerText()).toContain('Không có đơn vị "Xã Không Có" trong tỉnh')
    expect(await problems.locator('tbody tr').count()).toBe(1)
    await shot(page, '4-import-rejected')
    expect(await server.store.users.getByUsername('canbo.anbinh')).toBeUndefined()
    expect(await server.store.users.getByUsername('thamdinh.lyson')).toBeUndefined()
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    // Fixed, written into the downloaded template: every account is created; the passwords are shown and
    // downloadable as CSV.
    const good = Buffer.from(
      templateText + ['Phạm Văn An,canbo.anbinh,cán bộ,qng-an-binh', 'Lê Thị Bình,canbo.anhai,cán bộ,An Hải', 'Trần Văn Cường,thamdinh.lyson,thẩm định,Lý Sơn'].join('\r\n'),
      'utf8',
    )
    await page.getByLabel('Chọn tệp CSV hoặc XLSX').setInputFiles({ name: 'tai-khoan.csv', mimeType: 'text/csv', buffer: good })
    await page.getByTestId('import-upload').click()
    const createdList = page.getByTestId('import-created')
    await poll(() => createdList.innerText()).toContain('Đã tạo 3 tài khoản.')
    await poll(() => page.getByTestId('import-problems').count()).toBe(0)
    const shown = new Map<string, string>()
    for (const username of ['canbo.anbinh', 'canbo.anhai', 'thamdinh.lyson']) {
      const row = createdList.locator(`tr[data-username="${username}"]`)
      shown.set(username, (await row.locator('.adm-pw').innerText()).trim())
    }
    expect((await server.store.users.getByUsername('thamdinh.lyson'))?.orgUnitId).toBe('qng-ly-son')
    await shot(page, '5-import-created')

    const [list] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download').click()])
    expect(list.suggestedFilename()).toMatch(/^tai-khoan-mat-khau-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = (await readFile((await list.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r\n/)
    expect(lines[0]).toBe('Dòng,Họ tên,Tên đăng nhập,Vai trò,Đơn vị,Mật khẩu dùng một lần')
    expect(lines.slice(1)).toEqual([
      `2,Phạm Văn An,canbo.anbinh,Cán bộ xã,An Bình,${shown.get('canbo.anbinh')}`,
      `3,Lê Thị Bình,canbo.anhai,Cán bộ xã,An Hải,${shown.get('canbo.anhai')}`,
      `4,Trần Văn Cường,thamdinh.lyson,Cán bộ thẩm định,Lý Sơn,${shown.get('thamdinh.lyson')}`,
    ])

    // "Saved, hide the passwords": gone from the page.
    await page.getByRole('button', { name: 'Đã lưu danh sách, ẩn mật khẩu' }).click()
    await poll(() => page.getByTestId('import-created').count()).toBe(0)

    // An XLSX works the same way (English headers, the unit by name).
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Accounts')
    sheet.addRow(['Name', 'Username', 'Role', 'Unit'])
    sheet.addRow(['Võ Thị Duyên', 'thamdinh.minhlong', 'reviewer', 'Minh Long'])
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer())
    await page.getByLabel('Chọn tệp CSV hoặc XLSX').setInputFiles({
      name: 'accounts.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    })
    await page.getByTestId('import-upload').click()
    await poll(() => page.getByTestId('import-created').innerText()).toContain('Đã tạo 1 tài khoản.')
    await poll(() => page.getByTestId('import-created').locator('tr[data-username="thamdinh.minhlong"]').count()).toBe(1)
    expect((await server.store.users.getByUsername('thamdinh.minhlong'))?.orgUnitId).toBe('qng-minh-long')
    expect(errors).toEqual([])
    await context.close()

    // The imported reviewer logs in with the one-time password and is asked to set a new one.
    const other = await newPage()
    await login(other.page, 'thamdinh.lyson', shown.get('thamdinh.lyson')!)
    await poll(() => other.page.getByRole('heading', { name: 'Đặt mật khẩu mới' }).count()).toBe(1)
    await other.context.close()
  })

  it('accounts: reset a password (shown once) and deactivate an account, which can no longer log in', { timeout: scaled(90_000) }, async () => {
    const { context, page, errors } = await newPage(1280)
    await login(page, 'quantri.quangngai')
    await poll(() => page.getByRole('navigation').getByRole('link', { name: 'Tài khoản' }).count()).toBe(1)
    await page.goto(`${server.url}/#/admin/accounts/qng-son-tay`)
    const row = page.getByTestId('accounts').locator('tr[data-username="thamdinh.sontay"]')
    await poll(() => row.count()).toBe(1)
    await row.getByRole('button', { name: 'Cấp lại mật khẩu thamdinh.sontay' }).click()
    await page.getByTestId('account-reset-confirm').click()
    await poll(() => page.getByTestId('otp').count()).toBe(1)
    const reset = (await page.getByTestId('otp').innerText()).trim()
    await page.getByTestId('otp-done').click()
    await poll(() => row.innerText()).toContain('Chưa đổi mật khẩu')
    await shot(page, '6-accounts-wide')
    const tryLogin = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'thamdinh.sontay', password }),
      }).then((r) => r.status)
    expect(await tryLogin(PASSWORD)).toBe(401)
    expect(await tryLogin(reset)).toBe(200)

    await row.getByRole('button', { name: 'Khoá thamdinh.sontay' }).click()
    await page.getByTestId('account-deactivate-confirm').click()
    await poll(() => page.getByTestId('accounts-done').innerText()).toContain('Đã khoá tài khoản')
    await poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('accounts-done')
    await poll(() => row.innerText()).toContain('Đã khoá')
    expect(await tryLogin(reset)).not.toBe(200)
    await row.getByRole('button', { name: 'Mở khoá thamdinh.sontay' }).click()
    await page.getByTestId('account-activate-confirm').click()
    await poll(() => row.innerText()).toContain('Đang hoạt động')
    expect(errors).toEqual([])
    await context.close()
  })

  it('survey year: opens the next year on its screen, an officer starts it, the year’s XLSX reads back', { timeout: scaled(150_000) }, async () => {
    const { context, page, errors } = await newPage(1280)
    await login(page, 'quantri.quangngai')
    await page.getByRole('navigation').getByRole('link', { name: 'Năm khảo sát' }).click()
    await poll(() => page.getByRole('heading', { name: 'Năm khảo sát', level: 1 }).count()).toBe(1)
    await page.getByLabel('Năm khảo sát', { exact: true }).fill(String(NEXT))
    // Relative to today, so the test holds on any date (no fixed deadline that expires).
    await page.getByLabel('Hạn nộp (hết ngày, giờ Việt Nam)').fill(addDays(vietnamDate(testNow()), 30))
    await page.getByLabel('Bộ tiêu chí ban đầu').selectOption('copy')
    await page.getByRole('button', { name: 'Mở năm khảo sát' }).click()
    await poll(() => page.getByTestId('open-year-feedback').innerText()).toContain(`Đã mở năm khảo sát ${NEXT}.`)

    // The officer of Sơn Tân answers part of the new year's form (through the API; the form has its own tests).
    const sonTan = (await server.store.users.getByUsername('canbo.sontan'))!.orgUnitId
    const rubric = (await server.store.rubrics.get(NEXT))!
    const token = ((await (await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo.sontan', password: PASSWORD }),
    })).json()) as { token: string }).token
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const url = `${server.url}/api/communes/${sonTan}/assessments/${NEXT}`
    const draft = (await (await fetch(url, { headers: auth })).json()) as { assessment: { version: number } }
    const booleans = rubric.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).filter((i) => i.input.kind === 'boolean')
    expect(booleans.length).toBeGreaterThan(0)
    const answers = Object.fromEntries(booleans.map((i) => [i.id, { yes: true }]))
    const patched = await fetch(url, { method: 'PATCH', headers: auth, body: JSON.stringify({ version: draft.assessment.version, answers }) })
    expect(patched.status).toBe(200)

    // The year's XLSX, downloaded from the exports screen and read back: Sơn Tân's row with the server's own score.
    await page.getByRole('navigation').getByRole('link', { name: 'Xuất dữ liệu' }).click()
    await poll(() => page.getByRole('heading', { name: 'Xuất dữ liệu' }).count()).toBe(1)
    // The year picker lists the open years.
    await page.getByLabel('Năm đánh giá').selectOption(String(NEXT))
    await poll(() => page.url()).toContain(`year=${NEXT}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
    expect(download.suggestedFilename()).toBe(`Đánh giá ${NEXT} - Quảng Ngãi.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Đánh giá')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const rows: unknown[][] = []
    sheet.eachRow((row, n) => void (n > 1 && rows.push((row.values as unknown[]).slice(1))))
    expect(rows.map((r) => r[0])).toEqual([sonTan]) // only the commune that started NEXT
    const stored = (await server.store.assessments.get(sonTan, NEXT))!
    const expected = scoreAssessment(rubric, stored)
    expect(expected.total).toBeGreaterThan(0)
    expect(rows[0]![header.indexOf('Tổng điểm')]).toBe(expected.total)
    expect(rows[0]![header.indexOf('Trạng thái')]).toMatch(/nháp/i)
    expect(errors).toEqual([])
    await context.close()
  })
})
