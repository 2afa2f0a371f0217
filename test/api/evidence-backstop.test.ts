// What the service does when the blob store misbehaves, with an in-memory fake in place of S3/disk: both real
// stores refuse a wrong upload, so these paths are only reachable this way.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors'
import type { BlobInfo, BlobStore } from '../../functions/src/blobs/blob-store'
import { createTestTable, type TestTable } from '../support/dynamo'
import { call, makeApp, seedFixtures, tokensFor, units, YEAR, type TestApp } from './harness'

const blobs = new Map<string, BlobInfo>()
const deleted: string[] = []
let failDelete = false
let failHead = false
const fake: BlobStore = {
  createUpload: async (key) => ({ url: `https://blobs.test/${key}`, method: 'PUT', headers: {}, expiresAt: '2099-01-01T00:00:00.000Z' }),
  createDownload: async (key) => ({ url: `https://blobs.test/${key}?get`, expiresAt: '2099-01-01T00:00:00.000Z' }),
  head: async (key) => {
    if (failHead) throw new AppError('unavailable', 'File storage is temporarily unavailable')
    return blobs.get(key)
  },
  delete: async (key) => {
    if (failDelete) throw new Error('S3 said no')
    deleted.push(key)
    blobs.delete(key)
  },
}

let table: TestTable
let app: TestApp
let t: Record<string, string>
const path = `/api/communes/${units.sonDung.id}/assessments/${YEAR}/evidence`
const keyOf = (url: string) => url.replace('https://blobs.test/', '')

beforeAll(async () => {
  table = await createTestTable()
  await seedFixtures(table.store)
  app = makeApp(table.store, { blobs: fake })
  t = await tokensFor(app, 'officer')
})
afterAll(() => table.raw.destroy())

const SHA = 'c0'.repeat(32)

async function declare(size = 1000, contentType = 'image/jpeg') {
  const res = await call(app, 'POST', path, { token: t.officer, body: { indicatorId: 'A3.1', filename: 'a.jpg', contentType, size, sha256: SHA } })
  expect(res.status).toBe(201)
  return { id: res.body.evidence.id as string, key: keyOf(res.body.upload.url) }
}

describe('complete: the bytes in storage are not the declared file', () => {
  it('another size or type: 409 naming the field, and the bytes are dropped', async () => {
    const sized = await declare(1000)
    blobs.set(sized.key, { size: 999, contentType: 'image/jpeg', sha256: SHA })
    const res = await call(app, 'POST', `${path}/${sized.id}/complete`, { token: t.officer })
    expect(res.status).toBe(409)
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['size'])
    expect(deleted).toContain(sized.key)

    const typed = await declare(1000)
    blobs.set(typed.key, { size: 1000, contentType: 'text/html', sha256: SHA })
    const other = await call(app, 'POST', `${path}/${typed.id}/complete`, { token: t.officer })
    expect(other.status).toBe(409)
    expect(other.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['contentType'])
  })

  it('other bytes (another SHA-256, or none recorded by the store): 409 naming sha256, dropped, not confirmed', async () => {
    for (const stored of [{ sha256: 'd1'.repeat(32) }, {}]) {
      const swapped = await declare(1000)
      blobs.set(swapped.key, { size: 1000, contentType: 'image/jpeg', ...stored })
      const res = await call(app, 'POST', `${path}/${swapped.id}/complete`, { token: t.officer })
      expect(res.status).toBe(409)
      expect(res.body.error.details.reason).toBe('mismatch')
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['sha256'])
      expect(deleted).toContain(swapped.key)
      expect((await table.store.evidence.get(units.sonDung.id, YEAR, swapped.id))?.status).toBe('pending')
    }
  })

  it('a pending file declared before hashes were required: 409 redeclare on renew and confirm', async () => {
    const legacy = await declare(1000)
    const item = (await table.store.evidence.get(units.sonDung.id, YEAR, legacy.id))!
    const { sha256: _dropped, ...withoutHash } = item
    await table.store.evidence.delete(item, { by: 'x', byName: 'x', role: 'system', at: new Date().toISOString(), version: 0 }, { editableStatuses: ['draft'], maxPerIndicator: 20 })
    await table.store.evidence.create(withoutHash, { editableStatuses: ['draft'], maxPerIndicator: 20 })
    blobs.set(legacy.key, { size: 1000, contentType: 'image/jpeg', sha256: SHA })
    for (const step of ['upload', 'complete']) {
      const res = await call(app, 'POST', `${path}/${legacy.id}/${step}`, { token: t.officer })
      expect(res.status, step).toBe(409)
      expect(res.body.error.details.reason, step).toBe('redeclare')
    }
  })

  it('storage unavailable: 503 with Retry-After, the file stays pending for a retry', async () => {
    const { id, key } = await declare(1000)
    blobs.set(key, { size: 1000, contentType: 'image/jpeg', sha256: SHA })
    failHead = true
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await call(app, 'POST', `${path}/${id}/complete`, { token: t.officer })
    quiet.mockRestore()
    failHead = false
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
    expect((await call(app, 'POST', `${path}/${id}/complete`, { token: t.officer })).body.evidence.status).toBe('stored')
  })
})

describe('delete: the bytes cannot be removed', () => {
  it('the record is deleted and the deletion logged anyway (the file is unreachable); the orphan is reported', async () => {
    const { id, key } = await declare(1000)
    failDelete = true
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call(app, 'DELETE', `${path}/${id}`, { token: t.officer })
    failDelete = false
    expect(res.status).toBe(200)
    expect(await table.store.evidence.list(units.sonDung.id, YEAR)).not.toContainEqual(expect.objectContaining({ id }))
    expect((await table.store.evidence.listDeletions(units.sonDung.id, YEAR)).map((d) => d.evidence.id)).toContain(id)
    expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toContain(key)
    logged.mockRestore()
  })
})

describe('no blob store configured', () => {
  it('is a server fault (500), never mistaken for bad input', async () => {
    const bare = makeApp(table.store)
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const token = (await tokensFor(bare, 'officer')).officer
    const res = await call(bare, 'POST', path, { token, body: { indicatorId: 'A3.1', filename: 'a.jpg', contentType: 'image/jpeg', size: 10, sha256: SHA } })
    quiet.mockRestore()
    expect(res.status).toBe(500)
  })
})
