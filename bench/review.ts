import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from '../functions/src/app'
import { issueToken } from '../functions/src/auth/token'
import { demoAnswers } from '../functions/src/seed/demo-review'
import { emptyAssessment, type AssessmentStatus } from '../shared/assessment'
import { defaultRubric2025 } from '../shared/rubric/default'
import type { Latency } from './api'
import { benchTable } from './bench-store'

/*
 * Review bench (issue 3): a review unit of 500 communes on DynamoDB Local (in memory), the real app over HTTP on
 * loopback, in this process. Measures the queue (one Query per page) and POST /api/recognitions for 200 communes.
 */

export type ReviewBench = {
  communes: number
  queue: (Latency & { what: string })[]
  recognition: { communes: number; seconds: number; msPerCommune: number; recognised: number }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const r1 = (x: number) => Math.round(x * 10) / 10

export async function benchReview(communes = 500, toRecognise = 200): Promise<ReviewBench> {
  // As deployed: units, rubrics and accounts cached for 30 s per process (bench-store.ts).
  const { dynamo, store } = await benchTable('bench-review')
  const year = 2025
  const unit = 'd-bench'
  await store.rubrics.put(defaultRubric2025)
  await store.orgUnits.put({ id: 'p-bench', kind: 'province', name: 'Tỉnh Bench' })
  await store.orgUnits.put({ id: unit, kind: 'district', name: 'Khu vực Bench', parentId: 'p-bench' })
  for (const [id, role, orgUnitId] of [['u-admin', 'admin', 'p-bench'], ['u-reviewer', 'reviewer', unit]] as const)
    await store.users.put({ id, username: id, name: id, role, orgUnitId, active: true, passwordHash: 'x' })

  // 200 district-approved (to recognise), 200 submitted, 100 drafts; written directly (with system events).
  const profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }
  const answers = demoAnswers(defaultRubric2025, profile, 1)
  const statusOf = (i: number): AssessmentStatus => (i < toRecognise ? 'district_approved' : i < toRecognise + 200 ? 'submitted' : 'draft')
  const ids = Array.from({ length: communes }, (_, i) => `c-${String(i).padStart(4, '0')}`)
  await Promise.all(ids.map((id) => store.orgUnits.put({ id, kind: 'commune', name: `Xã ${id}`, parentId: unit })))
  for (let i = 0; i < ids.length; i += 25)
    await Promise.all(
      ids.slice(i, i + 25).map((id, j) =>
        store.assessments.save({ ...emptyAssessment(id, year), status: statusOf(i + j), version: 1, profile, answers, updatedAt: new Date().toISOString(), updatedBy: 'seed' }, 0),
      ),
    )

  const secret = 'bench-secret-bench-secret-bench-secret-0123'
  const token = async (id: string, role: 'admin' | 'reviewer', orgUnitId: string) =>
    (await issueToken({ id, username: id, role, orgUnitId }, { secret, ttlSeconds: 3600, now: () => new Date() })).token
  const reviewer = await token('u-reviewer', 'reviewer', unit)
  const admin = await token('u-admin', 'admin', 'p-bench')
  const app = createApp({ store, auth: { tokenSecret: secret } })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const headers = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' })

  try {
    const measure = async (what: string, clients: number, perClient: number, next: (n: number) => string): Promise<Latency & { what: string }> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let n = 0; n < perClient; n++) {
            const t0 = performance.now()
            const res = await fetch(`${base}${next(c * perClient + n)}`, { headers: headers(reviewer) })
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

    // Cursors of a full walk of the unit (100 per page), so the walk bench requests real later pages too.
    const cursors: (string | undefined)[] = []
    let cursor: string | undefined
    do {
      cursors.push(cursor)
      const res = await fetch(`${base}/api/review/queue?year=${year}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: headers(reviewer) })
      cursor = ((await res.json()) as { nextCursor?: string }).nextCursor
    } while (cursor)

    const q = `/api/review/queue?year=${year}`
    await measure('warm-up', 4, 20, () => `${q}&status=submitted&limit=50`)
    const queue = [
      await measure('status=submitted, first page of 50', 1, 200, () => `${q}&status=submitted&limit=50`),
      await measure('status=submitted, first page of 50', 10, 40, () => `${q}&status=submitted&limit=50`),
      await measure(`all statuses, pages of 100 (walk of ${communes})`, 10, 40, (n) => {
        const c = cursors[n % cursors.length]
        return `${q}&limit=100${c ? `&cursor=${c}` : ''}`
      }),
    ]

    const items = await Promise.all(
      ids.slice(0, toRecognise).map(async (communeId) => ({ communeId, version: (await store.assessments.get(communeId, year))!.version })),
    )
    const t0 = performance.now()
    const res = await fetch(`${base}/api/recognitions`, {
      method: 'POST',
      headers: headers(admin),
      body: JSON.stringify({ year, items, decisionNumber: '1/QĐ-UBND', decisionDate: '2025-07-01' }),
    })
    const body = (await res.json()) as { results: { ok: boolean }[] }
    const seconds = (performance.now() - t0) / 1000
    return {
      communes,
      queue,
      recognition: { communes: toRecognise, seconds, msPerCommune: (seconds * 1000) / toRecognise, recognised: body.results.filter((r) => r.ok).length },
    }
  } finally {
    server.close()
    await dynamo.stop()
  }
}
