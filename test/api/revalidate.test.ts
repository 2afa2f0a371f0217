// Issue 9: a repeat visit on 3G re-sends only what changed. The officer's start-up reads carry an ETag and
// answer 304 with no body to a matching If-None-Match; a save changes the assessment's tag.
import { beforeAll, describe, expect, it } from 'vitest'
import { assessmentPath, seededApp, type TestApp, units } from './harness'

let app: TestApp
let token: string
beforeAll(async () => {
  ;({ app, token } = await seededApp())
})

const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } })

describe('conditional GETs on the officer’s start-up reads', () => {
  it.each(['/api/me', '/api/years', '/api/rubrics/2025', assessmentPath(units.sonDung.id)])('%s: 304 when unchanged', async (path) => {
    const first = await get(path)
    expect(first.status).toBe(200)
    const tag = first.headers.get('etag')
    expect(tag).toBeTruthy()
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    const again = await get(path, { 'if-none-match': tag! })
    expect(again.status).toBe(304)
    expect((await again.arrayBuffer()).byteLength).toBe(0)
  })

  it('a save changes the assessment’s tag and the new copy is sent', async () => {
    const path = assessmentPath(units.sonDung.id)
    const first = await get(path)
    const tag = first.headers.get('etag')!
    const version = ((await first.json()) as { assessment: { version: number } }).assessment.version
    const saved = await app.request(path, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version, profile: { villages: 12 } }),
    })
    expect(saved.status).toBe(200)
    const after = await app.request(path, { headers: { authorization: `Bearer ${token}`, 'if-none-match': tag } })
    expect(after.status).toBe(200)
    const body = (await after.json()) as { assessment: { profile: Record<string, number>; updatedByName?: string } }
    expect(body.assessment.profile.villages).toBe(12)
    // Who saved, for the other device's notice.
    expect(body.assessment.updatedByName).toBeTruthy()
  })

  it('stores "no answer yet" with its note and denominator, scored as unanswered', async () => {
    const path = assessmentPath(units.sonDung.id)
    const { assessment } = (await (await get(path)).json()) as { assessment: { version: number } }
    const res = await app.request(path, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: assessment.version, answers: { 'A3.5': { noAnswer: true, note: 'đang tổng hợp' } } }),
    })
    expect(res.status).toBe(200)
    const view = (await (await get(path)).json()) as { assessment: { answers: Record<string, unknown> }; score: { indicators: Record<string, { status: string }> } }
    expect(view.assessment.answers['A3.5']).toEqual({ noAnswer: true, note: 'đang tổng hợp' })
    expect(view.score.indicators['A3.5']!.status).toBe('missing')
  })
})
