// Budget and boundary checks on the built web app (web/dist), which `npm test` builds before vitest.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'web', 'dist')
// Officers open the app over weak 3G in mountain communes: everything the page needs, gzipped.
const BUDGET_BYTES = 120 * 1024

function assets(): { name: string; text: string }[] {
  const dir = join(dist, 'assets')
  if (!existsSync(dir)) throw new Error('web/dist/assets is missing: run `npm run build` first.')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}

describe('web bundle', () => {
  it(`stays within ${BUDGET_BYTES / 1024} KB gzipped (JS + CSS)`, () => {
    const files = assets()
    expect(files.some((f) => f.name.endsWith('.js'))).toBe(true)
    const gz = files.reduce((sum, f) => sum + gzipSync(f.text, { level: 9 }).length, 0)
    expect(gz).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  it('contains no server code (the API is imported as a type only)', () => {
    const js = assets()
      .filter((f) => f.name.endsWith('.js'))
      .map((f) => f.text)
      .join('\n')
    for (const marker of ['@aws-sdk', 'DynamoDBClient', 'scrypt', 'OpenAPIHono', 'node:crypto']) expect(js).not.toContain(marker)
  })
})
