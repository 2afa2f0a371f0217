// End-to-end in a real browser: the built web app (web/dist) served by the local server against DynamoDB
// Local, driven by Debian's chromium through playwright-core. `npm test` builds the web app first.
import { testNow } from '../support/test-clock'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRubric, demoYears } from '../../functions/src/seed'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { scaled } from '../support/timing'
import { poll } from '../support/poll'
import { typedProfile } from '../support/demo-form'
import { addVillage, bestVillage, fillVillage } from '../support/roster-page'
import type { Indicator, RatioInput } from '../../shared/rubric/schema'

// The demo's round, read from the clock (2025 during 2026), on the rubric the seed published for it.
const YEAR = demoYears(testNow()).round
const PASSWORD = 'xaso-demo-2025'

const rubric = demoRubric(YEAR)
// What the officer types (a roster-keeping rubric computes some answers from the village roster instead).
const indicators = rubric.pillars.flatMap((p) => p.groups.flatMap((g) => g.indicators)).filter((i) => i.input.kind !== 'roster')
// A coherent commune: every fact > 0 and adults ≤ population.
const profile: Record<string, number> = {
  population: 5200,
  adults: 3900,
  households: 1200,
  villages: 9,
  officials: 21,
  businesses: 140,
  schools: 4,
}
// The facts the officer types: on a rubric keeping the village roster, the number of villages is the roster's.
const typed = typedProfile(rubric, profile)

/**
 * A ratio over a fact the officer types, other than A3.1 (typed first): A3.2 over the villages on rubric-2025; on
 * a rubric whose roster computes A3.2 and the villages, the next one by content (A3.4 over the adults).
 */
const overFact = indicators.find(
  (i): i is Indicator & { input: RatioInput & { denominator: { profile: string } } } =>
    i.id !== 'A3.1' && i.input.kind === 'ratio' && 'profile' in i.input.denominator && i.input.denominator.profile in typed,
)!
const overDen = typed[overFact.input.denominator.profile]!
const overPoints = overFact.scoring.kind === 'ratio' ? overFact.scoring.points : NaN
/** A total as the page shows it (vi-VN, two decimals at most). */
const shown = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n)

let server: LocalServer
let browser: Browser

