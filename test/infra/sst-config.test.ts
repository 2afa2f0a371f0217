// Executes sst.config.ts (app() and run(), which imports every stacks/ module) with SST's globals
// replaced by recording fakes, then checks what it declares. Nothing here talks to AWS, Pulumi or
// the SST CLI: the component argument *types* are checked by `npm run check:infra`, and what SST
// and AWS do with these arguments is only checked by a real deploy (docs/INFRA.md).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve as resolvePath, sep } from 'node:path'
import { Writable } from 'node:stream'
import ts from 'typescript'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tableDefinition } from '../../functions/src/storage/table-definition'
import { EDGE_KEY_HEADER, edgeKeyFor, VIEWER_IP_HEADER } from '../../functions/src/http/edge'
import { SIGNED_UPLOAD_HEADERS } from '../../functions/src/blobs/s3-blob-store'

// The glob matcher SST's uploader uses the same syntax as (untyped here, hence the cast).
const picomatch = createRequire(import.meta.url)('picomatch') as { isMatch(file: string, glob: string | string[], options?: object): boolean }

const root = resolvePath(import.meta.dirname, '../..')
// Through a variable so the root typecheck (which has no SST globals) does not follow the import.
const CONFIG = join(root, 'sst.config.ts')

// Stands for a Pulumi Output, a value only known at deploy time; `ref` says whose it is. `apply` and
// $interpolate keep what they were given, so a test can resolve them with sample values (resolve below).
class Ref {
  constructor(
    readonly ref: string,
    readonly from?: { parent?: Ref; fn?: (v: any) => unknown; parts?: TemplateStringsArray; values?: unknown[] },
  ) {}
  apply(fn: (v: any) => unknown) {
    return new Ref(`${this.ref}.apply`, { parent: this, fn })
  }
}

/** The deploy-time value of a Ref, given the values of the Refs it was made from. */
async function resolve(value: unknown, known: Record<string, unknown>): Promise<unknown> {
  if (!(value instanceof Ref)) return value
  if (value.ref in known) return known[value.ref]
  const { parent, fn, parts, values } = value.from ?? {}
  if (parent && fn) return fn(await resolve(parent, known))
  if (parts && values) return String.raw(parts, ...(await Promise.all(values.map((v) => resolve(v, known)))))
  throw new Error(`no sample value for ${value.ref}`)
}

interface Declared {
  kind: string
  name: string
  args: Record<string, any>
  instance: object
}

function fakeSst(declared: Declared[]) {
  const component = (kind: string) =>
    class {
      readonly #name: string
      constructor(name: string, args: Record<string, any> = {}) {
        this.#name = name
        declared.push({ kind, name, args, instance: this })
      }
      get name() {
        return new Ref(`${this.#name}.name`)
      }
      get url() {
        return new Ref(`${this.#name}.url`)
      }
      get value() {
        return new Ref(`${this.#name}.value`)
      }
      get arn() {
        return new Ref(`${this.#name}.arn`)
      }
    }
  // Any component the stacks use is recorded, so an unexpected one shows up in the assertions.
  return {
    Secret: component('sst.Secret'),
    Linkable: component('sst.Linkable'),
    aws: new Proxy({}, { get: (_, key) => component(`sst.aws.${String(key)}`) }),
  }
}

async function deploy(stage: string) {
  vi.resetModules()
  const declared: Declared[] = []
  vi.stubGlobal('$config', (config: unknown) => config)
  vi.stubGlobal('sst', fakeSst(declared))
  vi.stubGlobal('$interpolate', (parts: TemplateStringsArray, ...values: unknown[]) => new Ref('$interpolate', { parts, values }))
  const { default: config } = await import(/* @vite-ignore */ CONFIG)
  const app = await config.app({ stage })
  // What SST puts in $app for run(), from app()'s answer.
  vi.stubGlobal('$app', Object.freeze({ name: app.name, stage, removal: app.removal, protect: app.protect }))
  const outputs = await config.run()
  const only = (kind: string) => {
    const found = declared.filter((d) => d.kind === kind)
    expect(found, kind).toHaveLength(1)
    return found[0]!
  }
  return { app, declared, outputs, only }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
})

