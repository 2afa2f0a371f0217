// The signal-gap map in a real browser: the administrator on a 360 px phone sees a village without 4G (on the map and
// in the list) until the officer's roster says it has 4G; the GeoJSON download read back; a reviewer on a desktop.
import { testNow } from '../support/test-clock'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyAssessment } from '../../shared/assessment'
import type { LocalServer } from '../../functions/src/local/server'
import { DEMO_ACCOUNTS } from '../../functions/src/seed/demo-province'
import { defaultHasRoster, demoRubric, demoYears } from '../../functions/src/seed'
import { closeBrowserApp, startBrowserApp } from '../support/browser-app'

let server: LocalServer
let browser: Browser
const PASSWORD = 'xaso-demo-2025'
const officer = DEMO_ACCOUNTS.find((a) => a.username === 'canbo.sontan')!
const communeId = officer.orgUnitId
// The year after the demo's round (both read from the clock: 2026 and 2025 during 2026) is the one with rosters;
// the round is last year's side of the map.
const { round: LAST_YEAR, roster: YEAR } = demoYears(testNow())
let officerToken = ''
let version = 0

async function api(method: string, path: string, body?: unknown, tk?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(tk ? { authorization: `Bearer ${tk}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = (await res.json()) as any
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

beforeAll(async () => {
  ;({ server, browser } = await startBrowserApp('signal-gaps'))
  // The map needs a year whose rubric keeps rosters: the year after the round, on its shipped default.
  expect(defaultHasRoster(YEAR), `the default rubric of ${YEAR} keeps village rosters`).toBe(true)
  if (!(await server.store.rubrics.get(YEAR))) await server.store.rubrics.put(demoRubric(YEAR))
  officerToken = (await api('POST', '/api/auth/login', { username: officer.username, password: PASSWORD })).token
  // Last year's roster, as a tool would have stored it: Làng Rêu and Thôn Nước Vương without 4G.
  await server.store.assessments.save(
    {
      ...emptyAssessment(communeId, LAST_YEAR),
      version: 1,
      roster: {
        reu: { name: 'Làng Rêu', kind: 'lang', coverage: { viettel: { level: 'none' } } },
        nv: { name: 'Thôn Nước Vương', kind: 'thon', coverage: { viettel: { level: '3g' } } },
      },
    },
    0,
  )
  // This year, through the officer's own PATCH (the save that keeps the map's item).
  version = (
    await api(
      'PATCH',
      `/api/communes/${communeId}/assessments/${YEAR}`,
      {
        version: 0,
        roster: {
          reu: { name: 'Làng Rêu', kind: 'lang', households: 42, coverage: { viettel: { level: 'none' }, vnpt: { level: '2g' } }, location: { lat: 14.98, lng: 108.32, source: 'gps', accuracy: 15 }, order: 0 },
          nv: { name: 'Thôn Nước Vương', kind: 'thon', households: 85, coverage: { viettel: { level: '3g' } }, location: { lat: 15.02, lng: 108.28, source: 'typed' }, order: 1 },
          tt: { name: 'Thôn Trung Tâm', kind: 'thon', households: 120, coverage: { viettel: { level: '4g' } }, location: { lat: 15.0, lng: 108.3, source: 'typed' }, order: 2 },
        },
      },
      officerToken,
    )
  ).version
})

afterAll(() => closeBrowserApp({ server, browser }))

async function login(page: Page, username: string) {
  await page.goto(server.url)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.getByRole('link', { name: 'Vùng lõm sóng' }).click()
  await expect.poll(() => page.getByTestId('signal-gaps').count()).toBe(1)
}

const listed = (page: Page) => page.getByTestId('sg-table').locator('tbody th').allInnerTexts()
const drawnPoints = (page: Page) => page.getByTestId('sg-canvas').getAttribute('data-points')

describe('#/signal-gaps', () => {
  it('administrator on a phone: the village stays on the map until it gains 4G; the GeoJSON read back', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    await login(page, 'quantri.quangngai')
    await page.goto(`${server.url}/#/signal-gaps?year=${YEAR}`)
    await expect.poll(() => listed(page)).toEqual(['Làng Rêu', 'Thôn Nước Vương'])
    await expect.poll(() => drawnPoints(page)).toBe('2')
    expect(await page.getByTestId('sg-summary').innerText()).toContain('127 hộ')
    expect(await page.getByTestId('sg-still-missing').innerText()).toBe('2')
    // Nothing wider than the phone.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    // The canvas has pixels of the gap colours (drawn on a plain background: no tile URL locally).
    const painted = await page.getByTestId('sg-canvas').evaluate((canvas: any) => {
      const data: Uint8ClampedArray = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      let red = 0
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 150 && data[i + 1]! < 120 && data[i + 2]! < 120) red++
      return red
    })
    expect(painted).toBeGreaterThan(0)

    // On VNPT only, the 4G village (Viettel) is a gap too.
    await page.getByTestId('sg-operator').selectOption('vnpt')
    await expect.poll(() => listed(page)).toEqual(['Làng Rêu', 'Thôn Nước Vương', 'Thôn Trung Tâm'])
    await page.getByTestId('sg-operator').selectOption('')

    // The officer's roster now says Thôn Nước Vương has 4G on Viettel.
    version = (
      await api('PATCH', `/api/communes/${communeId}/assessments/${YEAR}`, { version, roster: { nv: { coverage: { viettel: { level: '4g' } } } } }, officerToken)
    ).version
    await page.reload()
    await expect.poll(() => listed(page)).toEqual(['Làng Rêu'])
    await expect.poll(() => drawnPoints(page)).toBe('1')
    expect(await page.getByTestId('sg-gained').innerText()).toBe('1')
    expect(await page.getByTestId('sg-still-missing').innerText()).toBe('1')

    // The GeoJSON for the network operators, saved and read back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sg-export-geojson').click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^Vùng lõm sóng ${YEAR} - .*\\.geojson$`))
    const geo = JSON.parse(await readFile((await download.path())!, 'utf8'))
    expect(geo.type).toBe('FeatureCollection')
    expect(geo.features).toHaveLength(1)
    expect(geo.features[0].geometry).toEqual({ type: 'Point', coordinates: [108.32, 14.98] })
    expect(geo.features[0].properties).toMatchObject({ villageName: 'Làng Rêu', households: 42, viettel: 'none', vnpt: '2g', trend: 'still_missing' })
    await context.close()
  })

  it('reviewer on a desktop: their unit’s gaps, map and list side by side', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await login(page, 'thamdinh.sontay')
    await page.goto(`${server.url}/#/signal-gaps?year=${YEAR}`)
    await expect.poll(() => listed(page)).toEqual(['Làng Rêu'])
    const map = await page.getByTestId('sg-canvas').boundingBox()
    const list = await page.getByTestId('sg-table').boundingBox()
    expect(map && list && list.x > map.x + map.width - 1).toBe(true)
    await context.close()
  })
})
