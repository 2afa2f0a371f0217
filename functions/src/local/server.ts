// Local/dev server: the same Hono app as on Lambda, plus the built web app, on one port.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { createApp } from '../app'
import { hashPassword } from '../auth/password'
import { isRevalidatedPath, REVALIDATE, securityHeaders } from '../http/security-headers'
import { deriveBlobSecret, diskBlobStore, LOCAL_BLOB_PATH } from '../blobs/disk-blob-store'
import { seedDemo, type SeedResult } from '../seed'
import { createTable } from '../storage/create-table'
import { createDocumentClient, createStore, type Store } from '../storage/store'

export type LocalServerOptions = {
  /** 0 picks a free port. */
  port: number
  /** Loopback by default: this is a developer server, not a deployment. */
  hostname?: string
  dynamoEndpoint: string
  tableName: string
  /** Create the table if missing and load the demo province and accounts (idempotent). */
  seed: boolean
  /** With `seed`: also the roster year, the round after the demo's (functions/src/seed/demo-roster.ts); `npm start` sets it. */
  seedRosterYear?: boolean
  /** The built web app (web/dist). Missing → a page that says how to build it. */
  webDist: string
  /** Defaults to env TOKEN_SECRET, else a random one (tokens then die with the process). */
  tokenSecret?: string
  tokenTtlSeconds?: number
  /** Evidence files (the disk blob store); a fresh temporary directory if not given. `npm start`: .data/evidence. */
  evidenceDir?: string
  /**
   * One clock for the seed, the API and the evidence links (default: the wall clock), so a test can run the
   * product as on another date: the demo's years are derived from it (functions/src/seed/demo-years.ts).
   */
  clock?: () => Date
}

export type LocalServer = {
  url: string
  port: number
  store: Store
  seeded?: SeedResult
  close(): Promise<void>
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use`)
    this.name = 'PortInUseError'
  }
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const raw = new DynamoDBClient({
    endpoint: options.dynamoEndpoint,
    region: 'local',
    // DynamoDB Local accepts any credentials; fixed ones keep the developer's real AWS profile out of it.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const client = createDocumentClient(raw)
  const store = createStore({ client, tableName: options.tableName, cacheTtlMs: 30_000 })
  let seeded: SeedResult | undefined
  if (options.seed) {
    await createTable(raw, options.tableName)
    seeded = await seedDemo(store, { hashPassword, rosterYear: options.seedRosterYear ?? false, ...(options.clock ? { now: options.clock } : {}) })
  }

  const tokenSecret = options.tokenSecret ?? process.env.TOKEN_SECRET ?? randomBytes(32).toString('base64url')
  const blobs = diskBlobStore({
    dir: options.evidenceDir ?? (await mkdtemp(join(tmpdir(), 'xaso-evidence-'))),
    secret: deriveBlobSecret(tokenSecret),
    ...(options.clock ? { now: options.clock } : {}),
  })
  const api = createApp({
    store,
    blobs,
    ...(options.clock ? { clock: options.clock } : {}),
    auth: { tokenSecret, ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}) },
  })
  const web = webApp(resolve(options.webDist))

  const root = new Hono()
  root.use(compress())
  // The same headers as the deployed CloudFront (http/security-headers.ts), minus HSTS on plain http.
  const hardening = Object.entries(securityHeaders({ hsts: false }))
  root.use(async (c, next) => {
    await next()
    for (const [name, value] of hardening) c.res.headers.set(name, value)
    const page = c.res.headers.get('content-type')?.startsWith('text/html')
    if ((isRevalidatedPath(c.req.path) || page) && c.res.ok) c.res.headers.set('Cache-Control', REVALIDATE)
  })
  // Dispatch by prefix rather than mounting, so the API keeps its own JSON 404 and the web app its SPA fallback.
  // The disk blob store's upload/download URLs stand in for S3's, on this same port, outside the API's body limit.
  root.all(`${LOCAL_BLOB_PATH}/*`, (c) => blobs.routes.fetch(c.req.raw))
  // c.env carries the node socket (`incoming`): the API's per-address login counter reads the peer address there.
  root.all('*', (c) => (isApiPath(c.req.path) ? api.fetch(c.req.raw, c.env) : web.fetch(c.req.raw, c.env)))

  const hostname = options.hostname ?? '127.0.0.1'
  let server: ServerType
  try {
    server = await listen(root, options.port, hostname)
  } catch (err) {
    raw.destroy()
    throw err
  }
  const { port } = server.address() as AddressInfo
  const shownHost = hostname === '0.0.0.0' || hostname === '127.0.0.1' ? 'localhost' : hostname

  return {
    url: `http://${shownHost}:${port}`,
    port,
    store,
    ...(seeded ? { seeded } : {}),
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done())
        // Browsers keep idle connections open; without this close() waits for them to time out.
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      raw.destroy()
    },
  }
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

function listen(app: Hono, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolveListen, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname })
    server.once('listening', () => resolveListen(server))
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err))
  })
}

function webApp(webDist: string): Hono {
  const web = new Hono()
  const indexPath = join(webDist, 'index.html')
  // Vite fingerprints everything under assets/, so those may be cached forever; index.html never.
  web.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  // Checked per request so a `npm run build` while the server runs is picked up without a restart.
  let serveBuilt: MiddlewareHandler | undefined
  web.use('*', (c, next) => {
    if (!existsSync(webDist)) return next()
    serveBuilt ??= serveStatic({ root: webDist, precompressed: true })
    return serveBuilt(c, next)
  })
  web.on(['GET', 'HEAD'], '*', async (c) => {
    // A missing asset is a real 404; only page URLs fall back to the SPA shell.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404)
    if (!existsSync(indexPath))
      return c.html(
        '<!doctype html><meta charset="utf-8"><title>Xã Số</title><p>Chưa có bản build giao diện — chạy <code>npm run build</code>.</p><p>The web app is not built — run <code>npm run build</code>.</p>',
        503,
      )
    c.header('Cache-Control', 'no-cache')
    return c.html(await readFile(indexPath, 'utf8'))
  })
  web.all('*', (c) => c.text('Method not allowed', 405))
  return web
}
