import { serve } from '@hono/node-server'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp } from '../functions/src/app'
import { issueToken } from '../functions/src/auth/token'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { startLocalServer } from '../functions/src/local/server'
import { demoAnswers } from '../functions/src/seed/demo-review'
import { emptyAssessment } from '../shared/assessment'
import { defaultRubric2025 } from '../shared/rubric/default'
import { flattenIndicators } from '../shared/rubric/walk'
import { launchChromium } from '../test/support/chromium'
import type { Latency } from './api'
import { benchTable } from './bench-store'

/*
 * The reviewer's desk (issue 10):
 * - the queue of a review unit of 500 submitted communes, sorted and searched across the whole unit
 *   (GET /api/review/queue with sort/q), p95 over HTTP on loopback;
 * - a reviewer's time to review one full commune in the browser: open it from its URL, adjust 3 indicators (value
 *   and reason), accept all remaining, approve; until the page shows "district approved". Real Chromium, the built
 *   web app, the local server on DynamoDB Local with the demo province; no network throttling (a district office).
 */

export type DeskBench = {
  communes: number
  queue: (Latency & { what: string })[]
  review: { runs: number; seconds: number[]; median: number; indicators: number }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const r1 = (x: number) => Math.round(x * 10) / 10
const profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }
// Vietnamese names, so the search exercises diacritics folding.
const NAMES = ['Sơn Tân', 'Đức Phổ', 'An Vĩnh', 'Sơn Dung', 'Ba Tơ', 'Trà Bồng', 'Nghĩa Hành', 'Minh Long', 'Lý Sơn', 'Bình Sơn']

async function benchQueue(communes: number): Promise<(Latency & { what: string })[]> {
  // As deployed: units, rubrics and accounts cached for 30 s per process (bench-store.ts).
  const { dynamo, store, tableName } = await benchTable('bench-desk')
  const year = 2025
  const unit = 'd-desk'
  await store.rubrics.put(defaultRubric2025)
  await store.orgUnits.put({ id: 'p-desk', kind: 'province', name: 'Tỉnh Bench' })
  await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực Bench', parentId: 'p-desk' })
  await store.users.put({ id: 'u-reviewer', username: 'u-reviewer', name: 'u-reviewer', role: 'reviewer', orgUnitId: unit, active: true, passwordHash: 'x' })
  const answers = demoAnswers(defaultRubric2025, profile, 1)
  const ids = Array.from({ length: communes }, (_, i) => `c-${String(i).padStart(4, '0')}`)
  await Promise.all(ids.map((id, i) => store.orgUnits.put({ id, kind: 'commune', name: `${NAMES[i % NAMES.length]} ${i}`, parentId: unit })))
  const now = Date.now()
  for (let i = 0; i < ids.length; i += 25)
    await Promise.all(
      ids.slice(i, i + 25).map((id, j) => {
        const submittedAt = new Date(now - ((i + j) % 60) * 86_400_000).toISOString()
        return store.assessments.save(
          { ...emptyAssessment(id, year), status: 'submitted', version: 1, profile, answers, submittedAt, updatedAt: submittedAt, updatedBy: 'seed' },
          0,
        )
      }),
    )

  const secret = 'bench-secret-bench-secret-bench-secret-0123'
  const reviewer = (await issueToken({ id: 'u-reviewer', username: 'u-reviewer', role: 'reviewer', orgUnitId: unit }, { secret, ttlSeconds: 3600, now: () => new Date() })).token
  const app = createApp({ store, auth: { tokenSecret: secret } })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const headers = { authorization: `Bearer ${reviewer}`, 'accept-encoding': 'gzip' }
  try {
    const measure = async (what: string, clients: number, perClient: number, path: string): Promise<Latency & { what: string }> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let n = 0; n < perClient; n++) {
            const t0 = performance.now()
            const res = await fetch(`${base}${path}`, { headers })
            await res.arrayBuffer()
            latencies.push(performance.now() - t0)
            if (!res.ok) errors++
          }
        }),
      )
      const seconds = (performance.now() - start) / 1000
      latencies.sort((a, b) => a - b)
      return { what, clients, requests: latencies.length, p50: r1(percentile(latencies, 50)), p95: r1(percentile(latencies, 95)), p99: r1(percentile(latencies, 99)), errors, rps: Math.round(latencies.length / seconds) }
    }
    const q = `/api/review/queue?year=${year}&status=submitted&limit=50`
    const check = await fetch(`${base}${q}&sort=waiting`, { headers })
    const first = (await check.json()) as { total?: number }
    if (!check.ok || first.total !== communes) throw new Error(`desk bench: sorted queue answered ${check.status}, total ${first.total}`)
    await measure('warm-up', 4, 20, `${q}&sort=waiting`)
    return [
      await measure(`sort=waiting, first page of 50 of ${communes}`, 1, 200, `${q}&sort=waiting`),
      await measure(`sort=score + q=${'"son"'} (search folds diacritics)`, 1, 200, `${q}&sort=score&q=son`),
      await measure(`sort=waiting, first page of 50 of ${communes}`, 10, 40, `${q}&sort=waiting`),
    ]
  } finally {
    server.close()
    await dynamo.stop()
  }
}

