// The local server (`npm start`) as a browser and an attacker meet it: hardening headers on every kind of
// response, the service worker and manifest revalidated, and the per-address login limit on the real peer.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { startLocalServer, type LocalServer } from '../../functions/src/local/server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../functions/src/seed'

let server: LocalServer
let webDist: string

beforeAll(async () => {
  webDist = await mkdtemp(join(tmpdir(), 'xaso-web-'))
  await mkdir(join(webDist, 'assets'))
  await writeFile(join(webDist, 'index.html'), '<!doctype html><title>Xã Số</title><script type="module" src="/assets/app-abc123.js"></script>')
  await writeFile(join(webDist, 'assets', 'app-abc123.js'), 'console.log(1)')
  await writeFile(join(webDist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  await writeFile(join(webDist, 'manifest.webmanifest'), '{"name":"Xã Số"}')
  server = await startLocalServer({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `local-${randomUUID()}`, seed: true, webDist })
})

afterAll(async () => {
  await server?.close()
  await rm(webDist, { recursive: true, force: true })
})

const login = (username: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })

function expectHardened(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp, what).toMatch(/(^|; )script-src 'self'(;|$)/)
  expect(csp, what).toMatch(/default-src 'self'/)
  expect(csp, what).toMatch(/frame-ancestors 'none'/)
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/)
  expect(res.headers.get('x-frame-options'), what).toBe('DENY')
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(res.headers.get('referrer-policy'), what).toBe('same-origin')
  expect(res.headers.get('permissions-policy'), what).toMatch(/camera=\(self\)/)
  expect(res.headers.get('permissions-policy'), what).toMatch(/geolocation=\(self\)/)
  expect(res.headers.get('permissions-policy'), what).toMatch(/microphone=\(\)/)
  // plain http on localhost: HSTS would be ignored, and must not be promised
  expect(res.headers.get('strict-transport-security'), what).toBeNull()
}

describe('hardening headers on the local server', () => {
  it('on the app shell, its assets, the service worker, the manifest and the API (success, error, 404)', async () => {
    const login401 = await login('nobody.here', 'wrong password!')
    expect(login401.status).toBe(401)
    for (const [path, res] of [
      ['/', await fetch(`${server.url}/`)],
      ['/communes/x/2025', await fetch(`${server.url}/communes/x/2025`)],
      ['/assets/app-abc123.js', await fetch(`${server.url}/assets/app-abc123.js`)],
      ['/sw.js', await fetch(`${server.url}/sw.js`)],
      ['/manifest.webmanifest', await fetch(`${server.url}/manifest.webmanifest`)],
      ['/api/health', await fetch(`${server.url}/api/health`)],
      ['/api/nope', await fetch(`${server.url}/api/nope`)],
      ['/api/auth/login 401', login401],
    ] as const) {
      expectHardened(res, path)
      await res.arrayBuffer()
    }
  })

  it('serves sw.js and the manifest no-cache (fingerprinted assets stay immutable)', async () => {
    for (const path of ['/sw.js', '/manifest.webmanifest', '/']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe('no-cache')
      await res.arrayBuffer()
    }
    const asset = await fetch(`${server.url}/assets/app-abc123.js`)
    expect(asset.headers.get('cache-control')).toMatch(/immutable/)
  })
})

describe('the app has no inline script (the CSP allows none)', () => {
  const root = resolve(import.meta.dirname, '../..')
  const files = [join(root, 'web/index.html'), join(root, 'web/dist/index.html')].filter((f) => existsSync(f))
  it.each(files)('%s loads every script from a file', (file) => {
    const html = readFileSync(file, 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/)
      expect(body!.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
  })
})

describe('per-address login limit on the local server', () => {
  it('engages on the real peer address: after 20 failures from this machine even a right password waits', async () => {
    const officer = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!
    expect((await login(officer.username, DEMO_PASSWORD)).status).toBe(200)
    // Different usernames: the per-username lock never engages, only the per-address one can (20 failures; the
    // header test above already spent one from this address).
    let tries = 0
    let status = 401
    while (status === 401 && tries < 30) status = (await login(`guess.${tries++}`, 'wrong password!')).status
    expect(status).toBe(429)
    expect(tries).toBeGreaterThanOrEqual(19)
    expect(tries).toBeLessThanOrEqual(21)
    const blocked = await login(officer.username, DEMO_PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