describe('app(): one isolated copy per province', () => {
  // SST's loader refuses any import statement in sst.config.ts (`npm run check:infra` runs the loader
  // itself); the fakes below would not notice one.
  it('has no top-level imports', () => {
    const source = ts.createSourceFile(CONFIG, readFileSync(CONFIG, 'utf8'), ts.ScriptTarget.Latest, true)
    const imports = source.statements.filter((s) => ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly)
    expect(imports.map((s) => s.getText(source))).toEqual([])
  })

  const provinces = ['quang-ngai', 'ha-noi', 'production', 'developer', 'prod-test', 'alice']
  const throwaway = ['dev', 'dev-lan', 'pr-42', 'pr-fix-login']

  it.each(provinces)('"%s" is production-like: retain and protect', async (stage) => {
    const { app } = await deploy(stage)
    expect(app).toMatchObject({ name: 'xa-so', home: 'aws', removal: 'retain', protect: true })
    expect(app.providers.aws.region).toBe('ap-southeast-1')
  })

  it.each(throwaway)('"%s" is throwaway: remove, unprotected', async (stage) => {
    const { app } = await deploy(stage)
    expect(app).toMatchObject({ name: 'xa-so', home: 'aws', removal: 'remove', protect: false })
  })
})

describe('run(): what a province gets', () => {
  it('declares exactly a table, an evidence bucket, a secret, the router, the API function and the static site', async () => {
    const { declared } = await deploy('quang-ngai')
    expect(declared.map((d) => `${d.kind} ${d.name}`).sort()).toEqual([
      'sst.Secret TokenSecret',
      'sst.aws.Bucket Evidence',
      'sst.aws.Dynamo Table',
      'sst.aws.Function Api',
      'sst.aws.Router Router',
      'sst.aws.StaticSite Web',
    ])
  })

  it('returns the province\'s address (the router), the API URL, table name and evidence bucket name as outputs', async () => {
    const { outputs } = await deploy('quang-ngai')
    expect(outputs).toEqual({
      web: new Ref('Router.url'),
      api: new Ref('Api.url'),
      site: new Ref('Web.url'),
      table: new Ref('Table.name'),
      evidence: new Ref('Evidence.name'),
    })
  })

  it('builds the table from the storage module\'s table-definition, all of it', async () => {
    const { only } = await deploy('quang-ngai')
    const { args } = only('sst.aws.Dynamo')
    for (const [key, value] of Object.entries(tableDefinition)) expect(args[key], key).toEqual(value)
  })

  it('declares exactly the key attributes (DynamoDB rejects unused attribute definitions)', () => {
    const keyAttributes = new Set<string>()
    const indexes = [tableDefinition.primaryIndex, ...Object.values(tableDefinition.globalIndexes)]
    for (const index of indexes as { hashKey: string | string[]; rangeKey?: string | string[] }[])
      for (const attribute of [index.hashKey, index.rangeKey ?? []].flat()) keyAttributes.add(attribute)
    expect([...keyAttributes].sort()).toEqual(Object.keys(tableDefinition.fields).sort())
  })

  it('turns on table deletion protection for provinces only', async () => {
    expect((await deploy('quang-ngai')).only('sst.aws.Dynamo').args.deletionProtection).toBe(true)
    expect((await deploy('dev-lan')).only('sst.aws.Dynamo').args.deletionProtection).toBe(false)
  })

  it('links the API function to the table, the evidence bucket and the token secret, and nothing else', async () => {
    const { only } = await deploy('quang-ngai')
    const fn = only('sst.aws.Function')
    expect(fn.args.link).toHaveLength(3)
    expect(fn.args.link).toContain(only('sst.aws.Dynamo').instance)
    expect(fn.args.link).toContain(only('sst.aws.Bucket').instance)
    expect(fn.args.link).toContain(only('sst.Secret').instance)
  })

  it('keeps the evidence bucket private, with CORS for the browser\'s presigned PUT and GET', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.Bucket')
    // Not `access: 'public'` (nor the deprecated `public: true`): files are reached only through presigned URLs.
    expect(args.access).toBeUndefined()
    expect(args.public).toBeUndefined()
    expect(args.cors.allowMethods).toEqual(expect.arrayContaining(['PUT', 'GET']))
    expect(args.cors.allowMethods).not.toContain('DELETE')
    // The presigned PUT signs Content-Type, which the browser sends; a preflight must allow it.
    expect(args.cors.allowHeaders).toContain('content-type')
    // Every header the upload URL signs and the browser sends (the SHA-256, If-None-Match) passes the preflight;
    // Content-Length the browser sets itself.
    for (const header of SIGNED_UPLOAD_HEADERS) if (header !== 'content-length') expect(args.cors.allowHeaders, header).toContain(header)
  })

  it('retains the evidence bucket like the table: no force-destroy on provinces, throwaway stages clean up', async () => {
    expect((await deploy('quang-ngai')).only('sst.aws.Bucket').args.transform.bucket.forceDestroy).toBe(false)
    expect((await deploy('dev-lan')).only('sst.aws.Bucket').args.transform.bucket.forceDestroy).toBe(true)
  })

  it('points the function at functions/src/lambda.ts `handler` on a Node 20+ runtime with a URL', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.Function')
    const [file, exported] = [args.handler.slice(0, args.handler.lastIndexOf('.')), args.handler.split('.').pop()]
    expect(existsSync(join(root, `${file}.ts`)), `${file}.ts exists`).toBe(true)
    expect(exported).toBe('handler')
    expect(args.runtime).toMatch(/^nodejs(20|22|24)\.x$/)
    expect(args.url).toBeTruthy()
  })

  it('streams the function URL\'s responses (the province export is larger than a buffered response\'s 6 MB)', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.Function')
    expect(args.streaming).toBe(true)
    // The handler must be the streaming one to match (a buffered handler under RESPONSE_STREAM never answers).
    expect(readFileSync(join(root, 'functions/src/lambda.ts'), 'utf8')).toMatch(/export const handler = streamHandle\(/)
  })

  it('builds the site from web/ into web/dist, calling the API on its own origin', async () => {
    const { only } = await deploy('quang-ngai')
    const { args } = only('sst.aws.StaticSite')
    expect(args.environment?.VITE_API_URL).toBeUndefined()
    expect(args.path).toBe('web')
    // `npm run build` runs in web/ but npm runs scripts from the package root.
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts
    expect(args.build.command).toBe('npm run build')
    expect(scripts.build).toBe('vite build web')
    const vite = (await import(/* @vite-ignore */ join(root, 'web', 'vite.config.ts'))).default
    expect(resolvePath(root, 'web', args.build.output)).toBe(resolvePath(root, 'web', vite.build.outDir))
  })
})

