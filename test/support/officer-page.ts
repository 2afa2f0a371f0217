import type { BrowserContext, Page } from 'playwright-core'
import { testNow } from './test-clock'
import { expect } from 'vitest'
import { poll } from './poll'
import { demoYears } from '../../functions/src/seed/demo-years'

// Shared by the officer's browser tests (issue 9): log in like a user, and read what the server stored back
// through the API as that officer would (not from the storage layer).

export const PASSWORD = 'xaso-demo-2025'
/** The demo's round, read from the clock (2025 during 2026): functions/src/seed/demo-years.ts. */
export const YEAR = demoYears(testNow()).round
export { poll }
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' } as const

// Ids contain dots ("A3.1"): select by attribute rather than #id.
export const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`)
export const saveStatus = (page: Page) => page.getByTestId('save-status').innerText()
export const communeOf = (page: Page) => decodeURIComponent(/#\/communes\/([^/]+)\//.exec(page.url())?.[1] ?? '')

export async function login(page: Page, base: string, username: string) {
  await page.goto(base)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await poll(() => page.getByTestId('total').count(), 60_000).toBe(1)
}

export type Stored = {
  version: number
  profile: Record<string, number>
  answers: Record<string, Record<string, unknown>>
  updatedAt: string | null
  updatedByName?: string
}

/** The assessment as the API answers it to this officer (bearer token or session cookie, whichever login gives). */
export async function readBack(base: string, username: string, communeId: string): Promise<Stored> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!res.ok) throw new Error(`login ${res.status}`)
  const body = (await res.json()) as { token?: string }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const got = await fetch(`${base}/api/communes/${encodeURIComponent(communeId)}/assessments/${YEAR}`, {
    headers: { ...(body.token ? { authorization: `Bearer ${body.token}` } : {}), ...(cookie ? { cookie } : {}) },
  })
  if (!got.ok) throw new Error(`read back ${got.status}`)
  return ((await got.json()) as { assessment: Stored }).assessment
}

/** Every PATCH body the page sends, to show what never went out. */
export function recordPatches(context: BrowserContext): unknown[] {
  const sent: unknown[] = []
  context.on('request', (r) => {
    if (r.method() === 'PATCH') sent.push(r.postDataJSON())
  })
  return sent
}
