import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from '../functions/src/app'
import { issueToken } from '../functions/src/auth/token'
import { startDynamoLocal } from '../functions/src/local/dynamo-local'
import { createTable } from '../functions/src/storage/create-table'
import { createDocumentClient, createStore } from '../functions/src/storage/store'
import { defaultRubric2025 } from '../shared/rubric/default'

export type Latency = { clients: number; requests: number; p50: number; p95: number; p99: number; errors: number; rps: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/**
 * GET and PATCH latency against the real API on DynamoDB Local (in memory), over HTTP on loopback, with N
 * clients each working on its own commune (as officers do: one commune, one draft). Each client sends its
 * requests back to back; a PATCH carries the version its previous answer returned, so every PATCH is a
 * real conditional write, not a 409.
 */
export async function benchApi(levels = [1, 10, 50], requestsPerClient = 60): Promise<{ get: Latency[]; patch: Latency[] }> {
  const dynamo = await startDynamoLocal({ inMemory: true })
  const server = { close: () => {} }
  try {
    const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
    const tableName = 'bench'
    await createTable(raw, tableName)
    // As deployed: functions/src/lambda.ts caches org units and rubrics for 30 s.
    const store = createStore({ client: createDocumentClient(raw), tableName, cacheTtlMs: 30_000 })
    await store.rubrics.put(defaultRubric2025)
    await store.orgUnits.put({ id: 'p-bench', kind: 'province', name: 'Tỉnh Bench' })
    await store.orgUnits.put({ id: 'd-bench', kind: 'district', name: 'Khu vực Bench', parentId: 'p-bench' })
    const maxClients = Math.max(...levels)
    const secret = 'bench-secret-bench-secret-bench-secret-0123'
    const tokens: string[] = []
    for (let i = 0; i < maxClients; i++) {
      await store.orgUnits.put({ id: `c-${i}`, kind: 'commune', name: `Xã ${i}`, parentId: 'd-bench' })
      const t = await issueToken(
        { id: `u-${i}`, username: `canbo.${i}`, role: 'officer', orgUnitId: `c-${i}` },
        { secret, ttlSeconds: 3600, now: () => new Date() },
      )
      tokens.push(t.token)
    }
    const app = createApp({ store, auth: { tokenSecret: secret } })
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    server.close = () => s.close()
    await new Promise((r) => s.once('listening', r))
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    const versions = new Map<number, number>()

    const run = async (clients: number, kind: 'get' | 'patch'): Promise<Latency> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async (_, i) => {
          const url = `${base}/api/communes/c-${i}/assessments/2025`
          const headers = { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' }
          for (let n = 0; n < requestsPerClient; n++) {
            const t0 = performance.now()
            const res =
              kind === 'get'
                ? await fetch(url, { headers })
                : await fetch(url, {
                    method: 'PATCH',
                    headers,
                    body: JSON.stringify({ version: versions.get(i) ?? 0, answers: { 'A1.2': { count: n % 5 }, 'A3.1': { numerator: n } }, profile: { households: 1200 } }),
                  })
            const body = (await res.json()) as { assessment?: { version: number } }
            latencies.push(performance.now() - t0)
            if (!res.ok) errors++
            else if (body.assessment) versions.set(i, body.assessment.version)
          }
        }),
      )
      const seconds = (performance.now() - start) / 1000
      latencies.sort((a, b) => a - b)
      const r2 = (x: number) => Math.round(x * 10) / 10
      return {
        clients,
        requests: latencies.length,
        p50: r2(percentile(latencies, 50)),
        p95: r2(percentile(latencies, 95)),
        p99: r2(percentile(latencies, 99)),
        errors,
        rps: Math.round(latencies.length / seconds),
      }
    }

    await run(Math.min(10, maxClients), 'patch') // warm-up: JIT, connection pools, DynamoDB Local's JVM
    await run(Math.min(10, maxClients), 'get')
    const patch: Latency[] = []
    const get: Latency[] = []
    for (const c of levels) patch.push(await run(c, 'patch'))
    for (const c of levels) get.push(await run(c, 'get'))
    return { get, patch }
  } finally {
    server.close()
    await dynamo.stop()
  }
}
