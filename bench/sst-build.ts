import { build, type Plugin } from 'esbuild'
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/*
 * The Lambda bundle exactly as SST v3 builds a Node function (pkg/runtime/node/build.go of sst/sst): esbuild,
 * ESM, target esnext, keepNames, mainFields module/main, `sharp` and `pg-native` external, the banner that gives
 * the ES module a `require` (createRequire), `__filename` and `__dirname` — without it, bundled CommonJS code
 * such as the AWS SDK's fails with `Dynamic require of "node:https" is not supported` — plus the options
 * stacks/api.ts sets: minify, splitting (chunks named .mjs) and the plugins file. Output goes to disk because a
 * split bundle is several files, imported by the bench and by test/unit/lambda-bundle.test.ts in a fresh process.
 */

export const SST_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  '',
].join('\n')

/** What stacks/api.ts passes as `nodejs` (kept equal by test/unit/lambda-bundle.test.ts). */
export const API_NODEJS = { minify: true, splitting: true, plugins: 'functions/build/esbuild-plugins.mjs' } as const

export type SstBundle = {
  dir: string
  entry: string
  files: { path: string; bytes: number }[]
  entryBytes: number
  /** The entry and every chunk it imports statically: what a cold start loads (the rest waits for an `import()`). */
  eagerFiles: string[]
  eagerBytes: number
  totalBytes: number
}

export async function buildLikeSst(
  entry: string,
  outdir: string,
  opts: { minify: boolean; splitting: boolean; plugins?: string } = API_NODEJS,
): Promise<SstBundle> {
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(outdir, { recursive: true })
  const plugins: Plugin[] = opts.plugins ? ((await import(pathToFileURL(resolve(opts.plugins)).href)) as { default: Plugin[] }).default : []
  const name = entry.replace(/^.*\//, '').replace(/\.[^.]+$/, '').replaceAll('.', '-')
  const result = await build({
    entryPoints: [entry],
    platform: 'node',
    external: ['sharp', 'pg-native'],
    keepNames: true,
    bundle: true,
    splitting: opts.splitting,
    metafile: true,
    ...(opts.splitting ? { outdir, outExtension: { '.js': '.mjs' }, entryNames: name } : { outfile: join(outdir, `${name}.mjs`) }),
    plugins,
    sourcemap: false,
    write: true,
    format: 'esm',
    target: 'esnext',
    mainFields: ['module', 'main'],
    banner: { js: SST_BANNER },
    minify: opts.minify,
    logLevel: 'error',
  })
  const outputs = result.metafile.outputs
  const files = Object.entries(outputs).map(([path, out]) => ({ path: resolve(path), bytes: out.bytes }))
  const entryFile = resolve(outdir, `${name}.mjs`)
  const eager = new Set<string>()
  const visit = (path: string) => {
    if (eager.has(path) || !outputs[path]) return
    eager.add(path)
    for (const i of outputs[path]!.imports) if (i.kind === 'import-statement') visit(i.path)
  }
  visit(Object.keys(outputs).find((path) => resolve(path) === entryFile) ?? '')
  return {
    dir: resolve(outdir),
    entry: entryFile,
    files,
    entryBytes: files.find((f) => f.path === entryFile)?.bytes ?? 0,
    eagerFiles: [...eager].map((path) => resolve(path)),
    eagerBytes: [...eager].reduce((s, path) => s + outputs[path]!.bytes, 0),
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
  }
}

/** The environment a linked function gets from SST (read by `Resource`), with made-up names. */
export const FAKE_SST_RESOURCES = JSON.stringify({
  Table: { name: 'xaso-bench', type: 'sst.aws.Dynamo' },
  Evidence: { name: 'xaso-bench-evidence', type: 'sst.aws.Bucket' },
  TokenSecret: { value: 'bench-only-secret-0123456789abcdef0123456789', type: 'sst.sst.Secret' },
})

/** The Lambda runtime's `awslambda` global, which hono's streamHandle wraps the handler with at import time. */
const AWSLAMBDA_GLOBAL = `
globalThis.awslambda = {
  streamifyResponse: (f) => f,
  HttpResponseStream: { from: (stream, meta) => { stream.meta = meta; return stream } },
}`

/** `invoke(mod, path, headers)`: one function-URL GET through the module's handler; resolves to { meta, body }. */
const INVOKE_FUNCTION = `
const { Writable } = await import('node:stream')
async function invoke(mod, path, headers = {}) {
  const chunks = []
  const stream = new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb() } })
  const done = new Promise((r) => stream.on('finish', r))
  await mod.handler({ version: '2.0', rawPath: path, rawQueryString: '', headers: { host: 'lambda.test', ...headers },
    requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, domainName: 'lambda.test' }, isBase64Encoded: false }, stream, {})
  await done
  return { meta: stream.meta, body: Buffer.concat(chunks).toString('utf8') }
}`

/**
 * A script for `node --input-type=module -e`: the Lambda runtime's global, then the import itself, timed; prints
 * the milliseconds. With `invoke`, it also answers one function-URL request (GET path) through the handler and
 * prints the response.
 */
export function importScript(entry: string, invoke?: string): string {
  return `${AWSLAMBDA_GLOBAL}
${INVOKE_FUNCTION}
const started = performance.now()
const mod = await import(${JSON.stringify(pathToFileURL(entry).href)})
const ms = performance.now() - started
const response = ${JSON.stringify(invoke ?? '')} ? await invoke(mod, ${JSON.stringify(invoke ?? '')}) : undefined
process.stdout.write(JSON.stringify({ ms, exports: Object.keys(mod), response }))
`
}

export type PageRequest = { path: string; headers?: Record<string, string> }

/**
 * A script for `node --input-type=module -e` that does what a fresh Lambda container does for a page: imports
 * the handler and answers `requests` one after another (a container answers one request at a time); prints the
 * milliseconds from the start of the import to the end of the last answer (`ms`) and of each (`answeredMs`), the same requests answered
 * again by the now warm process (`warmMs`: what of `ms` is the requests' own work and the database), and each
 * first answer's status.
 */
export function pageScript(entry: string, requests: PageRequest[]): string {
  return `${AWSLAMBDA_GLOBAL}
${INVOKE_FUNCTION}
const requests = ${JSON.stringify(requests)}
const started = performance.now()
const mod = await import(${JSON.stringify(pathToFileURL(entry).href)})
const importMs = performance.now() - started
const statuses = []
const answeredMs = []
for (const r of requests) {
  statuses.push((await invoke(mod, r.path, r.headers)).meta.statusCode)
  answeredMs.push(performance.now() - started)
}
const ms = performance.now() - started
const warmStarted = performance.now()
for (const r of requests) await invoke(mod, r.path, r.headers)
const warmMs = performance.now() - warmStarted
process.stdout.write(JSON.stringify({ ms, importMs, answeredMs, warmMs, statuses }))
`
}