// The Lambda reads its configuration through `Resource` (from `sst`). Here `Resource` holds only
// what the function is linked to, and reading anything else throws like SST's own does, so a link
// name that differs between stacks/api.ts and functions/src/lambda.ts fails this test.
const linked = vi.hoisted(() => ({ resources: {} as Record<string, unknown>, read: new Set<string>() }))
vi.mock('sst', () => ({
  Resource: new Proxy(
    {},
    {
      get(_, key) {
        if (typeof key !== 'string') return undefined
        linked.read.add(key)
        if (!(key in linked.resources)) throw new Error(`"${key}" is not linked in your sst.config.ts`)
        return linked.resources[key]
      },
    },
  ),
}))

type ResponseSink = Writable & { chunks: Buffer[]; metadata?: { statusCode: number; headers: Record<string, string> } }
function responseSink(): ResponseSink {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    },
  })
  return Object.assign(sink, { chunks })
}

describe('functions/src/lambda.ts against the links', () => {
  it('boots with exactly the linked resources and answers /api/health through a function URL event', async () => {
    const { only } = await deploy('quang-ngai')
    const fakeValue: Record<string, unknown> = {
      'sst.aws.Dynamo': { name: 'xa-so-quang-ngai-TableTable' },
      'sst.Secret': { value: 'x'.repeat(48) },
      'sst.aws.Bucket': { name: 'xa-so-quang-ngai-EvidenceBucket' },
    }
    linked.resources = Object.fromEntries(
      only('sst.aws.Function').args.link.map((target: object) => {
        const d = only(['sst.aws.Dynamo', 'sst.aws.Bucket', 'sst.Secret'].find((k) => only(k).instance === target)!)
        return [d.name, fakeValue[d.kind]]
      }),
    )
    vi.stubEnv('AWS_REGION', 'ap-southeast-1')
    // The Node.js runtime's streaming globals (the handler streams: see the `streaming` test above).
    vi.stubGlobal('awslambda', {
      streamifyResponse: (fn: unknown) => fn,
      HttpResponseStream: { from: (stream: ResponseSink, metadata: ResponseSink['metadata']) => Object.assign(stream, { metadata }) },
    })
    const { handler } = await import('../../functions/src/lambda')
    expect([...linked.read].sort()).toEqual(Object.keys(linked.resources).sort())

    const event = {
      version: '2.0',
      rawPath: '/api/health',
      rawQueryString: '',
      headers: { host: 'abc.lambda-url.ap-southeast-1.on.aws' },
      requestContext: {
        domainName: 'abc.lambda-url.ap-southeast-1.on.aws',
        http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      },
      isBase64Encoded: false,
    }
    const sink = responseSink()
    await (handler as unknown as (e: unknown, s: ResponseSink, c: unknown) => Promise<void>)(event, sink, {})
    expect(sink.metadata).toMatchObject({ statusCode: 200 })
    expect(JSON.parse(Buffer.concat(sink.chunks).toString('utf8'))).toBeTruthy()
  })
})

