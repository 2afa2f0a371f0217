// The review workflow end to end in a real browser (docs/REVIEW.md): officer submits → reviewer returns an
// indicator with a comment → officer sees it, fixes and resubmits → reviewer approves → admin recognises; the
// timeline shows every step. Built web app + local server + DynamoDB Local + Debian's chromium, as officer.test.ts.
import { testNow } from '../support/test-clock'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoYears } from '../../functions/src/seed'
import { demoForm } from '../support/demo-form'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'
import { poll } from '../support/poll'

// The demo's round, read from the clock (2025 during 2026).
const YEAR = demoYears(testNow()).round
const PASSWORD = 'xaso-demo-2025'
const COMMUNE = 'qng-son-tan'
const SHOTS = process.env.XASO_SHOTS // a directory: screenshots of each step, for looking at the design

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`)

let server: LocalServer
let browser: Browser

async function newPage(width = 1280): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'vi-VN' })
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

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })
}

/**
 * The officer's draft is filled through the API (the form itself is covered by officer.test.ts): every indicator at
 * its best on the round's own rubric, with a complete village roster where that rubric computes answers from one.
 */
async function fillThroughApi() {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'canbo.sontan', password: PASSWORD }),
  })
  const { token } = (await login.json()) as { token: string }
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  const current = (await (await fetch(`${server.url}/api/communes/${COMMUNE}/assessments/${YEAR}`, { headers: auth })).json()) as {
    assessment: { version: number; status: string }
  }
  expect(current.assessment.status).toBe('draft')
  const res = await fetch(`${server.url}/api/communes/${COMMUNE}/assessments/${YEAR}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ version: current.assessment.version, ...demoForm((await server.store.rubrics.get(YEAR))!, 'Sơn Tân') }),
  })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('browser-review'))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('review and recognition in the browser', () => {
  it('officer submits → reviewer returns → officer fixes and resubmits → reviewer approves → admin recognises', { timeout: scaled(240_000) }, async () => {
    // 1. Officer: a complete assessment, submitted from the form.
    await fillThroughApi()
    const officer = await newPage()
    await login(officer.page, 'canbo.sontan')
    await poll(() => officer.page.getByTestId('total').innerText()).toBe('1.000')
    await officer.page.getByTestId('submit').click()
    await officer.page.getByTestId('submit-confirm').click()
    await poll(() => officer.page.getByTestId('status').innerText()).toBe('Đã nộp')

    // 2. Reviewer: the queue lists it; one indicator needs more evidence, with a comment; the form goes back.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    await poll(() => reviewer.page.getByRole('heading', { name: 'Hàng chờ thẩm định' }).count()).toBe(1)
    const row = reviewer.page.getByTestId('queue').locator(`tr[data-commune="${COMMUNE}"]`)
    await poll(() => row.innerText()).toContain('Đã nộp')
    await shot(reviewer.page, '1-queue')
    await row.getByRole('link', { name: 'Sơn Tân' }).click()
    const card = reviewer.page.getByTestId('rv-A1.1')
    await poll(() => card.isVisible()).toBe(true)
    await byId(reviewer.page, 'rv-A1.1-needs_evidence').check()
    await byId(reviewer.page, 'rv-A1.1-reason').fill('Chưa có ảnh chụp quyết định thành lập tổ công nghệ số.')
    await card.getByRole('button', { name: 'Lưu kết luận' }).click()
    await poll(() => card.locator('.rv-chip').innerText()).toBe('Yêu cầu bổ sung minh chứng')
    await card.locator('summary').click()
    await byId(reviewer.page, 'rv-A1.1-comment').fill('Xã gửi bổ sung bản scan quyết định nhé.')
    await card.getByRole('button', { name: 'Gửi ý kiến' }).click()
    await poll(() => card.getByTestId('thread-A1.1').innerText()).toContain('bản scan quyết định')
    await shot(reviewer.page, '2-review')
    await reviewer.page.getByTestId('act-return').click()
    await byId(reviewer.page, 'dlg-return-text').fill('Đề nghị bổ sung minh chứng chỉ tiêu A1.1.')
    await shot(reviewer.page, '3-return-dialog')
    await reviewer.page.getByTestId('dlg-return-confirm').click()
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Bị trả lại')

    // 3. Officer: the banner, the flagged indicator with the reason and the comment; reply, fix, resubmit.
    await officer.page.reload()
    await poll(() => officer.page.getByTestId('returned-banner').innerText()).toContain('Đề nghị bổ sung minh chứng chỉ tiêu A1.1.')
    expect(await officer.page.getByTestId('status').innerText()).toBe('Bị trả lại')
    const note = officer.page.getByTestId('review-note-A1.1')
    await poll(() => note.innerText()).toContain('Chưa có ảnh chụp quyết định')
    await poll(() => officer.page.getByTestId('thread-A1.1').innerText()).toContain('bản scan quyết định')
    expect(await byId(officer.page, 'ind-A1.1').getAttribute('class')).toContain('ind-flagged')
    await shot(officer.page, '4-officer-returned')
    await byId(officer.page, 'ind-A1.1').scrollIntoViewIfNeeded()
    await shot(officer.page, '4b-officer-flagged')
    await byId(officer.page, 'c-A1.1-comment').fill('Đã bổ sung quyết định số 12/QĐ-UBND vào ghi chú.')
    await officer.page.getByTestId('thread-A1.1').getByRole('button', { name: 'Gửi ý kiến' }).click()
    await poll(() => officer.page.getByTestId('thread-A1.1').innerText()).toContain('12/QĐ-UBND')
    // The fix: a note on A1.1 naming the evidence (the answer changes, so its review must be done again).
    await byId(officer.page, 'ind-A1.1').locator('summary').first().click()
    await byId(officer.page, 'note-A1.1').fill('Quyết định 12/QĐ-UBND ngày 10/3/2025')
    await expect.poll(() => officer.page.getByTestId('save-status').innerText(), { timeout: scaled(15_000) }).toBe('Đã lưu')
    await officer.page.getByTestId('submit').click()
    await officer.page.getByTestId('submit-confirm').click()
    await poll(() => officer.page.getByTestId('status').innerText()).toBe('Đã nộp')

    // 4. Reviewer: accepts A1.1 now, approves at district level.
    await reviewer.page.reload()
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Đã nộp')
    await poll(() => reviewer.page.getByTestId('rv-officer-A1.1').innerText()).toContain('12/QĐ-UBND')
    await byId(reviewer.page, 'rv-A1.1-accepted').check()
    await card.getByRole('button', { name: 'Lưu kết luận' }).click()
    await poll(() => card.locator('.rv-chip').innerText()).toBe('Chấp nhận')
    // Approval needs every indicator reviewed: the rest accepted in one action.
    await reviewer.page.getByTestId('accept-all').click()
    await poll(() => reviewer.page.getByTestId('accept-all').count()).toBe(0)
    await reviewer.page.getByTestId('act-approve').click()
    await reviewer.page.getByTestId('dlg-approve-confirm').click()
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Khu vực đã duyệt')

    // 5. Admin: the decisions page lists it with the reviewed total; recognise with a decision number.
    const admin = await newPage()
    await login(admin.page, 'quantri.quangngai')
    await poll(() => admin.page.getByRole('heading', { name: /Quyết định công nhận/ }).count()).toBe(1)
    const unit = admin.page.getByLabel('Đơn vị thẩm định')
    if (await unit.count()) await unit.selectOption('qng-son-tay')
    const waiting = admin.page.getByTestId('decisions-waiting').locator(`li[data-commune="${COMMUNE}"]`)
    await poll(() => waiting.innerText()).toContain('1.000')
    await shot(admin.page, '5-decisions')
    await admin.page.getByTestId(`recognise-${COMMUNE}`).click()
    await byId(admin.page, 'dlg-recognise-number').fill('125/QĐ-UBND')
    await byId(admin.page, 'dlg-recognise-date').fill(`${YEAR}-12-01`)
    await admin.page.getByTestId('dlg-recognise-confirm').click()
    await poll(() => admin.page.getByTestId('decisions-decided').locator(`li[data-commune="${COMMUNE}"]`).innerText()).toContain('Đã công nhận')

    // The timeline, on the admin's review page: all five steps in order, with who and why.
    await admin.page.getByTestId('decisions-decided').getByRole('link', { name: 'Sơn Tân' }).click()
    await poll(() => admin.page.getByTestId('status').innerText()).toBe('Đã công nhận')
    // Workflow steps only: edits, comments and per-indicator reviews are in the timeline too.
    const steps = async () => {
      const actions = await Promise.all((await admin.page.getByTestId('timeline').locator('li[data-action]').all()).map((li) => li.getAttribute('data-action')))
      return actions.filter((a) => a !== 'edit' && a !== 'comment' && a !== 'review_indicator')
    }
    await poll(steps).toEqual(['submit', 'return', 'submit', 'approve', 'recognise'])
    const text = await admin.page.getByTestId('timeline').innerText()
    expect(text).toContain('Nguyễn Văn Hùng') // the reviewer
    expect(text).toContain('Đề nghị bổ sung minh chứng chỉ tiêu A1.1.')
    expect(text).toContain('Trần Thị Thu Hà') // the admin
    await admin.page.getByTestId('timeline').scrollIntoViewIfNeeded()
    await shot(admin.page, '6-timeline')

    // The officer sees the recognition, locked, with the same history.
    await officer.page.reload()
    await poll(() => officer.page.getByTestId('status').innerText()).toBe('Đã công nhận')
    await officer.page.getByTestId('history-toggle').click()
    await poll(() => officer.page.getByTestId('timeline').locator('li[data-action="recognise"]').count()).toBe(1)

    for (const p of [officer, reviewer, admin]) {
      expect(p.errors).toEqual([])
      await p.context.close()
    }
  })

  it('an adjusted value is what scores; recognition on failing reviewed values is refused with the rules', { timeout: scaled(120_000) }, async () => {
    // Sơn Dung is seeded as submitted with full answers: the reviewer finds its steering committee missing.
    const reviewer = await newPage()
    await login(reviewer.page, 'thamdinh.sontay')
    await reviewer.page.getByTestId('queue').getByRole('link', { name: 'Sơn Dung' }).click()
    await poll(() => reviewer.page.getByTestId('reviewed-total').innerText()).toBe('1.000')
    const card = reviewer.page.getByTestId('rv-A1.1')
    await byId(reviewer.page, 'rv-A1.1-adjusted').check()
    await byId(reviewer.page, 'rv-A1.1-choice').selectOption({ label: 'Chưa thành lập Ban Chỉ đạo' })
    await card.getByRole('button', { name: 'Lưu kết luận' }).click()
    // A reason is required: nothing is sent without one.
    await poll(() => byId(reviewer.page, 'rv-A1.1-reason-err').innerText()).toBe('Cần ghi lý do.')
    await byId(reviewer.page, 'rv-A1.1-reason').fill('Biên bản cho thấy Ban Chỉ đạo chưa được thành lập.')
    await card.getByRole('button', { name: 'Lưu kết luận' }).click()
    await poll(() => card.locator('.rv-chip').innerText()).toBe('Điều chỉnh giá trị')
    await poll(() => reviewer.page.getByTestId('reviewed-total').innerText()).not.toBe('1.000')
    await poll(() => reviewer.page.getByTestId('reviewed-verdict').innerText()).toContain('Chưa đủ điều kiện')
    await shot(reviewer.page, '9-adjusted')
    // A count typed "1,500" is refused in the box (Vietnamese "1.500" or 1500) and holds the save: the reviewer's
    // stored value is never the 1 the old box read from it (issue 9).
    const meetings = reviewer.page.getByTestId('rv-A1.2')
    await byId(reviewer.page, 'rv-A1.2-adjusted').check()
    await byId(reviewer.page, 'rv-A1.2-count').fill('1,500')
    await poll(() => meetings.getByTestId('number-error').innerText()).toContain('1.500')
    await byId(reviewer.page, 'rv-A1.2-reason').fill('Biên bản chỉ có bốn cuộc họp.')
    await meetings.getByRole('button', { name: 'Lưu kết luận' }).click()
    await poll(() => meetings.locator('.field-error').allInnerTexts()).toContain('Có ô chưa hợp lệ nên chưa lưu — hãy sửa các ô báo đỏ (số liệu vẫn giữ trên máy)')
    expect((await server.store.assessments.get('qng-son-dung', YEAR))?.reviews?.['A1.2']).toBeUndefined()
    await byId(reviewer.page, 'rv-A1.2-count').fill('4')
    await meetings.getByRole('button', { name: 'Lưu kết luận' }).click()
    await poll(async () => (await server.store.assessments.get('qng-son-dung', YEAR))?.reviews?.['A1.2']).toMatchObject({ decision: 'adjusted', answer: { count: 4 } })
    await reviewer.page.getByTestId('accept-all').click()
    await poll(() => reviewer.page.getByTestId('accept-all').count()).toBe(0)
    // Failing the rule on reviewed values: approved only as "not meeting", with a reason, said before the click.
    await reviewer.page.getByTestId('act-approve').click()
    await poll(() => reviewer.page.getByTestId('approval-state').innerText()).toContain('chưa đạt điều kiện công nhận')
    await byId(reviewer.page, 'dlg-approve-text').fill('Ban Chỉ đạo chưa thành lập; chuyển tỉnh xem xét.')
    expect(await reviewer.page.getByTestId('dlg-approve-confirm').innerText()).toBe('Duyệt (chưa đạt)')
    await reviewer.page.getByTestId('dlg-approve-confirm').click()
    await poll(() => reviewer.page.getByTestId('status').innerText()).toBe('Khu vực đã duyệt')

    const admin = await newPage()
    await login(admin.page, 'quantri.quangngai')
    const unit = admin.page.getByLabel('Đơn vị thẩm định')
    await poll(() => unit.count()).toBe(1)
    await unit.selectOption('qng-son-tay')
    await admin.page.getByTestId('recognise-qng-son-dung').click()
    await admin.page.getByTestId('dlg-recognise-confirm').click()
    const refused = admin.page.getByTestId('not-eligible')
    await poll(() => refused.innerText()).toContain('A1.1')
    await shot(admin.page, '10-not-eligible')
    await admin.page.getByRole('button', { name: 'Hủy' }).click()
    const row = admin.page.getByTestId('decisions-waiting').locator('li[data-commune="qng-son-dung"]')
    await row.getByRole('button', { name: 'Không công nhận' }).click()
    await byId(admin.page, 'dlg-not-recognise-text').fill('Chưa thành lập Ban Chỉ đạo chuyển đổi số.')
    await admin.page.getByTestId('dlg-not-recognise-confirm').click()
    await poll(() => admin.page.getByTestId('decisions-decided').locator('li[data-commune="qng-son-dung"]').innerText()).toContain('Không công nhận')
    for (const p of [reviewer, admin]) {
      expect(p.errors).toEqual([])
      await p.context.close()
    }
  })

  it('fits a 360 px phone: queue and review page without horizontal scrolling', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    await login(page, 'thamdinh.sontay')
    await poll(() => page.getByRole('heading', { name: 'Hàng chờ thẩm định' }).count()).toBe(1)
    await page.getByLabel('Trạng thái').selectOption('')
    await poll(() => page.getByTestId('queue').count()).toBe(1)
    expect(await overflow()).toBeLessThanOrEqual(0)
    await shot(page, '7-queue-360')
    await page.getByTestId('queue').getByRole('link', { name: 'Sơn Tân' }).click()
    await poll(() => page.getByTestId('review-summary').count()).toBe(1)
    expect(await overflow()).toBeLessThanOrEqual(0)
    // Every control of the review page has an accessible name.
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.id || el.outerHTML.slice(0, 60))`)
    expect(unlabelled).toEqual([])
    await shot(page, '8-review-360')
    // Statuses in English too.
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await poll(() => page.getByTestId('status').innerText()).toBe('Recognised')
    await context.close()
  })
})
