// A review season with two years open at once (issue 10): the officer lands on the round that still needs them,
// the reviewer finds a submission of the demo round after the next year has opened and approves it (every
// indicator reviewed first), and reviews by keyboard: accept all remaining, then on to the next commune. Real
// Chromium, the built web app, the local server on DynamoDB Local with the demo province (the demo round open,
// deadline 60 days ahead; its year read from the clock: 2025 during 2026).
import { testNow } from '../support/test-clock'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flattenIndicators } from '../../shared/rubric/walk'
import { addDays, vietnamDate } from '../../shared/survey-year'
import { demoRubric, demoYears } from '../../functions/src/seed'
import { demoForm } from '../support/demo-form'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'
import { poll } from '../support/poll'

const PASSWORD = 'xaso-demo-2025'
// The demo round on today's date; "next year" is the year after it, opened by the test with a deadline further out
// than the round's, both relative to today, so the test holds on any date.
const { round: OLD, roster: NEW } = demoYears(testNow())
const rubric = demoRubric(OLD)
const TOTAL = flattenIndicators(rubric).length
const SON_TAN = 'qng-son-tan'
const SON_DUNG = 'qng-son-dung'
const SON_MAU = 'qng-son-mau'


let server: LocalServer
let browser: Browser

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
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

async function api(username: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  const { token } = (await res.json()) as { token: string }
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: r.status, body: (await r.json()) as any }
  }
}

