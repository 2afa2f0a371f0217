// Issue 13, the village roster on the officer's phone (360×740): edited offline through the same outbox as the
// answers, kept across a reload, sent on reconnect; GPS from a mocked geolocation stored with its accuracy; two
// devices on different villages both stored. Every result is read back through the API.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalServer } from '../../functions/src/local/server'
import type { Rubric } from '../../shared/rubric/schema'
import type { Roster, Village } from '../../shared/roster'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'
import { goOffline, goOnline } from '../support/offline'
import { addVillage } from '../support/roster-page'
import { defaultRubricFor } from '../../shared/rubric/default'
import { rubricForYear } from '../../shared/rubric/edit'
import { firstYearWhere } from '../../functions/src/seed'
import { PASSWORD, PHONE, YEAR, byId, communeOf, login, poll, saveStatus } from '../support/officer-page'
import { perfectAnswers, profile } from '../unit/fixtures'

let server: LocalServer
let browser: Browser

const OPERATORS = [
  { id: 'viettel', label: { vi: 'Viettel', en: 'Viettel' } },
  { id: 'vnpt', label: { vi: 'VNPT', en: 'VNPT' } },
  { id: 'mobifone', label: { vi: 'MobiFone', en: 'MobiFone' } },
]

type StoredRoster = { version: number; roster?: Roster; answers: Record<string, unknown> }
type StoredScore = { indicators: Record<string, { value?: number; points: number; met?: boolean }>; verdict: { eligible: boolean } }

// A3.3 "villages without 4G/5G" computed from the roster, as rubric-2026 has it (the input kind of shared/rubric).
const A33_DERIVED = { kind: 'roster', measure: 'count', where: [{ test: 'coverage', atLeast: '4g', negate: true }], unit: { vi: 'thôn', en: 'villages' } }
const withDerivedA33 = (r: Rubric): Rubric => ({
  ...r,
  roster: { operators: OPERATORS },
  pillars: r.pillars.map((p) => ({
    ...p,
    groups: p.groups.map((g) => ({ ...g, indicators: g.indicators.map((i) => (i.id === 'A3.3' ? ({ ...i, input: A33_DERIVED } as typeof i) : i)) })),
  })),
})

/** The officer's API as the page uses it (session from a login), to seed a roster and read it back. */
async function officerApi(username: string, commune?: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!res.ok) throw new Error(`login ${res.status}`)
  const body = (await res.json()) as { token?: string; user: { orgUnitId: string } }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const headers = { 'content-type': 'application/json', ...(body.token ? { authorization: `Bearer ${body.token}` } : {}), ...(cookie ? { cookie } : {}) }
  const communeId = commune ?? body.user.orgUnitId
  const path = `${server.url}/api/communes/${encodeURIComponent(communeId)}/assessments/${YEAR}`
  return {
    communeId,
    async read(): Promise<StoredRoster> {
      return (await this.view()).assessment
    },
    async view(): Promise<{ assessment: StoredRoster; score: StoredScore }> {
      const got = await fetch(path, { headers })
      if (!got.ok) throw new Error(`read back ${got.status}`)
      return (await got.json()) as { assessment: StoredRoster; score: StoredScore }
    },
    async patch(patch: Record<string, unknown>) {
      const version = (await this.read()).version
      const r = await fetch(path, { method: 'PATCH', headers, body: JSON.stringify({ version, ...patch }) })
      if (!r.ok) throw new Error(`patch ${r.status} ${await r.text()}`)
    },
    async submit() {
      const version = (await this.read()).version
      const r = await fetch(`${path}/submit`, { method: 'POST', headers, body: JSON.stringify({ version }) })
      if (!r.ok) throw new Error(`submit ${r.status} ${await r.text()}`)
    },
  }
}

