import { execFileSync } from 'node:child_process'
import { issueToken } from '../functions/src/auth/token'
import { defaultRubric2025 } from '../shared/rubric/default'
import { benchTable } from './bench-store'
import { API_NODEJS, buildLikeSst, FAKE_SST_RESOURCES, importScript, pageScript, type PageRequest, type SstBundle } from './sst-build'

export type ColdStart = {
  runs: number
  /** the import alone, timed inside the fresh process */
  appMs: number[]
  helloMs: number[]
  appMedian: number
  helloMedian: number
  ratio: number
  /** the whole fresh process, start to exit (what a Lambda cold start adds the runtime's own boot to) */
  appProcessMedian: number
  helloProcessMedian: number
  processRatio: number
  app: SstBundle
  hello: SstBundle
  /** The stack alone (bench/fixtures/stack-lambda.ts: hono, zod, the DynamoDB client, no code of ours), same runs. */
  stack: { bundle: SstBundle; median: number; processMedian: number; ratio: number; processRatio: number }
  /** A fresh process answering the officer's first page, against the hello-world answering one request. */
  firstPage: FirstPage
}

export type FirstPage = {
  requests: string[]
  /** import and the page's requests answered one after another, timed inside the fresh process */
  appMedian: number
  /** of which the import alone */
  appImportMedian: number
  /** from the start of the import to each request's answer, request by request (medians) */
  appAnsweredMedians: number[]
  /** the same requests again in the now warm process: their own work and the database round trips */
  appWarmMedian: number
  /** the hello-world's import and its one answer */
  helloMedian: number
  ratio: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

const BUNDLE_ENV = { SST_RESOURCES_JSON: FAKE_SST_RESOURCES, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

function importMs(entry: string): { ms: number; processMs: number } {
  const started = performance.now()
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', importScript(entry)], {
    env: { ...process.env, ...BUNDLE_ENV },
    encoding: 'utf8',
  })
  const processMs = performance.now() - started
  return { ms: (JSON.parse(out) as { ms: number }).ms, processMs }
}

/**
 * Issue 8's cold-start target: importing the API's Lambda bundle (built as SST builds it) in a fresh Node process,
 * against a Hono hello-world built the same way. Runs alternate (app, hello, app, …) so that whatever else the
 * shared machine does falls on both; the medians and their ratio are reported.
 */
export async function benchColdStart(runs = 11): Promise<ColdStart> {
  const firstPage = await benchFirstPage(runs)
  const app = await buildLikeSst('functions/src/lambda.ts', 'bench/.tmp/cold-app', API_NODEJS)
  const hello = await buildLikeSst('bench/fixtures/hello-lambda.ts', 'bench/.tmp/cold-hello', API_NODEJS)
  const stack = await buildLikeSst('bench/fixtures/stack-lambda.ts', 'bench/.tmp/cold-stack', API_NODEJS)
  importMs(app.entry) // the first read of the files from disk is not a cold start's cost
  importMs(hello.entry)
  importMs(stack.entry)
  const a: ReturnType<typeof importMs>[] = []
  const h: ReturnType<typeof importMs>[] = []
  const st: ReturnType<typeof importMs>[] = []
  for (let i = 0; i < runs; i++) {
    a.push(importMs(app.entry))
    h.push(importMs(hello.entry))
    st.push(importMs(stack.entry))
  }
  const stackMedian = median(st.map((r) => r.ms))
  const stackProcessMedian = median(st.map((r) => r.processMs))
  const appMs = a.map((r) => r.ms)
  const helloMs = h.map((r) => r.ms)
  const appMedian = median(appMs)
  const helloMedian = median(helloMs)
  const appProcessMedian = median(a.map((r) => r.processMs))
  const helloProcessMedian = median(h.map((r) => r.processMs))
  return {
    runs,
    appMs,
    helloMs,
    appMedian,
    helloMedian,
    ratio: appMedian / helloMedian,
    appProcessMedian,
    helloProcessMedian,
    processRatio: appProcessMedian / helloProcessMedian,
    app,
    hello,
    stack: {
      bundle: stack,
      median: stackMedian,
      processMedian: stackProcessMedian,
      ratio: stackMedian / helloMedian,
      processRatio: stackProcessMedian / helloProcessMedian,
    },
    firstPage,
  }
}

type PageRun = { ms: number; importMs: number; answeredMs: number[]; warmMs: number; statuses: number[] }

