// Issue 9, as an officer lives it: a 360×740 phone in real Chromium, the stored value read back through the API.
// Each test reproduces one of the problems the issue reported and shows it is gone.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { PHONE, YEAR, byId, communeOf, login, poll, readBack, recordPatches, saveStatus } from '../support/officer-page'
import { demoRubric } from '../../functions/src/seed/demo-years'
import { typedFactAfter } from '../support/demo-form'
import { scaled } from '../support/timing'

let server: LocalServer
let browser: Browser

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('officer-typing'))
})
afterAll(() => closeBrowserApp({ server, browser }))

// No service worker here: these are about the form and the server (offline-first.test.ts has the worker).
// A fact the officer types, not one test 4 uses: the villages on rubric-2025, the officials where the round's
// rubric computes the villages from the roster.
const OTHER_FACT = typedFactAfter(demoRubric(YEAR))

const phone = () => browser.newContext({ ...PHONE, serviceWorkers: 'block' })

describe('nothing an officer types is changed or dropped', () => {
  it('1. "1,500" in a whole-number box is refused with the reason, never stored as 1, and blocks submit', { timeout: scaled(120_000) }, async () => {
    const context = await phone()
    const sent = recordPatches(context)
    const page = await context.newPage()
    await login(page, server.url, 'canbo.sontan')
    const communeId = communeOf(page)

    await byId(page, 'in-A1.2').pressSequentially('1,500')
    await poll(() => page.getByTestId('number-error').first().innerText()).toBe('1,500: dùng 1.500 hoặc 1500')
    await poll(() => saveStatus(page)).toContain('chưa hợp lệ nên chưa lưu')
    // Another field is saved meanwhile; the box in error is not.
    await byId(page, `pf-${OTHER_FACT}`).fill('9')
    await poll(() => page.getByTestId(`sync-profile.${OTHER_FACT}`).getAttribute('data-phase')).toBe('server')
    const meanwhile = await readBack(server.url, 'canbo.sontan', communeId)
    expect(meanwhile.profile[OTHER_FACT]).toBe(9)
    expect(meanwhile.answers['A1.2']).toBeUndefined()
    expect(sent.some((b) => JSON.stringify(b).includes('A1.2'))).toBe(false)
    // Submit lists the box.
    await page.getByTestId('submit').click()
    await poll(() => page.getByTestId('submit-issues').innerText()).toContain('1,500: dùng 1.500 hoặc 1500')

    // Written the Vietnamese way, it is 1500, shown as 1.500 once the box is left.
    await byId(page, 'in-A1.2').fill('1.500')
    await byId(page, 'in-A1.2').blur()
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    expect((await readBack(server.url, 'canbo.sontan', communeId)).answers['A1.2']).toEqual({ count: 1500 })
    expect(await byId(page, 'in-A1.2').inputValue()).toBe('1.500')
    await context.close()
  })

  it('2. a note survives clearing and retyping the value; the cleared value is stored as "no answer yet"', { timeout: scaled(120_000) }, async () => {
    const context = await phone()
    const page = await context.newPage()
    await login(page, server.url, 'canbo.sontan')
    const communeId = communeOf(page)

    await byId(page, 'in-A1.2').fill('5')
    await byId(page, 'in-A1.2').locator('xpath=ancestor::fieldset[1]').getByText('Ghi chú (không bắt buộc)').click()
    await byId(page, 'note-A1.2').fill('Theo báo cáo quý 3')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['A1.2']).toEqual({ count: 5, note: 'Theo báo cáo quý 3' })

    await byId(page, 'in-A1.2').fill('')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['A1.2']).toEqual({ noAnswer: true, note: 'Theo báo cáo quý 3' })
    expect(await byId(page, 'note-A1.2').inputValue()).toBe('Theo báo cáo quý 3')

    await byId(page, 'in-A1.2').fill('7')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['A1.2']).toEqual({ count: 7, note: 'Theo báo cáo quý 3' })
    expect(await byId(page, 'note-A1.2').inputValue()).toBe('Theo báo cáo quý 3')
    await context.close()
  })

  it('3. emptying a ratio’s numerator keeps its denominator, saves, and nothing is stuck', { timeout: scaled(120_000) }, async () => {
    const context = await phone()
    const page = await context.newPage()
    await login(page, server.url, 'canbo.sontan')
    const communeId = communeOf(page)

    await byId(page, 'in-B1').fill('30')
    await byId(page, 'den-B1').fill('40')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['B1']).toEqual({ numerator: 30, denominator: 40 })

    await byId(page, 'in-B1').fill('')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    expect(await byId(page, 'den-B1').inputValue()).toBe('40')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['B1']).toEqual({ noAnswer: true, denominator: 40 })

    await byId(page, 'in-B1').fill('35')
    await poll(() => saveStatus(page)).toBe('Đã lưu')
    await poll(async () => (await readBack(server.url, 'canbo.sontan', communeId)).answers['B1']).toEqual({ numerator: 35, denominator: 40 })
    await context.close()
  })

  it('4-5. the losing device is told without a reload; the field under the cursor becomes a choice that fits the phone', { timeout: scaled(180_000) }, async () => {
    const ctxA = await phone()
    const ctxB = await phone()
    const a = await ctxA.newPage()
    const b = await ctxB.newPage()
    await login(a, server.url, 'canbo.anvinh')
    await login(b, server.url, 'canbo.anvinh')
    const communeId = communeOf(a)

    // Device B saves; device A is told by its light poll, with no reload and no action of its own.
    await b.locator('[id="pf-population"]').fill('4100')
    await poll(() => saveStatus(b)).toBe('Đã lưu')
    await poll(() => a.locator('[id="pf-population"]').inputValue(), 60_000).toBe('4.100')
    const stored = await readBack(server.url, 'canbo.anvinh', communeId)
    expect(stored.profile.population).toBe(4100)
    const notice = await a.getByTestId('remote-notice').innerText()
    expect(notice).toContain('dân số')
    expect(notice).toContain(stored.updatedByName!)
    // The score on A follows the other device's value too (it is the value on screen).
    expect(await a.getByTestId('total').innerText()).toBe(await b.getByTestId('total').innerText())

    // A is in the households box; B saves households. A's box is not changed under the cursor: A is asked.
    await a.locator('[id="pf-households"]').click()
    await b.locator('[id="pf-households"]').fill('1300')
    await poll(() => saveStatus(b)).toBe('Đã lưu')
    const dialog = a.getByRole('dialog', { name: 'Bản đánh giá đã được sửa ở nơi khác' })
    await poll(() => dialog.isVisible(), 60_000).toBe(true)
    expect(await a.locator('[id="pf-households"]').inputValue()).toBe('')
    await poll(() => saveStatus(a)).toContain('Cần bạn chọn')
    const who = await a.getByTestId('conflict-who').innerText()
    expect(who).toContain((await readBack(server.url, 'canbo.anvinh', communeId)).updatedByName!)
    expect(who).toMatch(/\d{1,2}:\d{2}/)
    // Its action is on screen at 360×740 without scrolling.
    await dialog.getByLabel(/Trên máy chủ/).first().check()
    const save = dialog.getByRole('button', { name: 'Lưu lựa chọn' })
    const box = (await save.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(740)
    await a.screenshot({ path: '/tmp/xaso-conflict-360.png' })
    await save.click()
    await poll(() => a.locator('[id="pf-households"]').inputValue()).toBe('1.300')
    await poll(() => saveStatus(a)).toBe('Đã lưu')
    expect((await readBack(server.url, 'canbo.anvinh', communeId)).profile.households).toBe(1300)
    await ctxA.close()
    await ctxB.close()
  })
})
