// The product on another date, in a real browser: the seed, the API and every page share one clock set to
// 15 June 2028 (Vietnam), when the demo's round is 2027 on the default rubric of 2027 (rubric-2026's, with village
// rosters). The officer lands on that round, sees its deadline open, types and it is stored; the reviewer's queue
// opens on it; the administrator opens the year after the roster year. No literal year: all from demoYears.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { DEMO_PASSWORD, defaultHasRoster, demoYears } from '../../functions/src/seed'
import { dmy } from '../../shared/survey-year'
import { flattenIndicators } from '../../shared/rubric/walk'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { byId, login as officerLogin, PHONE, poll, saveStatus } from '../support/officer-page'
import { scaled } from '../support/timing'
import { clockFrom } from '../support/test-clock'

const START = new Date('2028-06-15T03:00:00Z')
const clock = clockFrom(START)
const years = demoYears(START)

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('future-date', { clock }))
})

afterAll(() => closeBrowserApp({ server, browser }))

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

describe('the demo on 15 June 2028', () => {
  it('seeded the round of the year before, on its own default rubric', async () => {
    expect(server.seeded!.years).toEqual(years)
    expect(years.round).toBe(2027)
    expect(Boolean((await server.store.rubrics.get(years.round))!.roster)).toBe(defaultHasRoster(years.round))
  })

  it('the officer lands on the round, its deadline open, and what they type is stored', { timeout: scaled(120_000) }, async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    // The page's own clock is the server's.
    expect(Number(await page.evaluate('new Date().getFullYear()'))).toBe(2028)
    await officerLogin(page, server.url, 'canbo.sontan')
    await poll(() => page.url()).toContain(`/communes/qng-son-tan/${years.round}`)
    const deadline = (await server.store.surveyYears.get(years.round))!.deadline
    // Open, on the page's clock, which is the server's.
    await poll(() => page.getByTestId('deadline').innerText()).toBe(`Hạn nộp bản đánh giá năm ${years.round}: hết ngày ${dmy(deadline)}.`)
    if (defaultHasRoster(years.round)) await poll(() => page.getByTestId('roster').count()).toBe(1)

    // A yes/no indicator of the round's rubric: its first radio is "Có".
    const rubric = (await server.store.rubrics.get(years.round))!
    const yesNo = flattenIndicators(rubric).find((f) => f.indicator.input.kind === 'boolean')!.indicator.id
    await byId(page, 'pf-population').fill('6200')
    await byId(page, `in-${yesNo}`).check()
    await poll(() => saveStatus(page), 60_000).toBe('Đã lưu')
    const stored = (await server.store.assessments.get('qng-son-tan', years.round))!
    expect(stored.profile.population).toBe(6200)
    expect(stored.answers[yesNo]).toEqual({ yes: true })
    // Stamped on the shared clock.
    expect(stored.updatedAt!.slice(0, 4)).toBe('2028')
    await context.close()
  })

  it('the reviewer’s queue opens on the round with the seeded submissions', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page, 'thamdinh.sontay')
    await poll(() => new URL(page.url()).hash.match(/year=(\d{4})/)?.[1]).toBe(String(years.round))
    await poll(() => page.getByTestId('queue').locator('tr[data-commune="qng-son-dung"]').count()).toBe(1)
    await context.close()
  })

  it('the administrator opens the year after the roster year with a deadline in it', { timeout: scaled(60_000) }, async () => {
    const next = years.roster + 1
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await login(page, 'quantri.quangngai')
    await page.getByRole('link', { name: 'Năm khảo sát' }).click()
    await poll(() => page.locator(`[data-testid="years"] tr[data-year="${years.round}"]`).count()).toBe(1)
    await page.getByLabel('Năm khảo sát', { exact: true }).fill(String(next))
    await page.getByLabel('Hạn nộp (hết ngày, giờ Việt Nam)').fill(`${next}-11-30`)
    await page.getByLabel('Bộ tiêu chí ban đầu').selectOption('default')
    await page.getByRole('button', { name: 'Mở năm khảo sát' }).click()
    await poll(() => page.getByTestId('open-year-feedback').innerText()).toContain(`Đã mở năm khảo sát ${next}.`)
    expect(await server.store.surveyYears.get(next)).toMatchObject({ year: next, deadline: `${next}-11-30` })
    await context.close()
  })
})