function pageRun(entry: string, requests: PageRequest[], env: Record<string, string>): PageRun {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', pageScript(entry, requests)], { env: { ...process.env, ...env }, encoding: 'utf8' })
  const run = JSON.parse(out) as PageRun
  // Only answers the page can use count: a 401 or 404 would be fast for the wrong reason.
  if (run.statuses.some((s) => s !== 200)) throw new Error(`bench: first page answered ${JSON.stringify(run.statuses)} for ${requests.map((r) => r.path).join(', ')}`)
  return run
}

/**
 * DynamoDB Local (in memory) holding what the officer's page reads on start: an open year, its rubric, a commune
 * and its officer; the page's requests with the officer's token, and the environment that points a bundle's
 * store at it as a Lambda reaches DynamoDB (the SDK's endpoint from AWS_ENDPOINT_URL_DYNAMODB, the table from
 * SST's resources).
 */
export async function firstPageFixture() {
  const resources = JSON.parse(FAKE_SST_RESOURCES) as { Table: { name: string }; TokenSecret: { value: string } }
  const { dynamo, store } = await benchTable(resources.Table.name)
  try {
    const year = defaultRubric2025.year
    const now = new Date()
    const at = now.toISOString()
    // Any deadline will do (the page reads it); one a month from today, so nothing here is tied to a date.
    const deadline = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10)
    const by = { by: 'u-admin', byName: 'Quản trị Bench' }
    await store.surveyYears.open(
      { year, deadline, openedAt: at, openedBy: by.by, openedByName: by.byName, updatedAt: at, extensions: {} },
      { year, action: 'opened', at, ...by },
      { rubric: defaultRubric2025, published: { at, ...by, source: 'default' } },
    )
    await store.orgUnits.put({ id: 'p-bench', kind: 'province', name: 'Tỉnh Bench' })
    await store.orgUnits.put({ id: 'd-bench', kind: 'district', name: 'Khu vực Bench', parentId: 'p-bench' })
    await store.orgUnits.put({ id: 'c-bench', kind: 'commune', name: 'Xã Bench', parentId: 'd-bench' })
    const officer = { id: 'u-officer', username: 'canbo.bench', role: 'officer' as const, orgUnitId: 'c-bench' }
    await store.users.put({ ...officer, name: 'Cán bộ Bench', active: true, passwordHash: 'unused' })
    const { token } = await issueToken(officer, { secret: resources.TokenSecret.value, ttlSeconds: 3600, now: () => new Date() })
    const headers = { authorization: `Bearer ${token}` }
    const requests: PageRequest[] = ['/api/me', '/api/years', `/api/rubrics/${year}`, `/api/communes/c-bench/assessments/${year}`].map((path) => ({ path, headers }))
    const env: Record<string, string> = {
      ...BUNDLE_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
    }
    return { requests, env, stop: () => dynamo.stop() }
  } catch (err) {
    await dynamo.stop()
    throw err
  }
}

/**
 * What a fresh Lambda container costs the officer whose page it answers first: the bundle (built as SST builds
 * it) imported and the officer's start-up reads (who am I, the years, the year's rubric, the commune's
 * assessment) answered through its handler one after another, against the hello-world imported and answering
 * one request; fresh processes, alternating (firstPageFixture: DynamoDB Local).
 */
export async function benchFirstPage(runs = 11): Promise<FirstPage> {
  const app = await buildLikeSst('functions/src/lambda.ts', 'bench/.tmp/page-app', API_NODEJS)
  const hello = await buildLikeSst('bench/fixtures/hello-lambda.ts', 'bench/.tmp/page-hello', API_NODEJS)
  const { requests, env, stop } = await firstPageFixture()
  try {
    const helloRequests = [{ path: '/api/health' }]
    pageRun(app.entry, requests, env) // the first read of the files from disk is not a cold start's cost
    pageRun(hello.entry, helloRequests, env)
    const a: PageRun[] = []
    const h: PageRun[] = []
    for (let i = 0; i < runs; i++) {
      a.push(pageRun(app.entry, requests, env))
      h.push(pageRun(hello.entry, helloRequests, env))
    }
    const appMedian = median(a.map((r) => r.ms))
    const helloMedian = median(h.map((r) => r.ms))
    return {
      requests: requests.map((r) => r.path),
      appMedian,
      appImportMedian: median(a.map((r) => r.importMs)),
      appAnsweredMedians: requests.map((_, i) => median(a.map((r) => r.answeredMs[i]!))),
      appWarmMedian: median(a.map((r) => r.warmMs)),
      helloMedian,
      ratio: appMedian / helloMedian,
    }
  } finally {
    await stop()
  }
}