/** Sixty villages: what a large mountain commune lists. All have 4G on Viettel but Thôn 7, which has 3G only. */
function sixtyVillages(): Roster {
  const roster: Roster = {}
  for (let i = 1; i <= 60; i++)
    roster[`t${String(i).padStart(2, '0')}`] = {
      name: `Thôn ${i}`,
      kind: i % 7 === 0 ? 'ban' : 'thon',
      coverage: { viettel: { level: i === 7 ? '3g' : '4g' } },
      order: i,
    } satisfies Village
  return roster
}

const open = (page: Page, id: string) => page.getByTestId(`village-open-${id}`).click()
const sync = (page: Page, key: string) => page.getByTestId(`sync-${key}`).getAttribute('data-phase')

async function offlineReady(page: Page) {
  await poll(() => page.evaluate<boolean>('!!navigator.serviceWorker.controller'), 60_000).toBe(true)
  await poll(
    () => page.evaluate<string[]>(`caches.open('xaso-api').then((c) => c.keys()).then((ks) => ks.map((r) => new URL(r.url).pathname))`),
    60_000,
  ).toEqual(expect.arrayContaining(['/api/me', `/api/rubrics/${YEAR}`, expect.stringMatching(new RegExp(`^/api/communes/.+/assessments/${YEAR}$`))]))
}

async function phone(opts: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, ...opts })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('roster', { needs: 'sw.js' }))
  // The seeded year with a roster section that derives only A3.3, published as the year's next version before any
  // page or officer reads it. Built from the shipped default that keeps no roster (chosen by its content, moved to
  // the demo's round), whichever default the round itself has on today's date.
  const base = (await server.store.rubrics.get(YEAR))!
  const plain = rubricForYear(defaultRubricFor(firstYearWhere(false)), YEAR)
  await server.store.rubrics.put({ ...withDerivedA33(plain), version: base.version + 1 })
})

afterAll(() => closeBrowserApp({ server, browser }))

