import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { PortInUseError, startLocalServer, type LocalServer } from '../../functions/src/local/server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../functions/src/seed'

let server: LocalServer
let webDist: string
const tableName = `local-${randomUUID()}`
const INDEX = '<!doctype html><title>Xã Số</title><div id="app"></div>'
const APP_JS = `console.log(${JSON.stringify('x'.repeat(4000))})`

beforeAll(async () => {
  webDist = await mkdtemp(join(tmpdir(), 'xaso-web-'))
  await mkdir(join(webDist, 'assets'))
  await writeFile(join(webDist, 'index.html'), INDEX)
  await writeFile(join(webDist, 'assets', 'app-abc123.js'), APP_JS)
  await writeFile(join(webDist, 'assets', 'app-abc123.js.gz'), gzipSync(APP_JS))
  await writeFile(join(webDist, 'assets', 'style-abc123.css'), 'body{margin:0}')
  server = await startLocalServer({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName, seed: true, webDist })
})

afterAll(async () => {
  await server?.close()
  await rm(webDist, { recursive: true, force: true })
})

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers })

describe('startLocalServer', () => {
  it('serves the API with the demo data seeded', async () => {
    expect((await (await get('/api/health')).json())).toEqual({ ok: true })
    const officer = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: officer.username, password: DEMO_PASSWORD }),
    })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const me = await get('/api/me', { authorization: `Bearer ${token}` })
    expect(((await me.json()) as { communes: { id: string }[] }).communes.map((c) => c.id)).toEqual([officer.orgUnitId])
  })

  it('keeps API 404s as JSON', async () => {
    const res = await get('/api/nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
  })

  it('serves the SPA shell for page URLs and files with their content types', async () => {
    for (const path of ['/', '/communes/qng-son-tan/2025', '/login?next=%2F']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(await res.text()).toBe(INDEX)
    }
    const js = await get('/assets/app-abc123.js')
    expect(js.headers.get('content-type')).toMatch(/javascript/)
    expect(js.headers.get('cache-control')).toMatch(/immutable/)
    expect(await js.text()).toBe(APP_JS)
    expect((await get('/assets/style-abc123.css')).headers.get('content-type')).toMatch(/text\/css/)
  })

  it('a missing asset is 404, not the SPA shell', async () => {
    expect((await get('/assets/missing-123.js')).status).toBe(404)
  })

  it('compresses: precompressed assets and JSON on the fly', async () => {
    const js = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' })
    expect(js.headers.get('content-encoding')).toBe('gzip')
    const doc = await get('/api/openapi.json', { 'accept-encoding': 'gzip' })
    expect(doc.headers.get('content-encoding')).toBe('gzip')
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./)
  })

  it('refuses a busy port with PortInUseError; seeding again is harmless', async () => {
    const port = Number(new URL(server.url).port)
    await expect(
      startLocalServer({ port, dynamoEndpoint: inject('dynamoEndpoint'), tableName, seed: true, webDist }),
    ).rejects.toBeInstanceOf(PortInUseError)
  })

  it('says how to build the web app when web/dist is missing', async () => {
    const bare = await startLocalServer({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      seed: false,
      webDist: join(webDist, 'does-not-exist'),
    })
    try {
      const res = await fetch(`${bare.url}/`)
      expect(res.status).toBe(503)
      expect(await res.text()).toContain('npm run build')
      expect((await fetch(`${bare.url}/api/health`)).status).toBe(200)
    } finally {
      await bare.close()
    }
  })
})
