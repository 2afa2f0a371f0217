import { chromium, type Page } from 'playwright-core'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const base = 'http://localhost:3000'
async function as(user: string) {
  const ctx = await b.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.log('PAGEERROR', user, e.message))
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', user, m.text()) })
  await page.goto(base)
  await page.getByLabel('Tên đăng nhập').fill(user)
  await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.waitForTimeout(2500)
  return page
}
const shot = async (p: Page, name: string, full = false) => { await p.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: full }); console.log(name, p.url()) }
const officer = await as('canbo.sontan'); await shot(officer, 'o1-form')
await officer.mouse.wheel(0, 1400); await officer.waitForTimeout(500); await shot(officer, 'o2-form-scroll')
const rev = await as('thamdinh.sontay'); await shot(rev, 'r1-home')
const adm = await as('quantri.quangngai'); await shot(adm, 'a1-home')
for (const h of ['#/admin/units', '#/dashboard', '#/map', '#/exports']) { await adm.goto(base + '/' + h); await adm.waitForTimeout(2500); await shot(adm, 'a-' + h.replace(/\W/g, '')) }
await b.close()
