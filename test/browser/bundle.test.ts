// Budget and boundary checks on the built web app (web/dist), which `npm test` builds before vitest.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'web', 'dist')
// Officers open the app over weak 3G in mountain communes: everything the first page needs (the entry script, what
// index.html preloads, the stylesheet), gzipped.
const BUDGET_BYTES = 120 * 1024
// Every chunk together, the reviewers' and administrators' lazy screens included (an officer never loads those):
// still bounded, so a dependency pulled into a lazy screen by mistake is noticed.
const TOTAL_BUDGET_BYTES = 180 * 1024
// The dashboard's chunk carries chart.js (tree-shaken to the bar controller, two scales and the bar element): it has
// a budget of its own, outside the total above, and is only fetched when #/dashboard is opened.
const DASHBOARD_BUDGET_BYTES = 75 * 1024
const isDashboardChunk = (name: string) => /^dashboard-page-.*\.js$/.test(name)
// The signal-gap map (issue 13: canvas, clustering, the list and its filters) for admins and reviewers: a budget
// of its own too, so the total above keeps guarding everything else.
const MAP_BUDGET_BYTES = 12 * 1024
const isMapChunk = (name: string) => /^signal-gaps-page-.*\.js$/.test(name)

function assets(): { name: string; text: string }[] {
  const dir = join(dist, 'assets')
  if (!existsSync(dir)) throw new Error('web/dist/assets is missing: run `npm run build` first.')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}

const gzipped = (files: { text: string }[]) => files.reduce((sum, f) => sum + gzipSync(f.text, { level: 9 }).length, 0)

/** The assets index.html loads before anything else: its module script, modulepreloads and stylesheets. */
function initialLoad(): { name: string; text: string }[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const names = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!))
  return assets().filter((f) => names.has(f.name))
}

describe('web bundle', () => {
  it(`the first load stays within ${BUDGET_BYTES / 1024} KB gzipped (JS + CSS)`, () => {
    const files = initialLoad()
    expect(files.some((f) => f.name.endsWith('.js'))).toBe(true)
    expect(files.some((f) => f.name.endsWith('.css'))).toBe(true)
    expect(gzipped(files)).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  it(`all chunks together stay within ${TOTAL_BUDGET_BYTES / 1024} KB gzipped (the dashboard's chart chunk and the map apart)`, () => {
    expect(gzipped(assets().filter((f) => !isDashboardChunk(f.name) && !isMapChunk(f.name)))).toBeLessThanOrEqual(TOTAL_BUDGET_BYTES)
  })

  it(`the signal-gap map is a lazy chunk within ${MAP_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const chunk = assets().filter((f) => isMapChunk(f.name))
    expect(chunk).toHaveLength(1)
    expect(gzipped(chunk)).toBeLessThanOrEqual(MAP_BUDGET_BYTES)
  })

  it(`the dashboard (chart.js) is a lazy chunk within ${DASHBOARD_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const chunk = assets().filter((f) => isDashboardChunk(f.name))
    expect(chunk).toHaveLength(1)
    expect(gzipped(chunk)).toBeLessThanOrEqual(DASHBOARD_BUDGET_BYTES)
    expect(initialLoad().map((f) => f.name)).not.toContain(chunk[0]!.name)
    expect(initialLoad().map((f) => f.text).join('\n')).not.toContain('BarController')
  })

  it('the administrator’s survey-year screen is a lazy chunk, not in the first load', () => {
    const first = initialLoad().map((f) => f.text).join('\n')
    expect(first).not.toContain('rubricFrozenNote')
    expect(assets().some((f) => f.text.includes('rubricFrozenNote'))).toBe(true)
  })

  it('the administrator’s units and accounts screens are lazy chunks, not in the first load', () => {
    const first = initialLoad().map((f) => f.text).join('\n')
    // Strings only those screens use: the merge dialog's and the one-time password dialog's.
    for (const marker of ['mergeNeedTwo', 'otpWarning', 'importRejected']) {
      expect(first).not.toContain(marker)
      expect(assets().some((f) => f.text.includes(marker))).toBe(true)
    }
  })

  it('contains no server code (the API is imported as a type only)', () => {
    const js = assets()
      .filter((f) => f.name.endsWith('.js'))
      .map((f) => f.text)
      .join('\n')
    for (const marker of ['@aws-sdk', 'DynamoDBClient', 'scrypt', 'OpenAPIHono', 'node:crypto']) expect(js).not.toContain(marker)
  })
})
