// The evidence routes on the S3 blob store, S3 itself mocked (aws-sdk-client-mock): what the API asks S3 and what
// it concludes from the answers when a confirmed file is attacked. S3's own refusals (412 for If-None-Match: *,
// 400 BadDigest for other bytes) rest on the signed headers checked in evidence-s3.test.ts.
import { createHash, randomBytes } from 'node:crypto'
import { DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Assessment } from '../../shared/assessment'
import { defaultRubric2025 } from '../../shared/rubric/default'
import { createS3Client, s3BlobStore } from '../../functions/src/blobs/s3-blob-store'
import { blobKey } from '../../functions/src/evidence/service'
import { createTestTable, type TestTable } from '../support/dynamo'
import { accounts, call, makeApp, seedFixtures, tokensFor, units, type TestApp } from './harness'

const s3 = mockClient(S3Client)
const bucket = 'xa-so-test-evidencebucket'
const client = createS3Client({
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret/example/0123456789abcdefghijklmnop' },
})

let table: TestTable
let app: TestApp
let t: Record<string, string>
let nextYear = 2040
const own = units.sonDung.id
const path = (year: number) => `/api/communes/${own}/assessments/${year}/evidence`
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const b64 = (b: Uint8Array) => createHash('sha256').update(b).digest('base64')

beforeAll(async () => {
  table = await createTestTable()
  await seedFixtures(table.store)
  app = makeApp(table.store, { blobs: s3BlobStore({ client, bucket }) })
  t = await tokensFor(app, 'officer', 'reviewer')
})
afterAll(() => table.raw.destroy())
beforeEach(() => s3.reset())

async function freshYear() {
  const year = nextYear++
  await table.store.rubrics.put({ ...defaultRubric2025, year })
  return year
}

async function declareAndConfirm(year: number, bytes: Uint8Array) {
  const res = await call(app, 'POST', path(year), {
    token: t.officer,
    body: { indicatorId: 'A3.1', filename: 'a.jpg', contentType: 'image/jpeg', size: bytes.length, sha256: hex(bytes) },
  })
  expect(res.status).toBe(201)
  const key = blobKey(res.body.evidence)
  // What S3 reports for an object uploaded through that URL: it verified the signed checksum.
  s3.on(HeadObjectCommand, { Bucket: bucket, Key: key }).resolves({ ContentLength: bytes.length, ContentType: 'image/jpeg', ChecksumSHA256: b64(bytes) })
  const done = await call(app, 'POST', `${path(year)}/${res.body.evidence.id}/complete`, { token: t.officer })
  expect(done.status).toBe(200)
  return { evidence: res.body.evidence, upload: res.body.upload, key }
}

describe('S3 evidence: confirmed files stay as confirmed', () => {
  it('the upload URL carries the hash S3 checks, and confirming asks S3 for the checksum it verified', async () => {
    const year = await freshYear()
    const bytes = new Uint8Array(randomBytes(3000))
    const { upload, key } = await declareAndConfirm(year, bytes)
    expect(upload.headers).toEqual({ 'content-type': 'image/jpeg', 'if-none-match': '*', 'x-amz-checksum-sha256': b64(bytes) })
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining(['if-none-match', 'x-amz-checksum-sha256']),
    )
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }])
  })

  it('bytes in the bucket that are not the declared ones are never confirmed, and are deleted', async () => {
    const year = await freshYear()
    const bytes = new Uint8Array(randomBytes(3000))
    const res = await call(app, 'POST', path(year), {
      token: t.officer,
      body: { indicatorId: 'A3.1', filename: 'a.jpg', contentType: 'image/jpeg', size: bytes.length, sha256: hex(bytes) },
    })
    const key = blobKey(res.body.evidence)
    const forged = new Uint8Array(randomBytes(3000))
    s3.on(HeadObjectCommand).resolves({ ContentLength: forged.length, ContentType: 'image/jpeg', ChecksumSHA256: b64(forged) })
    s3.on(DeleteObjectCommand).resolves({})
    const done = await call(app, 'POST', `${path(year)}/${res.body.evidence.id}/complete`, { token: t.officer })
    expect(done.status).toBe(409)
    expect(done.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['sha256'])
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: bucket, Key: key }])
    expect((await call(app, 'GET', path(year), { token: t.reviewer })).body).toEqual({ indicators: {} })
  })

  it('after confirming and after submitting: no new upload URL, no second confirmation, and S3 is not asked again', async () => {
    const year = await freshYear()
    const bytes = new Uint8Array(randomBytes(3000))
    const { evidence } = await declareAndConfirm(year, bytes)
    // Even if S3 now held other bytes under the key, a confirmed file is not looked at again: its record keeps
    // the hash it was confirmed with, and the audit event names it.
    s3.reset()
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3000, ContentType: 'image/jpeg', ChecksumSHA256: b64(new Uint8Array(randomBytes(3000))) })
    expect((await call(app, 'POST', `${path(year)}/${evidence.id}/upload`, { token: t.officer })).status).toBe(409)
    expect((await call(app, 'POST', `${path(year)}/${evidence.id}/complete`, { token: t.officer })).body.evidence.sha256).toBe(hex(bytes))

    const current = await table.store.assessments.get(own, year)
    await table.store.assessments.save(
      { communeId: own, year, status: 'submitted', version: (current?.version ?? 0) + 1, profile: {}, answers: {}, updatedAt: new Date().toISOString(), updatedBy: accounts.officer.id } as unknown as Assessment,
      current?.version ?? 0,
    )
    const late = new Uint8Array(randomBytes(3000))
    const declared = await call(app, 'POST', path(year), {
      token: t.officer,
      body: { indicatorId: 'A3.1', filename: 'b.jpg', contentType: 'image/jpeg', size: late.length, sha256: hex(late) },
    })
    expect(declared.status).toBe(409)
    expect(declared.body.error.code).toBe('not_editable')
    expect(s3.commandCalls(HeadObjectCommand)).toEqual([])
    const [view] = (await call(app, 'GET', path(year), { token: t.reviewer })).body.indicators['A3.1']
    expect(view).toMatchObject({ id: evidence.id, status: 'stored', sha256: hex(bytes) })
  })
})
