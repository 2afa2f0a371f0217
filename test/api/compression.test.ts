import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { assessmentPath, seededApp, type TestApp, units } from './harness'

let app: TestApp
let token: string
beforeAll(async () => {
  ;({ app, token } = await seededApp())
})

describe('responses are light on weak 3G', () => {
  it('gzips the full score when the client accepts it (Lambda URLs do not compress by themselves)', async () => {
    const res = await app.request(assessmentPath(units.sonDung.id), {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const zipped = Buffer.from(await res.arrayBuffer())
    const body = JSON.parse(gunzipSync(zipped).toString('utf8'))
    expect(body.score.maxTotal).toBe(1000)
    expect(zipped.length).toBeLessThan(JSON.stringify(body).length / 3)
  })

  it('an autosave answers with the new version and a summary, not the ~12 KB score, and is not gzipped (under 1 KB)', async () => {
    const res = await app.request(assessmentPath(units.sonDung.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ version: 0, profile: { villages: 46 }, answers: { 'A3.5': { numerator: 10 } } }),
    })
    expect(res.status).toBe(200)
    // compress() applies its threshold only to a response with a length (issue 8: it gzipped even {"ok":true}).
    expect(res.headers.get('content-encoding')).toBeNull()
    const text = await res.text()
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)))
    expect(text.length).toBeLessThan(1024)
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['summary', 'version'])
    expect(JSON.parse(text).summary).toEqual({ total: 3.26, maxTotal: 1000, eligible: false, missing: 41, invalid: 0 })
  })

  // The years list is answered by the entry since the officer's first page reads it (app.ts); the comments on
  // the officer's own assessment come from a router loaded on first use (review/assessment-routes.ts).
  for (const [what, path] of [
    ['the years list, in the entry', '/api/years'],
    ['the comments on the assessment, from a router loaded on first use', `${assessmentPath(units.sonDung.id)}/comments`],
  ] as const)
    it(`a small answer (${what}) has its length and is not gzipped either`, async () => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } })
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text.length).toBeLessThan(1024)
      expect(res.headers.get('content-encoding')).toBeNull()
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)))
    })
})
