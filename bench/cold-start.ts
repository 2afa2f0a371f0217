import { execFileSync } from 'node:child_process'
import { API_NODEJS, buildLikeSst, FAKE_SST_RESOURCES, importScript, type SstBundle } from './sst-build'

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
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

function importMs(entry: string): { ms: number; processMs: number } {
  const started = performance.now()
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', importScript(entry)], {
    env: { ...process.env, SST_RESOURCES_JSON: FAKE_SST_RESOURCES, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
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
  const app = await buildLikeSst('functions/src/lambda.ts', 'bench/.tmp/cold-app', API_NODEJS)
  const hello = await buildLikeSst('bench/fixtures/hello-lambda.ts', 'bench/.tmp/cold-hello', API_NODEJS)
  importMs(app.entry) // the first read of the files from disk is not a cold start's cost
  importMs(hello.entry)
  const a: ReturnType<typeof importMs>[] = []
  const h: ReturnType<typeof importMs>[] = []
  for (let i = 0; i < runs; i++) {
    a.push(importMs(app.entry))
    h.push(importMs(hello.entry))
  }
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
  }
}