async function benchReviewInBrowser(runs: number, webDist: string): Promise<DeskBench['review']> {
  const dynamo = await startDynamoLocal({ inMemory: true })
  const server = await startLocalServer({ port: 0, dynamoEndpoint: dynamo.endpoint, tableName: `desk-${randomUUID()}`, seed: true, webDist })
  const browser = await launchChromium()
  const indicators = flattenIndicators(defaultRubric2025)
  // Three ratio indicators on a profile denominator: adjusted to one less than declared (still valid).
  const adjusted = indicators.filter((f) => f.indicator.input.kind === 'ratio' && 'profile' in (f.indicator.input as { denominator: object }).denominator).slice(0, 3)
  if (adjusted.length < 3) throw new Error('desk bench: the rubric has fewer than 3 ratio indicators on the profile')
  try {
    // Fresh submitted communes of the reviewer's unit (Sơn Tây), written through the store as the officer's submit would.
    const store = server.store
    const reviewerUnit = (await store.users.getByUsername('thamdinh.sontay'))!.orgUnitId
    const answers = demoAnswers(defaultRubric2025, profile, 1)
    const communes: string[] = []
    for (let i = 0; i < runs; i++) {
      const id = `desk-bench-${i}`
      await store.orgUnits.put({ id, kind: 'commune', name: `Xã thử ${i}`, parentId: reviewerUnit })
      const at = new Date().toISOString()
      await store.assessments.save({ ...emptyAssessment(id, 2025), status: 'submitted', version: 1, profile, answers, submittedAt: at, updatedAt: at, updatedBy: 'seed', rubricVersion: 1 }, 0)
      communes.push(id)
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Tên đăng nhập').fill('thamdinh.sontay')
    await page.getByLabel('Mật khẩu', { exact: true }).fill('xaso-demo-2025')
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByTestId('queue').waitFor({ timeout: 60_000 })

    const seconds: number[] = []
    for (const id of communes) {
      const t0 = performance.now()
      await page.goto(`${server.url}/#/communes/${id}/2025`)
      await page.getByTestId('accept-all').waitFor({ timeout: 60_000 })
      for (const { indicator } of adjusted) {
        const card = page.getByTestId(`rv-${indicator.id}`)
        await page.locator(`[id="rv-${indicator.id}-adjusted"]`).check()
        const num = page.locator(`[id="rv-${indicator.id}-num"]`)
        const declared = Number((await num.inputValue()).replace(/\D/g, '')) || 1
        await num.fill(String(Math.max(0, declared - 1)))
        await page.locator(`[id="rv-${indicator.id}-reason"]`).fill('Số liệu theo danh sách đối chiếu')
        await card.getByRole('button', { name: 'Lưu kết luận' }).click()
        await card.locator('.rv-chip', { hasText: 'Điều chỉnh giá trị' }).waitFor({ timeout: 60_000 })
      }
      await page.getByTestId('accept-all').click()
      await page.getByTestId('reviewed-count').filter({ hasText: `${indicators.length}/${indicators.length}` }).waitFor({ timeout: 60_000 })
      await page.getByTestId('act-approve').click()
      // The comment (or, should the adjustments fail the rule, the "not meeting" reason) is the same box.
      await page.locator('[id="dlg-approve-text"]').fill('Đã thẩm định đủ 42 chỉ tiêu.')
      await page.getByTestId('dlg-approve-confirm').click()
      await page.getByTestId('status').filter({ hasText: 'Khu vực đã duyệt' }).waitFor({ timeout: 60_000 })
      seconds.push((performance.now() - t0) / 1000)
      const stored = await store.assessments.get(id, 2025)
      if (stored?.status !== 'district_approved' || Object.keys(stored.reviews ?? {}).length !== indicators.length)
        throw new Error(`desk bench: ${id} is ${stored?.status} with ${Object.keys(stored?.reviews ?? {}).length} verdicts`)
    }
    await context.close()
    const sorted = [...seconds].sort((a, b) => a - b)
    return { runs, seconds: seconds.map((s) => Math.round(s * 100) / 100), median: Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100, indicators: indicators.length }
  } finally {
    await browser.close()
    await server.close()
    await dynamo.stop()
  }
}

export async function benchDesk(communes = 500, runs = 5, webDist = 'web/dist'): Promise<DeskBench> {
  const queue = await benchQueue(communes)
  const review = await benchReviewInBrowser(runs, webDist)
  return { communes, queue, review }
}

/** The report's section; the summary rows go into the targets table via deskTargets. */
export function deskReport(desk: DeskBench, out: (s?: string) => void) {
  out(`## Reviewer's desk: the queue of ${desk.communes} submitted communes sorted and searched (GET /api/review/queue?sort=…&q=…)`)
  out('The whole unit is read (queue columns only, one Query page) and sorted/filtered in the handler; server in the bench process.')
  out()
  out('| request | clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors |')
  out('|---|---|---|---|---|---|---|---|')
  for (const q of desk.queue) out(`| ${q.what} | ${q.clients} | ${q.requests} | ${q.p50} | ${q.p95} | ${q.p99} | ${q.rps} | ${q.errors} |`)
  out()
  out(`## Reviewer's desk: one full commune in the browser (${desk.review.indicators} indicators: 3 adjusted, accept all remaining, approve)`)
  out('From opening the commune\'s URL to "Khu vực đã duyệt" on screen; real Chromium, no network throttling. Each run is a fresh submitted commune.')
  out()
  out(`Runs: ${desk.review.seconds.map((s) => `${s.toFixed(2)} s`).join(', ')}; median **${desk.review.median.toFixed(2)} s**.`)
  out()
}

export function deskTargets(desk: DeskBench): string[] {
  const q1 = desk.queue[0]!
  const s1 = desk.queue[1]!
  return [
    `| reviewer's queue of ${desk.communes} communes sorted (waiting) p95, 1 client | ${q1.p95} ms${q1.errors ? ` (${q1.errors} errors)` : ''} | |`,
    `| reviewer's queue of ${desk.communes} communes sorted + searched p95, 1 client | ${s1.p95} ms${s1.errors ? ` (${s1.errors} errors)` : ''} | |`,
    `| reviewer's time for one full commune in the browser (accept all + 3 adjustments + approve), median of ${desk.review.runs} | ${desk.review.median.toFixed(2)} s | |`,
  ]
}
