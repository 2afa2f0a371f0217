// The administrator's "Năm khảo sát" screen in a real browser: open a year (copy of last year's rubric), extend a
// commune's deadline (reason required), an uploaded rubric with problems lists every one; the officer sees the
// deadline of the year the server has open.
import { testNow } from '../support/test-clock'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { addDays, vietnamDate } from '../../shared/survey-year'
import { scaled } from '../support/timing'
import { demoYears } from '../../functions/src/seed'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('survey-years'))
})

afterAll(() => closeBrowserApp({ server, browser }))

// The demo's years on today's date (2025 and 2026 during 2026): the seed opened ROUND, the test opens NEXT.
const { round: ROUND, roster: NEXT } = demoYears(testNow())
// Relative to today (the test must hold on any date): the deadline within a month, the extension two weeks later,
// both before the seeded round closes (60 days ahead), so NEXT is also the round the officer meets first.
const today = vietnamDate(testNow())
const DEADLINE = addDays(today, 30)
const EXTENDED = addDays(today, 45)
const dmy = (d: string) => d.split('-').reverse().join('/')

describe('survey years (administrator)', () => {
  it('opens a year with last year’s rubric, extends a commune with a reason, lists every problem of a bad upload', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill('quantri.quangngai')
    await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByRole('link', { name: 'Năm khảo sát' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Năm khảo sát', level: 1 }).count()).toBe(1)
    // The seed opened the round.
    await expect.poll(() => page.locator(`[data-testid="years"] tr[data-year="${ROUND}"]`).count()).toBe(1)

    // A deadline is required; then NEXT opens with a copy of the round's rubric.
    const deadline = DEADLINE
    await page.getByLabel('Năm khảo sát', { exact: true }).fill(String(NEXT))
    await page.getByRole('button', { name: 'Mở năm khảo sát' }).click()
    await expect.poll(() => page.getByTestId('open-year-feedback').innerText()).toContain('Hãy chọn ngày.')
    await page.getByLabel('Hạn nộp (hết ngày, giờ Việt Nam)').fill(deadline)
    await page.getByLabel('Bộ tiêu chí ban đầu').selectOption('copy')
    await page.getByRole('button', { name: 'Mở năm khảo sát' }).click()
    await expect.poll(() => page.getByTestId('open-year-feedback').innerText()).toContain(`Đã mở năm khảo sát ${NEXT}.`)
    await expect.poll(() => page.locator(`[data-testid="year-detail"][data-year="${NEXT}"]`).count()).toBe(1)
    await expect.poll(() => page.getByTestId('rubric-versions').innerText()).toContain(`Sao chép từ năm ${ROUND}`)
    const stored = await server.store.surveyYears.get(NEXT)
    expect(stored).toMatchObject({ year: NEXT, deadline, extensions: {} })
    expect((await server.store.rubrics.get(NEXT))?.id).toBe(`xa-cds-${NEXT}`)

    // An extension needs a reason.
    const sonTan = (await server.store.users.getByUsername('canbo.sontan'))!.orgUnitId
    const detail = page.getByTestId('year-detail')
    await detail.getByLabel('Xã', { exact: true }).selectOption(sonTan)
    await detail.getByLabel('Gia hạn đến hết ngày').fill(EXTENDED)
    await detail.getByRole('button', { name: 'Gia hạn', exact: true }).click()
    await expect.poll(() => page.getByTestId('extension-feedback').innerText()).toContain('Hãy nhập lý do.')
    await detail.getByLabel('Lý do gia hạn').fill('Lũ quét chia cắt xã')
    await detail.getByRole('button', { name: 'Gia hạn', exact: true }).click()
    await expect.poll(() => page.locator(`[data-testid="extensions"] tr[data-commune="${sonTan}"]`).innerText()).toContain('Lũ quét chia cắt xã')
    expect((await server.store.surveyYears.get(NEXT))?.extensions[sonTan]).toMatchObject({ until: EXTENDED, reason: 'Lũ quét chia cắt xã' })
    await expect.poll(() => page.getByTestId('year-log').innerText()).toMatch(/Gia hạn cho xã .* đến/)

    // A rubric with problems: every one is listed by its JSON path, nothing is published.
    const broken = { ...(await server.store.rubrics.get(NEXT))!, title: { vi: '' }, recognition: { minTotal: -5, minPillarShare: 3, mandatoryMustBeMet: true } }
    await page.getByTestId('rubric-file').setInputFiles({ name: 'tieu-chi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) })
    await page.getByTestId('rubric-upload').click()
    const problems = page.getByTestId('rubric-problems-fields')
    await expect.poll(() => problems.locator('li').count()).toBeGreaterThanOrEqual(4)
    expect(await problems.locator('li[data-field="rubric.recognition.minTotal"]').count()).toBe(1)
    expect(await problems.locator('li[data-field="rubric.title.en"]').count()).toBe(1)
    expect((await server.store.rubrics.listVersions(NEXT)).length).toBe(1)

    // Points edited in the form become version 2.
    const firstPoints = page.locator('[data-testid="rubric-edit"] input[aria-label^="Điểm của"]').first()
    // Option ids never show: each choice is named by its label, every number box has a visible label.
    expect(await page.getByTestId('rubric-edit').innerText()).not.toContain('secretary-or-chair')
    const unlabelled = await page.evaluate<number>(`[...document.querySelectorAll('[data-testid="rubric-edit"] input')].filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).length`)
    expect(unlabelled).toBe(0)
    await firstPoints.fill('9')
    await firstPoints.blur()
    // The preview lists what changed; publishing asks first, with the same list.
    await page.getByTestId('rubric-preview').click()
    await expect.poll(() => page.getByTestId('rubric-preview-changes').innerText()).toContain('→ ')
    await page.getByTestId('rubric-save').click()
    await expect.poll(() => page.getByRole('dialog').getByTestId('rubric-changes').innerText()).toContain('9')
    expect((await server.store.rubrics.listVersions(NEXT)).length).toBe(1)
    await page.getByTestId('rubric-publish-confirm').click()
    await expect.poll(() => page.getByTestId('rubric-published').innerText()).toContain('Đã đăng phiên bản 2.')
    await expect.poll(() => page.locator('[data-testid="rubric-versions"] tr[data-version="2"]').count()).toBe(1)
    await context.close()
  })

  it('the officer lands on the round that closes first for them (the next one, extended) and sees its deadline and extension', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 900 } })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill('canbo.sontan')
    await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await expect.poll(() => page.url()).toContain(`/${NEXT}`)
    await expect.poll(() => page.getByTestId('deadline').innerText()).toContain(`Xã được gia hạn nộp đến hết ngày ${dmy(EXTENDED)} (hạn chung: ${dmy(DEADLINE)})`)
    await context.close()
  })
})
