// The S3 blob store without AWS: S3Client.send is mocked (aws-sdk-client-mock) for head/delete, and presigning,
// which is local computation, runs for real so the URLs can be inspected.
import { createHash } from 'node:crypto'
import { DeleteObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { DOWNLOAD_URL_TTL_SECONDS, UPLOAD_URL_TTL_SECONDS } from '../../functions/src/blobs/blob-store'
import { createS3Client, s3BlobStore } from '../../functions/src/blobs/s3-blob-store'

const s3 = mockClient(S3Client)
afterEach(() => s3.reset())

const NOW = new Date('2025-04-01T03:00:00.000Z')
const client = createS3Client({
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret/example/0123456789abcdefghijklmnop' },
})
const store = s3BlobStore({ client, bucket: 'xa-so-quang-ngai-evidencebucket', now: () => NOW })
const KEY = 'evidence/qng-son-dung/2025/A3.1/6f1c'
const SHA = createHash('sha256').update('the declared bytes').digest('hex')
const SHA_B64 = Buffer.from(SHA, 'hex').toString('base64')

describe('s3BlobStore: presigned upload', () => {
  it('is a PUT to the object that signs content-type, content-length, the SHA-256 and If-None-Match, valid for an hour', async () => {
    const upload = await store.createUpload(KEY, { contentType: 'image/jpeg', size: 48_000, sha256: SHA })
    expect(upload.method).toBe('PUT')
    // S3 refuses bytes whose SHA-256 is not the signed one (400 BadDigest), and with If-None-Match: * refuses to
    // replace an object that exists (412): the URL uploads the declared file, once.
    expect(upload.headers).toEqual({ 'content-type': 'image/jpeg', 'if-none-match': '*', 'x-amz-checksum-sha256': SHA_B64 })
    expect(upload.expiresAt).toBe(new Date(NOW.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString())
    const url = new URL(upload.url)
    expect(url.hostname).toBe('xa-so-quang-ngai-evidencebucket.s3.ap-southeast-1.amazonaws.com')
    expect(url.pathname).toBe(`/${KEY}`)
    const q = url.searchParams
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256')
    expect(q.get('X-Amz-Expires')).toBe(String(UPLOAD_URL_TTL_SECONDS))
    // S3 recomputes the signature from these request headers: a different type or length fails it (403).
    expect(q.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host', 'if-none-match', 'x-amz-checksum-sha256']),
    )
    // The checksum is a header the browser must send (signed), not a query parameter; and no CRC32 of the (empty)
    // body the URL was signed with, which S3 would hold the real bytes against.
    expect([...q.keys()].filter((k) => /checksum|crc/i.test(k))).toEqual([])
    expect(q.get('x-id')).toBe('PutObject')
  })

  it('changes its signature, and only its signature, with the declared size, type or SHA-256', async () => {
    const base = new URL((await store.createUpload(KEY, { contentType: 'image/jpeg', size: 48_000, sha256: SHA })).url)
    for (const other of [
      { contentType: 'image/jpeg', size: 48_001, sha256: SHA },
      { contentType: 'image/png', size: 48_000, sha256: SHA },
      { contentType: 'image/jpeg', size: 48_000, sha256: 'ff'.repeat(32) },
    ]) {
      const url = new URL((await store.createUpload(KEY, other)).url)
      expect(url.searchParams.get('X-Amz-Signature'), JSON.stringify(other)).not.toBe(base.searchParams.get('X-Amz-Signature'))
      const strip = (u: URL) => {
        const copy = new URL(u)
        copy.searchParams.delete('X-Amz-Signature')
        return copy.toString()
      }
      // Size, type and hash are not in the URL at all: they are enforced only through the signature.
      expect(strip(url)).toBe(strip(base))
    }
  })
})

describe('s3BlobStore: presigned download', () => {
  it('is a short-lived GET that names the file (Vietnamese kept, ASCII fallback) for the browser', async () => {
    const download = await store.createDownload(KEY, { filename: 'Biên bản họp thôn "Tà Dô".pdf' })
    expect(download.expiresAt).toBe(new Date(NOW.getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString())
    const url = new URL(download.url)
    expect(url.pathname).toBe(`/${KEY}`)
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(DOWNLOAD_URL_TTL_SECONDS))
    expect(url.searchParams.get('x-id')).toBe('GetObject')
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `inline; filename="Bien ban hop thon _Ta Do_.pdf"; filename*=UTF-8''${encodeURIComponent('Biên bản họp thôn "Tà Dô".pdf')}`,
    )
  })
})

describe('s3BlobStore: head and delete', () => {
  it('head reports size, type and the SHA-256 S3 verified (asking for it with ChecksumMode)', async () => {
    s3.on(HeadObjectCommand, { Bucket: 'xa-so-quang-ngai-evidencebucket', Key: KEY, ChecksumMode: 'ENABLED' }).resolves({
      ContentLength: 48_000,
      ContentType: 'image/jpeg',
      ChecksumSHA256: SHA_B64,
    })
    expect(await store.head(KEY)).toEqual({ size: 48_000, contentType: 'image/jpeg', sha256: SHA })
    // Uploaded some other way (no checksum, or a multipart checksum of checksums): no hash to vouch for.
    s3.on(HeadObjectCommand).resolves({ ContentLength: 48_000, ContentType: 'image/jpeg' })
    expect(await store.head(KEY)).toEqual({ size: 48_000, contentType: 'image/jpeg' })
    s3.on(HeadObjectCommand).resolves({ ContentLength: 48_000, ContentType: 'image/jpeg', ChecksumSHA256: `${SHA_B64}-3` })
    expect(await store.head(KEY)).toEqual({ size: 48_000, contentType: 'image/jpeg' })
  })

  it('head is undefined for a missing object (S3 answers HEAD 404 as NotFound)', async () => {
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Not Found' }))
    expect(await store.head(KEY)).toBeUndefined()
  })

  it('turns throttling and S3 outages into unavailable (503, retry), and leaves access errors alone (a bug: 500)', async () => {
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Slow down' }))
    await expect(store.head(KEY)).rejects.toMatchObject({ code: 'unavailable' })
    s3.on(DeleteObjectCommand).rejects(new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'x' }))
    await expect(store.delete(KEY)).rejects.toBeInstanceOf(AppError)
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' }))
    await expect(store.head(KEY)).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  it('delete removes exactly that object', async () => {
    s3.on(DeleteObjectCommand).resolves({})
    await store.delete(KEY)
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'xa-so-quang-ngai-evidencebucket', Key: KEY }])
  })
})
