import { beforeAll, describe, expect, it } from 'vitest'
import { assessmentPath, call, seededApp, type TestApp, units } from './harness'

// A save far beyond any real form (42 answers with 2,000-character notes are under 150 KB) is refused before
// anything parses it, whether the client declared its length (every browser's fetch) or streamed it chunked.
let app: TestApp
let token: string
beforeAll(async () => {
  ;({ app, token } = await seededApp())
})

const huge = () => JSON.stringify({ version: 0, answers: { 'A3.5': { numerator: 10, note: 'x'.repeat(600 * 1024) } } })
const chunked = (text: string, size = 64 * 1024) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text)
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.subarray(i, i + size))
      controller.close()
    },
  })

describe('request bodies over 512 KB', () => {
  it('a declared Content-Length over the limit is a 400 naming the limit, and nothing is stored', async () => {
    const body = huge()
    const res = await call(app, 'PATCH', assessmentPath(units.sonDung.id), {
      token,
      rawBody: body,
      headers: { 'content-length': String(Buffer.byteLength(body)) },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body.error.code).toBe('bad_request')
    expect(res.body.error.message).toContain('512 KB')
    const stored = await call(app, 'GET', assessmentPath(units.sonDung.id), { token })
    expect(stored.body.assessment.version).toBe(0)
  })

  it('a chunked body (no declared length) over the limit is counted as it arrives and refused the same way', async () => {
    const res = await app.request(assessmentPath(units.sonDung.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked(huge()),
      duplex: 'half',
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('512 KB')
  })

  it('a chunked body under the limit is read whole and saved', async () => {
    const res = await app.request(assessmentPath(units.sonDung.id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked(JSON.stringify({ version: 0, answers: { 'A3.5': { numerator: 10, note: 'đủ '.repeat(600) } } }), 97),
      duplex: 'half',
    })
    expect(res.status, await res.clone().text()).toBe(200)
    const stored = await call(app, 'GET', assessmentPath(units.sonDung.id), { token })
    expect(stored.body.assessment.answers['A3.5'].note).toBe('đủ '.repeat(600))
  })
})