// Browser-side expressions are strings: the root tsconfig (which checks test/) has no DOM lib.
// Ids contain dots ("A3.1"), so select by attribute rather than #id.
const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`)
const total = (page: Page) => page.getByTestId('total').innerText()
const saveStatus = (page: Page) => page.getByTestId('save-status')

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** Full points for one indicator: numerator = denominator, best step, yes, best option. */
async function answerFully(page: Page, ind: (typeof indicators)[number]) {
  const input = ind.input
  switch (input.kind) {
    case 'ratio': {
      if ('profile' in input.denominator) await byId(page, `in-${ind.id}`).fill(String(profile[input.denominator.profile]))
      else {
        await byId(page, `in-${ind.id}`).fill('40')
        await byId(page, `den-${ind.id}`).fill('40')
      }
      return
    }
    case 'count': {
      const s = ind.scoring
      const best = s.kind === 'steps' ? s.steps.reduce((a, b) => (b.points > a.points ? b : a)) : undefined
      const value = best && 'atMost' in best ? best.atMost : best && 'atLeast' in best ? best.atLeast : 1
      await byId(page, `in-${ind.id}`).fill(String(value))
      return
    }
    case 'boolean':
    case 'choice':
      // The first radio is "Có" for yes/no, and the top option for choices in the 2025 rubric.
      await byId(page, `in-${ind.id}`).check()
  }
}

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('browser'))
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('officer self-assessment in the browser', () => {
  it('fills, autosaves, survives a reload, and submits', { timeout: scaled(180_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await login(page, 'canbo.sontan')
    await poll(() => page.locator('h1').first().innerText()).toContain('Sơn Tân')
    const communeId = decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')
    expect(communeId).not.toBe('')
    expect(await total(page)).toBe('0')
    await poll(() => saveStatus(page).innerText()).toBe('Đã lưu')

    // Profile first, then a few indicators: the score follows every keystroke, no round trip.
    for (const [id, n] of Object.entries(typed)) await byId(page, `pf-${id}`).fill(String(n))
    await byId(page, 'in-A3.1').fill('900') // 900/1200 households = 75 % of an 80 % target
    await poll(() => total(page)).toBe('28,13')
    await expect(page.getByText('Tỷ lệ: 75%').count()).resolves.toBe(1)
    await byId(page, 'in-A1.1').check()
    await byId(page, 'in-A1.3').check()
    await poll(() => total(page)).toBe('58,13')
    // A numerator above its denominator is shown inline and kept locally, not sent.
    await byId(page, `in-${overFact.id}`).fill(String(overDen + 3))
    await poll(() => byId(page, `iss-${overFact.id}`).innerText()).toContain('lớn hơn')
    await byId(page, `in-${overFact.id}`).fill(String(overDen))
    await poll(() => byId(page, `iss-${overFact.id}`).innerText()).toBe('')

    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(15_000) }).toBe('Đã lưu')
    const stored = await server.store.assessments.get(communeId, YEAR)
    expect(stored?.profile).toEqual(typed)
    expect(stored?.answers['A3.1']).toEqual({ numerator: 900 })
    expect(stored?.answers[overFact.id]).toEqual({ numerator: overDen })

    // Reload: the draft comes back from the server.
    await page.reload()
    await poll(() => byId(page, 'pf-households').inputValue()).toBe('1.200')
    expect(await byId(page, 'in-A3.1').inputValue()).toBe('900')
    expect(await byId(page, 'in-A1.1').isChecked()).toBe(true)
    expect(await total(page)).toBe(shown(58.125 + overPoints))

    // Submitting early lists what is missing, each linked to its box.
    await page.getByTestId('submit').click()
    await poll(() => page.getByTestId('submit-issues').innerText()).toContain('Chưa thể nộp')
    await page.getByTestId('submit-issues').getByRole('button', { name: /A1\.2/ }).click()
    await poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('in-A1.2')

    // Everything else, at full points.
    for (const ind of indicators) await answerFully(page, ind)
    // A rubric that computes answers from the village roster: the officer lists the villages, each with what the
    // rubric counts (its signal, fibre, Wi-Fi, digital team, smart village), in the roster editor.
    const villages: Record<string, { name: string; kind: 'thon' | 'ban' }> = {}
    if (rubric.roster) {
      for (const [name, kind] of [['Thôn Làng Mới', 'thon'], ['Bản Nước Xanh', 'ban']] as const) {
        const id = await addVillage(page, name, kind)
        await fillVillage(page, id, bestVillage(rubric))
        villages[id] = { name, kind }
      }
      await page.getByTestId('village-close').click()
      await poll(() => page.getByTestId('derived-pf-villages').innerText()).toBe('2 thôn')
    }
    await poll(() => total(page)).toBe('1.000')
    await poll(() => page.getByTestId('verdict').innerText()).toBe('Đủ điều kiện công nhận')
    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(20_000) }).toBe('Đã lưu')

    await page.getByTestId('submit').click()
    const dialog = page.getByRole('dialog', { name: 'Nộp bản đánh giá?' })
    await poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByTestId('submit-confirm').click()
    await poll(() => page.getByTestId('status').innerText()).toBe('Đã nộp')
    expect(await byId(page, 'pf-population').isDisabled()).toBe(true)
    const submitted = await server.store.assessments.get(communeId, YEAR)
    expect(submitted?.status).toBe('submitted')
    // The villages as entered, in the order added (none listed on rubric-2025, where the form keeps no roster).
    expect(submitted?.roster ?? {}).toEqual(
      Object.fromEntries(Object.entries(villages).map(([id, v], order) => [id, { ...v, order, ...bestVillage(rubric) }])),
    )

    await page.screenshot({ path: '/tmp/xaso-officer-submitted.png' })
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps typing through a failed save and sends it after a reload', { timeout: scaled(90_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, serviceWorkers: 'block' })
    const page = await context.newPage()
    await login(page, 'canbo.anvinh')
    await poll(() => page.getByTestId('total').count()).toBe(1)
    const communeId = decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')

    // The network drops every save. No service worker in this context: a request it passes on to the network can
    // slip past the router (test/support/offline.ts; the worker is test/browser/offline.test.ts's subject).
    await context.route('**/api/communes/**', (route) =>
      route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue(),
    )
    await byId(page, 'pf-population').fill('3100')
    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(10_000) }).toMatch(/Lưu thất bại|thay đổi đang chờ gửi/)
    expect(await server.store.assessments.get(communeId, YEAR)).toBeUndefined()

    // Back online after a reload: the edit was kept on the device and is sent.
    await context.unroute('**/api/communes/**')
    await page.reload()
    await poll(() => byId(page, 'pf-population').inputValue()).toBe('3.100')
    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(15_000) }).toBe('Đã lưu')
    expect((await server.store.assessments.get(communeId, YEAR))?.profile.population).toBe(3100)
    await context.close()
  })

  it('asks, field by field, when the server copy changed meanwhile', { timeout: scaled(90_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } })
    const page = await context.newPage()
    await login(page, 'canbo.anvinh')
    await poll(() => byId(page, 'pf-population').inputValue()).toBe('3.100')
    const communeId = decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')

    // Another device saves population = 3300 after this page loaded.
    const current = (await server.store.assessments.get(communeId, YEAR))!
    await server.store.assessments.save({ ...current, version: current.version + 1, profile: { ...current.profile, population: 3300 } }, current.version)

    await byId(page, 'pf-population').fill('3200')
    const dialog = page.getByRole('dialog', { name: 'Bản đánh giá đã được sửa ở nơi khác' })
    await expect.poll(() => dialog.isVisible(), { timeout: scaled(10_000) }).toBe(true)
    const text = await dialog.innerText()
    expect(text).toContain('3.300')
    expect(text).toContain('3.200')
    await dialog.getByLabel(/Của bạn/).check()
    await dialog.getByRole('button', { name: 'Lưu lựa chọn' }).click()
    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(15_000) }).toBe('Đã lưu')
    expect((await server.store.assessments.get(communeId, YEAR))?.profile.population).toBe(3200)
    await context.close()
  })

  it('is usable with the keyboard alone, labels every input, and switches to English', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 800 } })
    const page = await context.newPage()
    await page.goto(server.url)
    await byId(page, 'login-username').focus()
    await page.keyboard.type('canbo.anvinh')
    await page.keyboard.press('Tab')
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press('Enter')
    await poll(() => page.getByTestId('total').count()).toBe(1)

    // Every form control has an accessible name (a <label>, aria-label or aria-labelledby).
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.id || el.outerHTML.slice(0, 60))`)
    expect(unlabelled).toEqual([])

    // Space picks a radio reached by Tab, and the score follows.
    await byId(page, 'in-A1.3').focus()
    await page.keyboard.press('Space')
    await poll(() => total(page)).not.toBe('0')
    // Focus is visible: the focused radio draws an outline.
    const outline = await page.evaluate<string>(`getComputedStyle(document.activeElement).outlineStyle`)
    expect(outline).not.toBe('none')

    await page.getByRole('button', { name: 'Switch to English' }).click()
    await expect.poll(() => saveStatus(page).innerText(), { timeout: scaled(15_000) }).toBe('Saved')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.reload()
    await poll(() => page.getByRole('heading', { name: 'Commune profile' }).count()).toBe(1)
    await context.close()
  })

  it('fits a 360 px phone without horizontal scrolling', { timeout: scaled(60_000) }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(server.url)
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    expect(await overflow()).toBeLessThanOrEqual(0)
    await login(page, 'canbo.anvinh')
    await poll(() => page.getByTestId('total').count()).toBe(1)
    expect(await overflow()).toBeLessThanOrEqual(0)
    // The summary bar stays reachable and expands in place.
    await page.getByRole('button', { name: 'Xem chi tiết kết quả' }).click()
    await poll(() => page.getByTestId('advice').isVisible()).toBe(true)
    expect(await overflow()).toBeLessThanOrEqual(0)
    await page.screenshot({ path: '/tmp/xaso-officer-360.png' })
    await context.close()
  })
})
