import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { API_NODEJS, buildLikeSst, FAKE_SST_RESOURCES, importScript, type SstBundle } from '../../bench/sst-build'
import { scaled } from '../support/timing'

/*
 * Issue 8: the Lambda bundle, built as SST builds it (bench/sst-build.ts: ESM with the createRequire banner,
 * splitting, the plugins file), is imported as a real ES module in a fresh Node process and answers a request
 * through its handler. The old bench built without the banner, and that bundle crashed on import with
 * `Dynamic require of "node:https" is not supported`.
 */

let bundle: SstBundle
beforeAll(async () => {
  bundle = await buildLikeSst('functions/src/lambda.ts', 'bench/.tmp/test-lambda', API_NODEJS)
}, scaled(120_000))

describe('the API Lambda bundle', () => {
  it('is built with the options stacks/api.ts gives SST', () => {
    const stack = readFileSync('stacks/api.ts', 'utf8')
    expect(stack).toContain(`nodejs: { minify: ${API_NODEJS.minify}, splitting: ${API_NODEJS.splitting}, plugins: '${API_NODEJS.plugins}' }`)
  })

  it('imports as an ES module in a fresh process and answers GET /api/health through its handler', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', importScript(bundle.entry, '/api/health')], {
      env: { ...process.env, SST_RESOURCES_JSON: FAKE_SST_RESOURCES, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    })
    const result = JSON.parse(out) as { exports: string[]; response: { meta: { statusCode: number }; body: string } }
    expect(result.exports).toEqual(['handler'])
    expect(result.response.meta.statusCode).toBe(200)
    expect(JSON.parse(result.response.body)).toEqual({ ok: true })
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
    expect(bundle.entryBytes).toBeLessThan(1_000_000)
  })
})
