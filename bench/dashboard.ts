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
 * Dashboard bench (issue 4): a province of 2,000 communes in 40 review units on DynamoDB Local (in memory), two
 * years of assessments in every status written through assessments.save (so the counters are the real ones),
 * the real app over HTTP on loopback in this process. Measures GET /api/dashboard for the province (admin) and
 * for one review unit (reviewer). Target: ≤ 300 ms.
 */

export type DashboardBench = {
  communes: number
  units: number
  seedSeconds: number
  counted: number
  rows: (Latency & { what: string })[]
  bytes: number
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const r1 = (x: number) => Math.round(x * 10) / 10

const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'district_approved', 'district_rejected', 'recognised', 'not_recognised']

export async function benchDashboard(units = 40, perUnit = 50): Promise<DashboardBench> {
  // As deployed: units, rubrics and accounts cached for 30 s per process (bench-store.ts).
  const { dynamo, store } = await benchTable('bench-dashboard')
  const year = 2025
  await store.rubrics.put(defaultRubric2025)
  await store.rubrics.put({ ...defaultRubric2025, year: year - 1 })
  const province = 'p-bench'
  await store.orgUnits.put({ id: province, kind: 'province', name: 'Tỉnh Bench' })
  const unitIds = Array.from({ length: units }, (_, u) => `d-${String(u).padStart(2, '0')}`)
  for (const id of unitIds) await store.orgUnits.put({ id, kind: 'district', name: `Khu vực ${id}`, parentId: province })
  await store.users.put({ id: 'u-admin', username: 'u-admin', name: 'Quản trị', role: 'admin', orgUnitId: province, active: true, passwordHash: 'x' })
  await store.users.put({ id: 'u-reviewer', username: 'u-reviewer', name: 'Thẩm định', role: 'reviewer', orgUnitId: unitIds[0]!, active: true, passwordHash: 'x' })

  const communes = unitIds.flatMap((unit) => Array.from({ length: perUnit }, (_, i) => ({ id: `${unit}-c${String(i).padStart(3, '0')}`, unit })))
  for (let i = 0; i < communes.length; i += 50)
    await Promise.all(communes.slice(i, i + 50).map((c) => store.orgUnits.put({ id: c.id, kind: 'commune', name: `Xã ${c.id}`, parentId: c.unit })))

  // Every status and a spread of scores; ~10 % of communes never started. Written through save, so each one
  // moved its unit's counters exactly as an API call would.
  const profile = { population: 6200, adults: 4300, households: 1450, villages: 9, officials: 21, businesses: 12, schools: 5 }
  const answerSets = [0.3, 0.6, 0.8, 0.95, 1].map((share) => demoAnswers(defaultRubric2025, profile, share))
  const t0 = performance.now()
  let counted = 0
  for (const y of [year - 1, year]) {
    const work = communes.filter((_, i) => i % 10 !== (y === year ? 9 : 3))
    counted += y === year ? work.length : 0
    for (let i = 0; i < work.length; i += 40)
      await Promise.all(
        work.slice(i, i + 40).map((c, j) => {
          const n = i + j
          const status = STATUSES[(n * 7 + y) % STATUSES.length]!
          const answers = answerSets[(n * 3) % answerSets.length]!
          return store.assessments.save({ ...emptyAssessment(c.id, y), status, version: 1, profile, answers, updatedAt: new Date().toISOString(), updatedBy: 'seed' }, 0)
        }),
      )
  }
  const seedSeconds = (performance.now() - t0) / 1000

  const secret = 'bench-secret-bench-secret-bench-secret-0123'
  const token = async (id: string, role: 'admin' | 'reviewer', orgUnitId: string) =>
    (await issueToken({ id, username: id, role, orgUnitId }, { secret, ttlSeconds: 3600, now: () => new Date() })).token
  const admin = await token('u-admin', 'admin', province)
  const reviewer = await token('u-reviewer', 'reviewer', unitIds[0]!)
  const app = createApp({ store, auth: { tokenSecret: secret } })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const headers = (t: string) => ({ authorization: `Bearer ${t}`, 'accept-encoding': 'gzip' })

  try {
    const measure = async (what: string, who: string, clients: number, perClient: number, path: string): Promise<Latency & { what: string }> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let n = 0; n < perClient; n++) {
            const t = performance.now()
            const res = await fetch(`${base}${path}`, { headers: headers(who) })
            await res.arrayBuffer()
            latencies.push(performance.now() - t)
            if (!res.ok) errors++
          }
        }),
      )
      const seconds = (performance.now() - start) / 1000
      latencies.sort((a, b) => a - b)
      return { what, clients, requests: latencies.length, p50: r1(percentile(latencies, 50)), p95: r1(percentile(latencies, 95)), p99: r1(percentile(latencies, 99)), errors, rps: Math.round(latencies.length / seconds) }
    }

    const provincePath = `/api/dashboard?year=${year}`
    const first = await fetch(`${base}${provincePath}`, { headers: { authorization: `Bearer ${admin}` } })
    const body = (await first.json()) as { current: { counts: Record<string, number>; communes: number } }
    const started = Object.entries(body.current.counts).reduce((n, [k, v]) => (k === 'not_started' ? n : n + v), 0)
    if (started !== counted || body.current.communes !== communes.length)
      throw new Error(`dashboard bench: counted ${started} of ${body.current.communes}, expected ${counted} of ${communes.length}`)
    const bytes = JSON.stringify(body).length

    await measure('warm-up', admin, 4, 10, provincePath)
    const rows = [
      await measure(`province (${units} units, ${communes.length} communes), admin`, admin, 1, 200, provincePath),
      await measure(`province (${units} units, ${communes.length} communes), admin`, admin, 10, 40, provincePath),
      await measure(`one review unit (${perUnit} communes), reviewer`, reviewer, 10, 40, `/api/dashboard?year=${year}`),
    ]
    return { communes: communes.length, units, seedSeconds, counted, rows, bytes }
  } finally {
    server.close()
    await dynamo.stop()
  }
}

// `npx tsx bench/dashboard.ts`: this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchDashboard().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2))
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
