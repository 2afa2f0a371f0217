import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from '../functions/src/app'
import { issueToken } from '../functions/src/auth/token'
import { defaultRubric2025 } from '../shared/rubric/default'
import { benchTable } from './bench-store'

/*
 * The server side of the API bench, in its own process (as a Lambda container would be): DynamoDB Local in
 * memory, one district of N communes with an officer token each, the real app on a loopback port. Prints
 * one JSON line { base, tokens } and serves until stdin closes.
 */
async function main() {
  const clients = Number(process.argv[2] ?? 50)
  // As deployed: units, rubrics and accounts cached for 30 s per process (bench-store.ts).
  const { dynamo, store, tableName } = await benchTable('bench')
  await store.rubrics.put(defaultRubric2025)
  await store.orgUnits.put({ id: 'p-bench', kind: 'province', name: 'Tỉnh Bench' })
  await store.orgUnits.put({ id: 'd-bench', kind: 'district', name: 'Khu vực Bench', parentId: 'p-bench' })
  const secret = 'bench-secret-bench-secret-bench-secret-0123'
  const tokens: string[] = []
  for (let i = 0; i < clients; i++) {
    await store.orgUnits.put({ id: `c-${i}`, kind: 'commune', name: `Xã ${i}`, parentId: 'd-bench' })
    // The auth middleware re-checks the account behind every token (deactivation revokes it).
    await store.users.put({ id: `u-${i}`, username: `canbo.${i}`, name: `Cán bộ ${i}`, role: 'officer', orgUnitId: `c-${i}`, active: true, passwordHash: 'unused' })
    const t = await issueToken({ id: `u-${i}`, username: `canbo.${i}`, role: 'officer', orgUnitId: `c-${i}` }, { secret, ttlSeconds: 3600, now: () => new Date() })
    tokens.push(t.token)
  }
  const app = createApp({ store, auth: { tokenSecret: secret } })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.stdout.write(`${JSON.stringify({ base, tokens, dynamo: dynamo.endpoint, tableName })}\n`)
  const stop = async () => {
    server.close()
    await dynamo.stop()
    process.exit(0)
  }
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.stdin.resume()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
