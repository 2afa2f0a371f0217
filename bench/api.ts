import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { createInterface } from 'node:readline'
import { PK, SK } from '../functions/src/storage/item'
import { assessmentKey } from '../functions/src/storage/keys'

export type Latency = { clients: number; requests: number; p50: number; p95: number; p99: number; errors: number; rps: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/**
 * One request over node:http with a keep-alive agent: the same HTTP stack the raw baseline's SDK uses (its
 * NodeHttpHandler), so the ratio compares the server's work with DynamoDB's rather than undici's fetch (web
 * streams per response) with the SDK's handler. Bodies are gzip-decoded as a browser would.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 })
function httpJson(url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<{ ok: boolean; status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
        const status = res.statusCode ?? 0
        resolve({ ok: status >= 200 && status < 300, status, body: text ? JSON.parse(text) : undefined })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

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
  const { base, tokens, dynamo, tableName } = JSON.parse(line) as { base: string; tokens: string[]; dynamo: string; tableName: string }
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.stdin!.end()
    })
  return { base, tokens, dynamo, tableName, stop }
}

/**
 * GET and PATCH latency against the real API on DynamoDB Local (in memory), over HTTP on loopback. The server
 * runs in its own process; here N clients each work on their own commune (as officers do: one commune, one
 * draft) and send requests back to back. A PATCH carries the version its previous answer returned, so every
 * PATCH is a real conditional write, not a 409. Clients ask for gzip, as browsers do, over node:http (httpJson).
 */
export async function benchApi(levels = [1, 10, 50], requestsPerClient = 60): Promise<{ get: Latency[]; patch: Latency[]; raw: Latency[] }> {
  // At least 600 requests per level: 60 from one client gave a p50 that moved ±10 % from run to run.
  const perClient = (clients: number) => Math.max(requestsPerClient, Math.ceil(600 / clients))
  const server = await startServer(Math.max(...levels))
  try {
    const versions = new Map<number, number>()
    // Issue 8's baseline: the same conditional TransactWriteItems a save does (the stored item and its audit event),
    // sent straight from this process to the same DynamoDB Local, without the API in between.
    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: server.dynamo, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    )
    let template: Record<string, unknown> = {}
    const rawVersions = new Map<number, number>()
    const rawWrite = async (i: number, n: number) => {
      const prev = rawVersions.get(i) ?? 0
      const version = prev + 1
      const key = { [PK]: `RAWBENCH#${i}`, [SK]: 'ASSESSMENT' }
      await raw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: server.tableName,
                Item: { ...template, ...key, version, answers: { ...(template.answers as object), 'A3.1': { numerator: n } } },
                ConditionExpression: prev === 0 ? `attribute_not_exists(${PK})` : '#version = :expected',
                ...(prev === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': prev } }),
              },
            },
            {
              Put: {
                TableName: server.tableName,
                Item: {
                  [PK]: `RAWBENCH#${i}`,
                  [SK]: `EVENT#${String(version).padStart(9, '0')}`,
                  at: new Date().toISOString(),
                  by: `u-${i}`,
                  byName: `Cán bộ ${i}`,
                  role: 'officer',
                  action: 'edit',
                  version,
                  changes: [{ field: 'answers.A3.1', from: { numerator: n - 1 }, to: { numerator: n } }],
                },
                ConditionExpression: `attribute_not_exists(${PK})`,
              },
            },
          ],
        }),
      )
      rawVersions.set(i, version)
    }
    type Sample = { latencies: number[]; errors: number; seconds: number }
    const sample = async (clients: number, kind: 'get' | 'patch' | 'raw', perEach: number): Promise<Sample> => {
      const latencies: number[] = []
      let errors = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: clients }, async (_, i) => {
          const url = `${server.base}/api/communes/c-${i}/assessments/2025`
          const headers = { authorization: `Bearer ${server.tokens[i]}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' }
          for (let k = 0; k < perEach; k++) {
            // A number that keeps growing across a level's rounds (the raw write's version follows it).
            const n = (counters.get(`${kind}:${i}`) ?? 0) + 1
            counters.set(`${kind}:${i}`, n)
            const t0 = performance.now()
            if (kind === 'raw') {
              try {
                await rawWrite(i, n)
              } catch {
                errors++
              }
              latencies.push(performance.now() - t0)
              continue
            }
            const res =
              kind === 'get'
                ? await httpJson(url, { headers })
                : await httpJson(url, {
                    method: 'PATCH',
                    headers,
                    body: JSON.stringify({
                      version: versions.get(i) ?? 0,
                      answers: { 'A1.2': { count: n % 5 }, 'A3.1': { numerator: n } },
                      profile: { households: 1200 },
                    }),
                  })
            const body = res.body as { version?: number }
            latencies.push(performance.now() - t0)
            if (!res.ok) errors++
            else if (kind === 'patch' && typeof body.version === 'number') versions.set(i, body.version)
          }
        }),
      )
      return { latencies, errors, seconds: (performance.now() - start) / 1000 }
    }
    const counters = new Map<string, number>()
    const summary = (clients: number, samples: Sample[]): Latency => {
      const latencies = samples.flatMap((x) => x.latencies).sort((a, b) => a - b)
      const seconds = samples.reduce((t, x) => t + x.seconds, 0)
      const r1 = (x: number) => Math.round(x * 10) / 10
      return {
        clients,
        requests: latencies.length,
        p50: r1(percentile(latencies, 50)),
        p95: r1(percentile(latencies, 95)),
        p99: r1(percentile(latencies, 99)),
        errors: samples.reduce((t, x) => t + x.errors, 0),
        rps: Math.round(latencies.length / seconds),
      }
    }
    const run = async (clients: number, kind: 'get' | 'patch' | 'raw'): Promise<Latency> => summary(clients, [await sample(clients, kind, perClient(clients))])
    /**
     * PATCH and the raw write of one level, in ROUNDS rounds taken in turn (PATCH, raw, PATCH, raw, …) and pooled:
     * a burst of the shared machine's other load then falls on both sides alike, not on one side's whole block.
     */
    const ROUNDS = 6
    const paired = async (clients: number): Promise<{ patch: Latency; raw: Latency }> => {
      const perRound = Math.ceil(perClient(clients) / ROUNDS)
      const patches: Sample[] = []
      const raws: Sample[] = []
      for (let r = 0; r < ROUNDS; r++) {
        patches.push(await sample(clients, 'patch', perRound))
        raws.push(await sample(clients, 'raw', perRound))
      }
      return { patch: summary(clients, patches), raw: summary(clients, raws) }
    }

    const probe = await fetch(`${server.base}/api/communes/c-0/assessments/2025`, { headers: { authorization: `Bearer ${server.tokens[0]}` } })
    if (!probe.ok) throw new Error(`bench: the API refused the bench's own request (${probe.status} ${await probe.text()})`)
    await run(10, 'patch') // warm-up: JIT, connection pools, DynamoDB Local's JVM
    await run(10, 'get')
    const stored = await raw.send(new GetCommand({ TableName: server.tableName, Key: assessmentKey('c-0', 2025) }))
    template = stored.Item ?? {}
    await run(10, 'raw')
    const patch: Latency[] = []
    const get: Latency[] = []
    const rawRows: Latency[] = []
    for (const c of levels) {
      const both = await paired(c)
      patch.push(both.patch)
      rawRows.push(both.raw)
    }
    for (const c of levels) get.push(await run(c, 'get'))
    return { get, patch, raw: rawRows }
  } finally {
    agent.destroy()
    await server.stop()
  }
}
