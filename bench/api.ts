import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

export type Latency = { clients: number; requests: number; p50: number; p95: number; p99: number; errors: number; rps: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/** Starts bench/api-server.ts in its own process and waits for its { base, tokens } line. */
async function startServer(clients: number) {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'bench/api-server.ts', String(clients)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  const { base, tokens } = JSON.parse(line) as { base: string; tokens: string[] }
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.stdin!.end()
    })
  return { base, tokens, stop }
}

/**
 * GET and PATCH latency against the real API on DynamoDB Local (in memory), over HTTP on loopback. The server
 * runs in its own process; here N clients each work on their own commune (as officers do: one commune, one
 * draft) and send requests back to back. A PATCH carries the version its previous answer returned, so every
 * PATCH is a real conditional write, not a 409. Clients ask for gzip, as browsers do.
 */
export async function benchApi(levels = [1, 10, 50], requestsPerClient = 60): Promise<{ get: Latency[]; patch: Latency[] }> {
  const server = await startServer(Math.max(...levels))
  try {
    const versions = new Map<number, number>()
    const run = async (clients: number, kind: 'get' | 'patch'): Promise<Latency> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async (_, i) => {
          const url = `${server.base}/api/communes/c-${i}/assessments/2025`
          const headers = { authorization: `Bearer ${server.tokens[i]}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' }
          for (let n = 0; n < requestsPerClient; n++) {
            const t0 = performance.now()
            const res =
              kind === 'get'
                ? await fetch(url, { headers })
                : await fetch(url, {
                    method: 'PATCH',
                    headers,
                    body: JSON.stringify({
                      version: versions.get(i) ?? 0,
                      answers: { 'A1.2': { count: n % 5 }, 'A3.1': { numerator: n } },
                      profile: { households: 1200 },
                    }),
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
      const r1 = (x: number) => Math.round(x * 10) / 10
      return {
        clients,
        requests: latencies.length,
        p50: r1(percentile(latencies, 50)),
        p95: r1(percentile(latencies, 95)),
        p99: r1(percentile(latencies, 99)),
        errors,
        rps: Math.round(latencies.length / seconds),
      }
    }

    const probe = await fetch(`${server.base}/api/communes/c-0/assessments/2025`, { headers: { authorization: `Bearer ${server.tokens[0]}` } })
    if (!probe.ok) throw new Error(`bench: the API refused the bench's own request (${probe.status} ${await probe.text()})`)
    await run(10, 'patch') // warm-up: JIT, connection pools, DynamoDB Local's JVM
    await run(10, 'get')
    const patch: Latency[] = []
    const get: Latency[] = []
    for (const c of levels) patch.push(await run(c, 'patch'))
    for (const c of levels) get.push(await run(c, 'get'))
    return { get, patch }
  } finally {
    await server.stop()
  }
}
