import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { createApp } from '../functions/src/app'
import { deployedStore } from './bench-store'

/*
 * The server side of the exports bench, in its own process so the memory measured is the server's alone (as a
 * Lambda container's would be): the real app, as configured on Lambda (30 s caches), on a table the bench process
 * seeded. Samples its own RSS and heap every 5 ms; GET /bench/mem answers the peaks since the last
 * POST /bench/mem (which collects garbage first and starts a new window). Serves until stdin closes.
 */
async function main() {
  const [endpoint, tableName, secret] = process.argv.slice(2) as [string, string, string]
  const { raw, store } = await deployedStore(endpoint, tableName)
  const app = createApp({ store, auth: { tokenSecret: secret } })

  let peak = { rss: 0, heapUsed: 0 }
  let base = { rss: 0, heapUsed: 0 }
  const sample = () => {
    const m = process.memoryUsage()
    if (m.rss > peak.rss) peak.rss = m.rss
    if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed
  }
  setInterval(sample, 5).unref()

  const root = new Hono()
  root.post('/bench/mem', (c) => {
    ;(globalThis as { gc?: () => void }).gc?.()
    const m = process.memoryUsage()
    base = { rss: m.rss, heapUsed: m.heapUsed }
    peak = { ...base }
    return c.json(base)
  })
  root.get('/bench/mem', (c) => {
    sample()
    return c.json({ base, peak })
  })
  root.all('*', (c) => app.fetch(c.req.raw))
  const server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  process.stdout.write(`${JSON.stringify({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`)
  const stop = () => {
    server.close()
    raw.destroy()
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
