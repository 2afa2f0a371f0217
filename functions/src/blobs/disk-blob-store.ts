/*
 * Evidence bytes on the local disk, for `npm start` and the tests: the same contract as S3 (BlobStore), so the API
 * and the web app cannot tell them apart. The local server itself plays S3's part:
 *   PUT /api/local-blobs/<token>   accepts exactly the signed size, Content-Type and SHA-256, and only if nothing is
 *                                  stored under the key yet (412 otherwise), like a presigned S3 PUT with a
 *                                  signed checksum and If-None-Match: *
 *   GET /api/local-blobs/<token>   serves the file with its type and Content-Disposition, like a presigned GET
 * A token is base64url(JSON claims) "." base64url(HMAC-SHA256(claims)) with the operation, the key, the expiry
 * and, for uploads, the size, type and SHA-256: changing any of them breaks the signature. Files are stored under
 * sha256(key), so a key can never name a path outside the directory.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { access, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { Hono } from 'hono'
import { AppError } from '../../../shared/errors'
import { onError } from '../http/errors'
import {
  contentDisposition,
  DOWNLOAD_URL_TTL_SECONDS,
  hexToBase64,
  UPLOAD_URL_TTL_SECONDS,
  type BlobInfo,
  type BlobStore,
} from './blob-store'

export const LOCAL_BLOB_PATH = '/api/local-blobs'

export type BlobClaims =
  | { op: 'put'; key: string; size: number; type: string; sha256: string; exp: number }
  | { op: 'get'; key: string; name: string; exp: number }

export type DiskBlobStoreOptions = {
  dir: string
  /** Signs the URL tokens; derived from the API's token secret by the local server. */
  secret: string
  /** Prepended to `/api/local-blobs/…`; '' (the default) gives URLs relative to the API origin. */
  baseUrl?: string
  now?: () => Date
}

export type DiskBlobStore = BlobStore & {
  /** The PUT/GET routes the local server mounts (their paths include LOCAL_BLOB_PATH). */
  routes: Hono
}

/** The blob-token key for a login-token secret: its own key, so a blob token can never pass as a login or back. */
export const deriveBlobSecret = (tokenSecret: string) => createHmac('sha256', tokenSecret).update('local-blobs').digest('base64url')

export function signBlobToken(secret: string, claims: BlobClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}

