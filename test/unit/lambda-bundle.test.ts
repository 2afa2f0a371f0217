import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_NODEJS, buildLikeSst, FAKE_SST_RESOURCES, importScript, type SstBundle } from '../../bench/sst-build'
import { scaled } from '../support/timing'

/*
 * Issue 8: the Lambda bundle, built as SST builds it (bench/sst-build.ts: ESM with the createRequire banner,
 * splitting, the plugins file), is imported as a real ES module in a fresh Node process and answers a request
 * through its handler. The old bench built without the banner, and that bundle crashed on import with
 * `Dynamic require of "node:https" is not supported`.
 */

let bundle: SstBundle
// One directory per run: two runs at once (two worktrees' habits, a watcher) would otherwise delete each other's.
const OUT = `bench/.tmp/test-lambda-${process.pid}`
beforeAll(async () => {
  bundle = await buildLikeSst('functions/src/lambda.ts', OUT, API_NODEJS)
}, scaled(120_000))
afterAll(() => rmSync(OUT, { recursive: true, force: true }))

function invoke(path: string, entry = bundle.entry) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', importScript(entry, path)], {
    env: { ...process.env, SST_RESOURCES_JSON: FAKE_SST_RESOURCES, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  })
  return JSON.parse(out) as { exports: string[]; response: { meta: { statusCode: number; headers: Record<string, string> }; body: string } }
}

/** The entry and every chunk it imports statically (what a cold start loads), not those behind `import()`. */
function eagerFiles(b: SstBundle): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.mjs)"/g)) visit(join(dirname(file), m[1]!))
  }
  visit(b.entry)
  return [...seen]
}

describe('the API Lambda bundle', () => {
  it('is built with the options stacks/api.ts gives SST', () => {
    const stack = readFileSync('stacks/api.ts', 'utf8')
    expect(stack).toContain(`nodejs: { minify: ${API_NODEJS.minify}, splitting: ${API_NODEJS.splitting}, plugins: '${API_NODEJS.plugins}' }`)
  })

  it('imports as an ES module in a fresh process and answers GET /api/health through its handler', () => {
    const result = invoke('/api/health')
    expect(result.exports).toEqual(['handler'])
    expect(result.response.meta.statusCode).toBe(200)
    expect(JSON.parse(result.response.body)).toEqual({ ok: true })
  })

  // The administration, review-desk, export, dashboard and map routers are not in the entry (app.ts, http/lazy.ts):
  // the first request for one imports them from their chunk, and the answer is the one the eager app gave.
  it('answers a route loaded on first use through its handler, behind the same authentication gate', () => {
    const result = invoke('/api/admin/units')
    expect(result.response.meta.statusCode).toBe(401)
    expect(JSON.parse(result.response.body)).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('still answers an unknown path with the JSON 404, after the lazily loaded routers had their look', () => {
    const result = invoke('/api/no-such-route')
    expect(result.response.meta.statusCode).toBe(404)
    expect(JSON.parse(result.response.body)).toMatchObject({ error: { code: 'not_found' } })
  })

  it('describes every route in openapi.json, those loaded on first use included', () => {
    const result = invoke('/api/openapi.json')
    expect(result.response.meta.statusCode).toBe(200)
    const paths = Object.keys((JSON.parse(result.response.body) as { paths: Record<string, unknown> }).paths)
    for (const path of ['/api/health', '/api/communes/{communeId}/assessments/{year}', '/api/admin/units', '/api/admin/users', '/api/dashboard', '/api/signal-gaps'])
      expect(paths).toContain(path)
  })

  // GET /me, /years, /rubrics/{year} and the assessment are what the officer's page reads on start: a fresh
  // container answers them from what a cold start loads. With every chunk that is not imported statically
  // removed, they still reach the entry's gate (401 without a login), while a lazily loaded route cannot load.
  it('answers the officer’s start-up reads without any chunk loaded on first use', () => {
    const dir = `${OUT}-eager`
    rmSync(dir, { recursive: true, force: true })
    cpSync(bundle.dir, dir, { recursive: true })
    const removed = bundle.files.filter((f) => !bundle.eagerFiles.includes(f.path))
    expect(removed.length).toBeGreaterThan(0)
    for (const f of removed) rmSync(join(dir, basename(f.path)))
    const entry = join(dir, basename(bundle.entry))
    try {
      for (const path of ['/api/me', '/api/years', '/api/rubrics/2025', '/api/communes/c-1/assessments/2025']) {
        const result = invoke(path, entry)
        expect(result.response.meta.statusCode, path).toBe(401)
        expect(JSON.parse(result.response.body), path).toMatchObject({ error: { code: 'unauthenticated' } })
      }
      // The control: a route off the start-up path needs its chunk, which is gone.
      expect(invoke('/api/admin/units', entry).response.meta.statusCode).toBe(500)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps the rarely used routers out of what a cold start imports', () => {
    const eager = bundle.eagerFiles
    // The metafile's account of what a cold start imports agrees with the import statements in the files.
    expect([...eager].sort()).toEqual(eagerFiles(bundle).sort())
    const entry = eager.map((f) => readFileSync(f, 'utf8')).join('\n')
    const chunks = bundle.files.filter((f) => !eager.includes(f.path)).map((f) => readFileSync(f.path, 'utf8'))
    // Paths as only those routers spell them (a string of its own; http/openapi.ts names some inside longer keys);
    // the officer's own routes stay in the entry.
    const spelt = (path: string) => new RegExp(`["'\`]${path.replace(/[/{}]/g, '\\$&')}["'\`]`)
    for (const path of ['/admin/units/merge', '/admin/users/import-jobs/{id}', '/review/queue', '/signal-gaps', '/dashboard']) {
      expect(spelt(path).test(entry), path).toBe(false)
      expect(chunks.some((c) => spelt(path).test(c)), path).toBe(true)
    }
    for (const path of ['/auth/login', '/me', '/years', '/rubrics/{year}']) expect(spelt(path).test(entry), path).toBe(true)
    expect(spelt('/admin/years/{year}/rubrics').test(entry)).toBe(false)
  })

  it('leaves exceljs to a chunk loaded on first use, and keeps one of zod’s locales', () => {
    const entry = readFileSync(bundle.entry, 'utf8')
    const chunks = bundle.files.filter((f) => f.path !== bundle.entry).map((f) => readFileSync(f.path, 'utf8'))
    // exceljs writes this part name into every workbook; our own code never spells it.
    const excelMarker = '[Content_Types].xml'
    expect(entry.includes(excelMarker)).toBe(false)
    expect(chunks.some((c) => c.includes(excelMarker))).toBe(true)
    // German messages of zod (its locales are ~50 files) are not in any file of the bundle.
    for (const text of [entry, ...chunks]) expect(/zu haben|Zeichen/.test(text)).toBe(false)
    // What a cold start loads (the entry and its static chunks) was 896 KB with every router in it; 711 KB without.
    expect(bundle.eagerBytes).toBeLessThan(800_000)
  })
})