const hashYear = (page: Page) => new URL(page.url()).hash.match(/year=(\d{4})/)?.[1]

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('browser-season'))
  // The province opens next year while this year's round is still open (its deadline comes later).
  const admin = await api('quantri.quangngai')
  const years = await admin('GET', '/years')
  const old = years.body.years.find((y: { year: number }) => y.year === OLD)
  expect(old).toBeDefined()
  const opened = await admin('POST', '/admin/years', {
    year: NEW,
    deadline: addDays(old.deadline > vietnamDate(testNow()) ? old.deadline : vietnamDate(testNow()), 30),
    rubricSource: 'copy',
    copyFrom: OLD,
  })
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('two survey years open at once', () => {
  it('the officer lands on the year that needs them; the reviewer finds and approves a submission of the older round', { timeout: scaled(240_000) }, async () => {
    // Officer of Sơn Tân: nothing submitted for OLD, which closes first → the OLD form, with NEW one tap away.
    const officer = await newPage()
    await login(officer.page, 'canbo.sontan')
    await poll(() => officer.page.url()).toContain(`#/communes/${SON_TAN}/${OLD}`)
    const years = officer.page.getByTestId('officer-years')
    await poll(() => years.innerText()).toContain(`Năm ${NEW}`)
    expect(await years.locator('a[aria-current="page"]').innerText()).toContain(`Năm ${OLD}`)
    await officer.context.close()

    // Once OLD is submitted, the round that needs the officer is NEW.
    const canbo = await api('canbo.sontan')
    const saved = await canbo('PATCH', `/communes/${SON_TAN}/assessments/${OLD}`, { version: 0, ...demoForm(rubric, 'Sơn Tân') })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const submitted = await canbo('POST', `/communes/${SON_TAN}/assessments/${OLD}/submit`, { version: saved.body.version })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    const again = await newPage()
    await login(again.page, 'canbo.sontan')
    await poll(() => again.page.url()).toContain(`#/communes/${SON_TAN}/${NEW}`)
    await poll(() => again.page.getByTestId('officer-years').innerText()).toContain('Đã nộp')
    expect(again.errors).toEqual([])
    await again.context.close()

    // Reviewer of Sơn Tây: OLD has submissions waiting, NEW none → the queue opens on OLD, the year in the URL.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    await poll(() => hashYear(reviewer.page)).toBe(String(OLD))
    const picker = reviewer.page.getByLabel('Năm đánh giá')
    await poll(() => picker.inputValue()).toBe(String(OLD))
    const row = reviewer.page.getByTestId('queue').locator(`tr[data-commune="${SON_DUNG}"]`)
    await poll(() => row.count()).toBe(1)
    // NEW is one choice away, and empty; back to OLD through the picker.
    await picker.selectOption(String(NEW))
    await poll(() => hashYear(reviewer.page)).toBe(String(NEW))
    await poll(() => reviewer.page.getByText('Không có bản đánh giá nào ở trạng thái này.').count()).toBe(1)
    await reviewer.page.getByLabel('Năm đánh giá').selectOption(String(OLD))
    await poll(() => row.count()).toBe(1)
    await row.getByRole('link').click()
    await poll(() => reviewer.page.url()).toContain(`#/communes/${SON_DUNG}/${OLD}`)
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Đã nộp')

    // Approving before every indicator is reviewed: the dialog says why, and its button cannot be used.
    await reviewer.page.getByTestId('act-approve').click()
    await poll(() => reviewer.page.getByTestId('approval-state').innerText()).toContain(`Còn ${TOTAL} chỉ tiêu chưa thẩm định`)
    expect(await reviewer.page.getByTestId('dlg-approve-confirm').isDisabled()).toBe(true)
    await reviewer.page.getByRole('button', { name: 'Hủy' }).click()
    await reviewer.page.getByTestId('accept-all').click()
    await poll(() => reviewer.page.getByTestId('reviewed-count').innerText()).toBe(`Đã thẩm định ${TOTAL}/${TOTAL} chỉ tiêu`)
    await reviewer.page.getByTestId('act-approve').click()
    await poll(() => reviewer.page.getByTestId('approval-state').innerText()).toContain(`Đã thẩm định đủ ${TOTAL}/${TOTAL} chỉ tiêu`)
    await reviewer.page.getByTestId('dlg-approve-confirm').click()
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Khu vực đã duyệt')
    // The reviewer's queue link keeps the year.
    expect(await reviewer.page.locator('a.back').getAttribute('href')).toContain(`year=${OLD}`)

    // Stored as shown: approved, every indicator accepted, in one accept-all event listing them.
    const admin = await api('quantri.quangngai')
    const view = await admin('GET', `/communes/${SON_DUNG}/assessments/${OLD}`)
    expect(view.body.assessment.status).toBe('district_approved')
    expect(Object.keys(view.body.assessment.reviews)).toHaveLength(TOTAL)
    const events = (await admin('GET', `/communes/${SON_DUNG}/assessments/${OLD}/timeline`)).body.events as any[]
    const acceptAll = events.filter((e) => e.action === 'review_indicator')
    expect(acceptAll).toHaveLength(1)
    expect(acceptAll[0].changes).toHaveLength(TOTAL)
    expect(reviewer.errors).toEqual([])
    await reviewer.context.close()
  })

  it('a reviewer accepts by keyboard, accepts all remaining and moves to the next commune', { timeout: scaled(180_000) }, async () => {
    const reviewer = await newPage()
    const page = reviewer.page
    await login(page, 'thamdinh.sontay')
    await poll(() => hashYear(page)).toBe(String(OLD))
    await page.getByTestId('queue').locator(`tr[data-commune="${SON_MAU}"]`).getByRole('link').click()
    await poll(() => page.getByTestId('status').innerText()).toBe('Đã nộp')
    const first = flattenIndicators(rubric)[0]!.indicator.id
    const second = flattenIndicators(rubric)[1]!.indicator.id

    // J focuses the first indicator, A accepts it and moves on to the next one without a verdict.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe(`ind-${first}`)
    await page.keyboard.press('a')
    await poll(() => page.getByTestId(`rv-${first}`).locator('.rv-chip').innerText()).toBe('Chấp nhận')
    await poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe(`ind-${second}`)
    // The form shows the stored verdict.
    expect(await page.locator(`[id="rv-${first}-accepted"]`).isChecked()).toBe(true)
    await poll(() => page.getByTestId('reviewed-count').innerText()).toBe(`Đã thẩm định 1/${TOTAL} chỉ tiêu`)

    // Shift+A: every remaining indicator in one request.
    await page.keyboard.press('Shift+A')
    await poll(() => page.getByTestId('reviewed-count').innerText()).toBe(`Đã thẩm định ${TOTAL}/${TOTAL} chỉ tiêu`)
    await poll(() => page.getByTestId('desk').innerText()).toContain(`Đã chấp nhận ${TOTAL - 1} chỉ tiêu.`)
    expect(await page.locator(`[id="rv-${second}-accepted"]`).isChecked()).toBe(true)
    const events = (await (await api('quantri.quangngai'))('GET', `/communes/${SON_MAU}/assessments/${OLD}/timeline`)).body.events as any[]
    expect(events.filter((e) => e.action === 'review_indicator').map((e) => e.changes.length)).toEqual([1, TOTAL - 1])

    // N: the next commune waiting in this year's queue (Sơn Tân, submitted in the first test).
    await page.keyboard.press('n')
    await poll(() => page.url()).toContain(`#/communes/${SON_TAN}/${OLD}`)
    await poll(() => page.getByTestId('status').innerText()).toBe('Đã nộp')
    await poll(() => page.getByTestId('reviewed-count').innerText()).toBe(`Đã thẩm định 0/${TOTAL} chỉ tiêu`)
    expect(reviewer.errors).toEqual([])
    await reviewer.context.close()
  })

  it('the administrator lands on the year with decisions waiting and recognises several communes at once', { timeout: scaled(180_000) }, async () => {
    const admin = await newPage()
    const page = admin.page
    await login(page, 'quantri.quangngai')
    // OLD has district approvals waiting (the seed's Sơn Liên, Sơn Dung approved above); NEW none.
    await poll(() => hashYear(page)).toBe(String(OLD))
    const pending = page.getByTestId('pending-province')
    await poll(() => pending.locator(`li[data-commune="${SON_DUNG}"]`).count()).toBe(1)
    const waiting = await pending.locator('li[data-commune]').evaluateAll((els) => els.map((e) => e.getAttribute('data-commune')!))
    expect(waiting.length).toBeGreaterThanOrEqual(2)
    await page.getByTestId('pending-all').check()
    await poll(() => page.getByTestId('pending-recognise').innerText()).toBe(`Công nhận ${waiting.length} xã đã chọn`)
    const decisionDate = vietnamDate(testNow())
    await page.getByLabel('Số quyết định').first().fill('77/QĐ-UBND')
    await page.locator('#pending-date').fill(decisionDate)
    await page.getByTestId('pending-recognise').click()
    await poll(() => pending.innerText()).toMatch(/Đã công nhận \d+ xã; \d+ xã không thành công\./)
    // The screen's count is what is stored.
    const api2 = await api('quantri.quangngai')
    const statuses = await Promise.all(waiting.map(async (id) => (await api2('GET', `/communes/${id}/assessments/${OLD}`)).body.assessment))
    const recognised = statuses.filter((a) => a.status === 'recognised')
    expect(await pending.innerText()).toContain(`Đã công nhận ${recognised.length} xã; ${waiting.length - recognised.length} xã không thành công.`)
    expect(recognised.length).toBeGreaterThanOrEqual(1)
    for (const a of recognised) expect(a.provinceDecision).toMatchObject({ decisionNumber: '77/QĐ-UBND', decisionDate })
    expect(admin.errors).toEqual([])
    await admin.context.close()
  })

  it('a reviewer assigns a commune to a named reviewer and lists only their own', { timeout: scaled(120_000) }, async () => {
    const reviewer = await newPage()
    const page = reviewer.page
    await login(page, 'thamdinh.sontay')
    await page.getByLabel('Trạng thái').selectOption('')
    const row = page.getByTestId('queue').locator(`tr[data-commune="${SON_TAN}"]`)
    await poll(() => row.count()).toBe(1)
    const picker = row.getByLabel('Giao cho · Sơn Tân')
    await poll(() => picker.count()).toBe(1)
    await picker.selectOption({ label: 'Nguyễn Văn Hùng' })
    const stored = async () => {
      const res = await (await api('thamdinh.sontay'))('GET', `/review/queue?year=${OLD}&mine=true`)
      return res.body.items.map((i: { communeId: string }) => i.communeId)
    }
    await poll(stored).toEqual([SON_TAN])
    await page.getByTestId('queue-mine').check()
    await poll(() => page.getByTestId('queue').locator('tr[data-commune]').count()).toBe(1)
    expect(await row.count()).toBe(1)
    expect(reviewer.errors).toEqual([])
    await reviewer.context.close()
  })
})