// What a province's browser gets from the one CloudFront. The edge functions' code is run here on sample
// events, the way CloudFront Functions run it (the injected code is the start of `handler(event)`).
describe('one origin behind the router, with the hardening headers', () => {
  const SECRET = 's'.repeat(48)
  const runEdge = (code: string, event: any) => new Function('event', `${code}\nreturn event`)(event)

  it('serves the site at / and the API at /api of the router, with no CORS on the function URL', async () => {
    const { only } = await deploy('quang-ngai')
    const router = only('sst.aws.Router').instance
    const fn = only('sst.aws.Function').args
    expect(fn.url.router).toEqual({ instance: router, path: '/api' })
    expect(fn.url.cors).toBe(false)
    const site = only('sst.aws.StaticSite').args
    expect(site.router.instance).toBe(router)
    expect(site.router.path ?? '/').toBe('/')
  })

  it('sets CSP, frame-ancestors, X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy and HSTS on every response', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.Router')
    const code = String(await resolve(args.edge.viewerResponse.injection, {}))
    for (const uri of ['/', '/index.html', '/assets/index-abc.js', '/api/health', '/api/auth/login']) {
      const out = runEdge(code, { request: { uri, headers: {} }, response: { statusCode: 200, headers: {} } })
      const h = (name: string) => out.response.headers[name]?.value as string | undefined
      expect(h('content-security-policy'), uri).toMatch(/(^|; )script-src 'self'(;|$)/)
      expect(h('content-security-policy'), uri).toMatch(/frame-ancestors 'none'/)
      expect(h('content-security-policy'), uri).not.toMatch(/unsafe-inline|unsafe-eval/)
      // presigned evidence uploads go from the page straight to the regional S3 endpoint
      expect(h('content-security-policy'), uri).toMatch(/connect-src 'self' https:\/\/\*\.s3\.ap-southeast-1\.amazonaws\.com/)
      expect(h('x-frame-options'), uri).toBe('DENY')
      expect(h('x-content-type-options'), uri).toBe('nosniff')
      expect(h('referrer-policy'), uri).toBe('same-origin')
      expect(h('permissions-policy'), uri).toMatch(/camera=\(self\), geolocation=\(self\)/)
      expect(h('strict-transport-security'), uri).toMatch(/^max-age=\d{8,}; includeSubDomains$/)
      expect(h('cache-control'), uri).toBeUndefined()
    }
    for (const uri of ['/sw.js', '/manifest.webmanifest']) {
      const out = runEdge(code, { request: { uri, headers: {} }, response: { statusCode: 200, headers: { 'cache-control': { value: 'max-age=31536000,public,immutable' } } } })
      expect(out.response.headers['cache-control'].value, uri).toBe('no-cache')
    }
  })

  it('passes the viewer address to the API with the edge key the API derives from the token secret', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.Router')
    const code = String(await resolve(args.edge.viewerRequest.injection, { 'TokenSecret.value': SECRET }))
    // a client's own copies of the headers are overwritten
    const out = runEdge(code, { viewer: { ip: '203.0.113.9' }, request: { uri: '/api/auth/login', headers: { [VIEWER_IP_HEADER]: { value: '1.2.3.4' }, [EDGE_KEY_HEADER]: { value: 'forged' } } } })
    expect(out.request.headers[VIEWER_IP_HEADER].value).toBe('203.0.113.9')
    expect(out.request.headers[EDGE_KEY_HEADER].value).toBe(await edgeKeyFor(SECRET))
  })

  it('uploads the site with sw.js, the manifest and pages no-cache, fingerprinted assets immutable', async () => {
    const { args } = (await deploy('quang-ngai')).only('sst.aws.StaticSite')
    const options = [...args.assets.fileOptions] as { files: string | string[]; cacheControl: string }[]
    // SST's rule (static-site.ts uploadAssets): options are tried last first, and a file takes the first match.
    const cacheOf = (file: string) => [...options].reverse().find((o) => picomatch.isMatch(file, o.files, { dot: true }))?.cacheControl
    expect(cacheOf('sw.js')).toMatch(/no-cache/)
    expect(cacheOf('manifest.webmanifest')).toMatch(/no-cache/)
    expect(cacheOf('index.html')).toMatch(/no-cache/)
    expect(cacheOf('assets/index-BlUAOG6y.js')).toMatch(/immutable/)
    expect(cacheOf('workbox-774a133b.js')).toMatch(/immutable/)
    expect(cacheOf('icon-192.png')).not.toMatch(/immutable/)
    // every file the build actually writes has a rule, and the worker/manifest are among them
    const dist = join(root, 'web', 'dist')
    if (existsSync(dist)) {
      for (const file of readdirSync(dist, { recursive: true }).map(String).filter((f) => statSync(join(dist, f)).isFile())) {
        expect(cacheOf(file.split(sep).join('/')), file).toBeTruthy()
        if (!file.includes(sep) && /\.(js|webmanifest)$/.test(file) && !/^workbox-/.test(file)) expect(cacheOf(file), file).toMatch(/no-cache/)
      }
    }
  })
})