/** The claims of a genuine token for `op`, or an AppError('forbidden') naming what is wrong. */
export function readBlobToken<Op extends BlobClaims['op']>(
  secret: string,
  token: string,
  op: Op,
  now: Date,
): Extract<BlobClaims, { op: Op }> {
  const [body, signature, extra] = token.split('.')
  const expected = body ? createHmac('sha256', secret).update(body).digest() : undefined
  const given = signature ? Buffer.from(signature, 'base64url') : undefined
  if (extra !== undefined || !expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('forbidden', 'This file link is not valid (signature does not match)')
  let claims: BlobClaims
  try {
    claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as BlobClaims
  } catch {
    throw new AppError('forbidden', 'This file link is not valid')
  }
  if (claims.op !== op) throw new AppError('forbidden', `This file link is not for ${op === 'put' ? 'uploading' : 'downloading'}`)
  if (!(claims.exp * 1000 > now.getTime())) throw new AppError('forbidden', 'This file link has expired; ask for a new one')
  return claims as Extract<BlobClaims, { op: Op }>
}

type Meta = { key: string; size: number; contentType: string; sha256?: string }

export function diskBlobStore({ dir, secret, baseUrl = '', now = () => new Date() }: DiskBlobStoreOptions): DiskBlobStore {
  const file = (key: string) => join(dir, createHash('sha256').update(key).digest('hex'))
  const expiry = (seconds: number) => Math.floor(now().getTime() / 1000) + seconds
  const url = (token: string) => `${baseUrl}${LOCAL_BLOB_PATH}/${token}`
  const iso = (exp: number) => new Date(exp * 1000).toISOString()

  async function readMeta(key: string): Promise<Meta | undefined> {
    try {
      const meta = JSON.parse(await readFile(`${file(key)}.json`, 'utf8')) as Meta
      const { size } = await stat(`${file(key)}.bin`)
      return { ...meta, size }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  const routes = new Hono()
  routes.onError(onError)

  routes.put(`${LOCAL_BLOB_PATH}/:token`, async (c) => {
    const claims = readBlobToken(secret, c.req.param('token'), 'put', now())
    // Checked like S3 checks a signed header: the exact value, before any byte is stored.
    const type = (c.req.header('content-type') ?? '').trim().toLowerCase()
    if (type !== claims.type)
      throw headerMismatch('content-type', `Content-Type must be ${claims.type} as declared (got "${type}")`)
    const lengthHeader = c.req.header('content-length')
    if (lengthHeader !== undefined && Number(lengthHeader) !== claims.size)
      throw headerMismatch('content-length', `The upload must be exactly ${claims.size} bytes as declared (got ${lengthHeader})`)

    await mkdir(dir, { recursive: true })
    const target = file(claims.key)
    // Conditional create, like S3's If-None-Match: *: a stored file is never replaced, whatever the token says.
    if (await exists(`${target}.bin`)) return alreadyStored(c)
    const partial = `${target}.${randomBytes(6).toString('hex')}.part`
    let received = 0
    const hash = createHash('sha256')
    const out = createWriteStream(partial)
    try {
      // Counts as it writes, so a chunked body longer than declared is cut off instead of filling the disk.
      const body = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as import('node:stream/web').ReadableStream) : Readable.from([])
      for await (const chunk of body) {
        received += (chunk as Buffer).length
        if (received > claims.size) break
        hash.update(chunk as Buffer)
        if (!out.write(chunk)) await new Promise<void>((resume) => out.once('drain', () => resume()))
      }
      out.end()
      await finished(out)
      if (received !== claims.size)
        throw headerMismatch('content-length', `The upload must be exactly ${claims.size} bytes as declared (received ${received > claims.size ? 'more' : received})`)
      const sha256 = hash.digest('hex')
      // S3 answers BadDigest (400) when the bytes do not match the signed checksum.
      if (sha256 !== claims.sha256)
        throw headerMismatch('x-amz-checksum-sha256', `The bytes are not the declared file (SHA-256 ${sha256}, declared ${claims.sha256})`)
      // Description first, then the data: head() needs both, so a crash in between reads as "not uploaded", and
      // the description is the same for every upload to this key (it comes from the signed claims).
      const meta: Meta = { key: claims.key, size: claims.size, contentType: claims.type, sha256 }
      const metaPart = `${target}.${randomBytes(6).toString('hex')}.json.part`
      await writeFile(metaPart, JSON.stringify(meta))
      await rename(metaPart, `${target}.json`)
      // link() fails if the name exists: of two uploads racing to the same key exactly one creates it.
      try {
        await link(partial, `${target}.bin`)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return alreadyStored(c)
        throw err
      }
    } finally {
      // A client that hangs up mid-way (3G) leaves nothing behind: no open file, no partial bytes.
      out.destroy()
      await rm(partial, { force: true })
    }
    return c.body(null, 200)
  })

  routes.get(`${LOCAL_BLOB_PATH}/:token`, async (c) => {
    const claims = readBlobToken(secret, c.req.param('token'), 'get', now())
    const meta = await readMeta(claims.key)
    if (!meta) throw new AppError('not_found', 'The file is not there (not uploaded yet, or deleted)')
    const stream = Readable.toWeb(createReadStream(`${file(claims.key)}.bin`)) as ReadableStream
    return c.body(stream, 200, {
      'content-type': meta.contentType,
      'content-length': String(meta.size),
      'content-disposition': contentDisposition(claims.name),
      // Served from the app's own origin here (S3 is another origin): never let a browser guess another type.
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=600',
    })
  })

  return {
    routes,
    async createUpload(key, { contentType, size, sha256 }) {
      const exp = expiry(UPLOAD_URL_TTL_SECONDS)
      const token = signBlobToken(secret, { op: 'put', key, size, type: contentType, sha256, exp })
      // The same headers as S3's URL, so the browser's code path is one; here the token carries what they say.
      const headers = { 'content-type': contentType, 'if-none-match': '*', 'x-amz-checksum-sha256': hexToBase64(sha256) }
      return { url: url(token), method: 'PUT', headers, expiresAt: iso(exp) }
    },
    async createDownload(key, { filename }) {
      const exp = expiry(DOWNLOAD_URL_TTL_SECONDS)
      return { url: url(signBlobToken(secret, { op: 'get', key, name: filename, exp })), expiresAt: iso(exp) }
    },
    async head(key): Promise<BlobInfo | undefined> {
      const meta = await readMeta(key)
      return meta && { size: meta.size, contentType: meta.contentType, ...(meta.sha256 ? { sha256: meta.sha256 } : {}) }
    },
    async delete(key) {
      await rm(`${file(key)}.json`, { force: true })
      await rm(`${file(key)}.bin`, { force: true })
    },
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/** 412 like S3's answer to If-None-Match: * on an existing object (the error code is a stable 'conflict'). */
function alreadyStored(c: import('hono').Context): Response {
  const message = 'A file is already stored under this link; it cannot be replaced'
  return c.json(
    {
      error: {
        code: 'conflict',
        message,
        fields: [{ field: 'if-none-match', code: 'exists', message: { vi: 'Tệp đã được lưu, không thể ghi đè', en: message } }],
        details: { reason: 'exists' },
      },
    },
    412,
  )
}

function headerMismatch(header: 'content-type' | 'content-length' | 'x-amz-checksum-sha256', en: string): AppError {
  const vi = {
    'content-type': 'Loại tệp khác với loại đã khai báo',
    'content-length': 'Kích thước tệp khác với kích thước đã khai báo',
    'x-amz-checksum-sha256': 'Nội dung tệp khác với tệp đã khai báo (SHA-256 không khớp)',
  }[header]
  return new AppError('validation', en, { fields: [{ field: header, code: 'mismatch', message: { vi, en } }] })
}