describe('the officer’s village roster', () => {
  it('marks a village 4G offline: A3.3 (derived) and the verdict change at once, kept across a reload, sent on reconnect', { timeout: 300_000 }, async () => {
    const officer = await officerApi('canbo.sontan')
    // Every other indicator at its best: only A3.3 (mandatory) stands between the commune and the recognition.
    const { 'A3.3': _typed, ...answers } = perfectAnswers()
    await officer.patch({ profile, answers, roster: sixtyVillages() })
    const before = await officer.view()
    expect(before.score.indicators['A3.3']).toMatchObject({ value: 1, met: false })
    expect(before.score.verdict.eligible).toBe(false)
    const { context, page, errors } = await phone()
    await login(page, server.url, 'canbo.sontan')
    expect(communeOf(page)).toBe(officer.communeId)
    await poll(() => page.locator('[data-testid^="village-open-"]').count(), 60_000).toBe(60)
    expect(await page.getByTestId('roster-summary').innerText()).toBe('60 thôn, tổ dân phố · 1 thôn chưa có sóng 4G')
    // A3.3 is shown computed, not typed, and its advice names the village.
    expect(await page.getByTestId('derived-A3.3').innerText()).toBe('1 thôn')
    expect(await page.getByTestId('derived-advice-A3.3').innerText()).toBe('Còn 1 thôn chưa có sóng 4G: Thôn 7')
    expect(await page.getByTestId('verdict').getAttribute('class')).toContain('bad')
    // Sixty collapsed lines stay light: a handful of elements each, no inputs until one is opened.
    expect(await page.locator('[data-testid="roster"] input, [data-testid="roster"] select').count()).toBeLessThanOrEqual(3)
    // Nothing wider than the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360)
    await offlineReady(page)

    await goOffline(context)
    await open(page, 't07')
    await byId(page, 'v-t07-cov-vnpt').selectOption('4g')
    await poll(() => sync(page, 'roster.t07.coverage.vnpt')).toMatch(/local|failed/)
    await poll(() => saveStatus(page)).toMatch(/^1 thay đổi đang chờ gửi/)
    // The derived indicator and the verdict follow at once, offline.
    expect(await page.getByTestId('roster-summary').innerText()).toBe('60 thôn, tổ dân phố · Mọi thôn đều có sóng 4G')
    expect(await page.getByTestId('derived-A3.3').innerText()).toBe('0 thôn')
    expect(await page.getByTestId('derived-advice-A3.3').count()).toBe(0)
    expect(await page.getByTestId('verdict').getAttribute('class')).toContain('ok')
    expect((await officer.read()).roster?.t07?.coverage).toEqual({ viettel: { level: '3g' } })

    // Reload offline: the shell from the service worker, the edit from IndexedDB, still on screen.
    await page.reload()
    await poll(() => page.getByTestId('total').count(), 60_000).toBe(1)
    await poll(() => page.getByTestId('chip-t07-vnpt').innerText(), 60_000).toBe('VNPT 4G')
    expect(await page.getByTestId('derived-A3.3').innerText()).toBe('0 thôn')
    expect(await page.getByTestId('verdict').getAttribute('class')).toContain('ok')
    expect((await officer.read()).roster?.t07?.coverage).toEqual({ viettel: { level: '3g' } })

    // Back online: sent by itself, per operator (Viettel's 3G kept), and nothing else of the roster changed.
    await goOnline(context)
    await poll(() => saveStatus(page), 60_000).toBe('Đã lưu')
    const after = await officer.view()
    const stored = after.assessment
    expect(stored.roster?.t07?.coverage).toEqual({ viettel: { level: '3g' }, vnpt: { level: '4g' } })
    // The server's score of what it stored: A3.3 derived to 0, met, and the commune now meets the recognition rule.
    expect(after.score.indicators['A3.3']).toMatchObject({ value: 0, met: true })
    expect(after.score.verdict.eligible).toBe(true)
    expect(Object.keys(stored.roster ?? {})).toHaveLength(60)
    expect({ ...stored.roster, t07: undefined }).toEqual({ ...sixtyVillages(), t07: undefined })
    expect(errors).toEqual([])
    await context.close()
  })

  it('adds a village, takes its location from the GPS with its accuracy, refuses a typed point outside Vietnam', { timeout: 300_000 }, async () => {
    const officer = await officerApi('canbo.sontan')
    // A new village goes after the last one listed.
    const order = Object.values((await officer.read()).roster ?? {}).reduce((max, v) => Math.max(max, (v.order ?? 0) + 1), 0)
    const { context, page, errors } = await phone({ geolocation: { latitude: 15.123456, longitude: 108.654321, accuracy: 12 }, permissions: ['geolocation'] })
    await login(page, server.url, 'canbo.sontan')
    const id = await addVillage(page, 'Làng Rêu', 'lang')
    await byId(page, `v-${id}-cov-viettel`).selectOption('2g')
    await byId(page, `v-${id}-weak-viettel`).check()
    await page.getByTestId(`v-${id}-loc-gps`).click()
    await poll(() => page.getByTestId(`v-${id}-loc-shown`).innerText()).toBe('15,123456, 108,654321 (GPS, sai số ±12 m)')
    await poll(() => saveStatus(page), 60_000).toBe('Đã lưu')
    await poll(async () => (await officer.read()).roster?.[id]).toEqual({
      name: 'Làng Rêu',
      kind: 'lang',
      order,
      coverage: { viettel: { level: '2g', weak: true } },
      location: { lat: 15.123456, lng: 108.654321, accuracy: 12, source: 'gps' },
    })

    // A typed point outside Vietnam: the reason at once, nothing sent, the GPS point stays stored.
    await byId(page, `v-${id}-loc-lat`).fill('35,5')
    await byId(page, `v-${id}-loc-lat`).press('Tab')
    await poll(() => page.getByTestId(`v-${id}-loc-why`).innerText()).toContain('nằm ngoài lãnh thổ Việt Nam')
    await poll(() => saveStatus(page)).not.toBe('Đang lưu…')
    expect((await officer.read()).roster?.[id]?.location).toEqual({ lat: 15.123456, lng: 108.654321, accuracy: 12, source: 'gps' })
    // Typed inside: stored as typed, without an accuracy.
    await byId(page, `v-${id}-loc-lat`).fill('15,2')
    await byId(page, `v-${id}-loc-lng`).fill('108,7')
    await byId(page, `v-${id}-loc-lng`).press('Tab')
    await poll(async () => (await officer.read()).roster?.[id]?.location, 60_000).toEqual({ lat: 15.2, lng: 108.7, source: 'typed' })
    expect(errors).toEqual([])
    await context.close()

    // Location refused by the phone: a message, nothing stored.
    const denied = await phone({ permissions: [] })
    await login(denied.page, server.url, 'canbo.sontan')
    await open(denied.page, id)
    await denied.page.getByTestId(`v-${id}-loc-gps`).click()
    await poll(() => denied.page.getByTestId(`v-${id}-loc-msg`).innerText(), 60_000).toContain('không cho lấy vị trí')
    expect((await officer.read()).roster?.[id]?.location).toEqual({ lat: 15.2, lng: 108.7, source: 'typed' })
    await denied.context.close()
  })

  it('two devices edit different villages: both are stored, each device shows the other’s', { timeout: 300_000 }, async () => {
    const officer = await officerApi('canbo.anvinh')
    await officer.patch({ roster: { a1: { name: 'Thôn A', kind: 'thon', coverage: {} }, b1: { name: 'Thôn B', kind: 'thon', coverage: {} } } })
    const one = await phone()
    const two = await phone()
    await login(one.page, server.url, 'canbo.anvinh')
    await login(two.page, server.url, 'canbo.anvinh')
    await open(one.page, 'a1')
    await open(two.page, 'b1')
    await byId(one.page, 'v-a1-households').fill('120')
    await byId(two.page, 'v-b1-cov-mobifone').selectOption('4g')
    await byId(two.page, 'v-b1-fiber').check()
    await poll(async () => {
      const r = (await officer.read()).roster
      return [r?.a1?.households, r?.b1?.coverage.mobifone, r?.b1?.fiber]
    }, 90_000).toEqual([120, { level: '4g' }, true])
    // Neither device was asked to choose; each shows the other's village as stored.
    await poll(() => saveStatus(one.page), 90_000).toBe('Đã lưu')
    await poll(() => saveStatus(two.page), 90_000).toBe('Đã lưu')
    for (const p of [one.page, two.page]) expect(await p.getByRole('dialog').count()).toBe(0)
    await one.page.evaluate('window.dispatchEvent(new Event("focus"))')
    await poll(() => one.page.getByTestId('chip-b1-mobifone').innerText(), 60_000).toBe('MobiFone 4G')
    await two.page.evaluate('window.dispatchEvent(new Event("focus"))')
    await open(two.page, 'a1')
    await poll(() => byId(two.page, 'v-a1-households').inputValue(), 60_000).toBe('120')
    expect([...one.errors, ...two.errors]).toEqual([])
    await one.context.close()
    await two.context.close()
  })

  it('the same village field changed on two devices becomes a choice; the other fields merge', { timeout: 300_000 }, async () => {
    const officer = await officerApi('canbo.anvinh')
    await officer.patch({ roster: { c1: { name: 'Thôn Chung', kind: 'thon', households: 40, coverage: {} }, c2: { name: 'Thôn Hai', kind: 'thon', coverage: {} } } })
    const one = await phone()
    const two = await phone()
    await login(one.page, server.url, 'canbo.anvinh')
    await login(two.page, server.url, 'canbo.anvinh')
    await offlineReady(two.page)
    // Device two, offline, sets Thôn Chung's households to 50.
    await goOffline(two.context)
    await open(two.page, 'c1')
    await byId(two.page, 'v-c1-households').fill('50')
    await poll(() => sync(two.page, 'roster.c1.households')).toMatch(/local|failed/)
    // Device one, online, sets the same field to 60 and another village's fiber.
    await open(one.page, 'c1')
    await byId(one.page, 'v-c1-households').fill('60')
    await one.page.getByTestId('village-close').click()
    await open(one.page, 'c2')
    await byId(one.page, 'v-c2-fiber').check()
    await poll(async () => {
      const r = (await officer.read()).roster
      return [r?.c1?.households, r?.c2?.fiber]
    }, 60_000).toEqual([60, true])
    // Device two comes back: only the households are asked about, with both values and the village's name.
    await two.page.getByTestId('village-close').click()
    await goOnline(two.context)
    const dialog = two.page.getByRole('dialog', { name: 'Bản đánh giá đã được sửa ở nơi khác' })
    await poll(() => dialog.isVisible(), 60_000).toBe(true)
    const text = await dialog.innerText()
    expect(text).toContain('Thôn Chung — Số hộ')
    expect(text).toContain('60')
    expect(text).toContain('50')
    expect(text).not.toContain('Thôn Hai')
    await dialog.getByLabel(/Của bạn/).check()
    await dialog.getByRole('button', { name: 'Lưu lựa chọn' }).click()
    await poll(async () => (await officer.read()).roster?.c1?.households, 60_000).toBe(50)
    const stored = (await officer.read()).roster
    expect(stored?.c2?.fiber).toBe(true)
    await poll(() => saveStatus(two.page), 60_000).toBe('Đã lưu')
    expect([...one.errors, ...two.errors]).toEqual([])
    await one.context.close()
    await two.context.close()
  })

  it('the reviewer sees the roster and adjusts a village’s row with a reason; the stored review is read back', { timeout: 300_000 }, async () => {
    const officer = await officerApi('canbo.sontan')
    const { 'A3.3': _typed, ...answers } = perfectAnswers()
    await officer.patch({ profile, answers, roster: { rv1: { name: 'Bản Rêu', kind: 'ban', coverage: { viettel: { level: '2g' } } } } })
    await officer.submit()
    const { context, page, errors } = await phone()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill('thamdinh.sontay')
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await poll(() => page.url(), 60_000).toContain('#/review')
    await page.goto(`${server.url}/#/communes/${encodeURIComponent(officer.communeId)}/${YEAR}`)
    await poll(() => page.getByTestId('rr-rv1').count(), 60_000).toBe(1)
    expect(await page.getByTestId('rr-rv1').innerText()).toContain('Viettel 2G')
    // No approved roster last year in the seeded province: said so, not an empty comparison.
    await poll(() => page.getByTestId('roster-review').innerText()).toContain('Năm trước chưa có danh sách thôn được duyệt.')

    await page.getByTestId('rr-adjust-rv1').click()
    await byId(page, 'rr-rv1-cov-viettel').selectOption('4g')
    // No reason: refused on the page, nothing sent.
    await page.getByTestId('rr-save-rv1').click()
    await poll(() => page.getByTestId('rr-form-rv1').innerText()).toContain('Hãy ghi lý do điều chỉnh')
    await byId(page, 'rr-rv1-reason').fill('Biên bản đo sóng ngày 12/11: Viettel đã phủ 4G')
    await page.getByTestId('rr-save-rv1').click()
    await poll(() => page.getByTestId('rr-adjusted-rv1').innerText(), 60_000).toContain('Biên bản đo sóng ngày 12/11')
    expect(await page.getByTestId('rr-rv1').innerText()).toContain('Viettel 4G')

    const reviewer = await officerApi('thamdinh.sontay', officer.communeId)
    const stored = (await reviewer.read()) as StoredRoster & { rosterReviews?: Record<string, { village: Village | null; reason: string }> }
    expect(stored.rosterReviews?.rv1).toMatchObject({
      village: { name: 'Bản Rêu', kind: 'ban', coverage: { viettel: { level: '4g' } } },
      reason: 'Biên bản đo sóng ngày 12/11: Viettel đã phủ 4G',
    })
    // The officer's own row is kept as the officer typed it.
    expect(stored.roster?.rv1?.coverage).toEqual({ viettel: { level: '2g' } })
    expect(errors).toEqual([])
    await context.close()
  })
})
